"""The emulator's datasets and deployed models (LoRA adapters hot-loaded onto deployments).

Datasets exist when a test adds them (dataset creation was retired on 2026-11-15; list, get
and delete remain). A deployed model is ``DEPLOYING`` for ``deploy_seconds`` after it is
loaded, then ``DEPLOYED``; unloading removes it.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import attrs


def _timestamp(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


@attrs.define
class _Deployed:
    name: str
    model: str
    deployment: str
    created: float
    display_name: str | None = None


class Catalog:
    """Datasets and deployed models of one emulator, safe to use from its request threads."""

    def __init__(self, *, deploy_seconds: float, clock: Callable[[], float] = time.time) -> None:
        self.deploy_seconds = deploy_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._datasets: dict[str, float] = {}
        self._deployed: dict[str, _Deployed] = {}

    # -- datasets ------------------------------------------------------------------------------

    def add_dataset(self, name: str) -> None:
        """Make a dataset (full name) exist, READY."""
        with self._lock:
            self._datasets.setdefault(name, self._clock())

    def dataset_json(self, name: str) -> dict[str, Any] | None:
        """The dataset as Get answers it; None if it does not exist."""
        with self._lock:
            created = self._datasets.get(name)
        if created is None:
            return None
        return {"name": name, "state": "READY", "createTime": _timestamp(created)}

    def datasets_of(self, account: str) -> list[str]:
        """The names of ``account``'s datasets, oldest first."""
        prefix = f"accounts/{account}/datasets/"
        with self._lock:
            return [
                n
                for n, _ in sorted(self._datasets.items(), key=lambda i: i[1])
                if n.startswith(prefix)
            ]

    def delete_dataset(self, name: str) -> bool:
        """Delete a dataset; False if it did not exist."""
        with self._lock:
            return self._datasets.pop(name, None) is not None

    # -- deployed models -----------------------------------------------------------------------

    def load(self, account: str, model: str, deployment: str, display_name: str | None) -> str:
        """Load ``model`` onto ``deployment``; the new deployed model's name."""
        with self._lock:
            now = self._clock()
            digest = hashlib.sha256(f"{model}\n{deployment}\n{now}\n{len(self._deployed)}".encode())
            name = f"accounts/{account}/deployedModels/dm-{digest.hexdigest()[:12]}"
            self._deployed[name] = _Deployed(name, model, deployment, now, display_name)
            return name

    def deployed_json(self, name: str) -> dict[str, Any] | None:
        """The deployed model as Get answers it; None if it does not exist."""
        with self._lock:
            found = self._deployed.get(name)
            now = self._clock()
        if found is None:
            return None
        state = "DEPLOYED" if now - found.created >= self.deploy_seconds else "DEPLOYING"
        body: dict[str, Any] = {
            "name": found.name,
            "model": found.model,
            "deployment": found.deployment,
            "state": state,
            "createTime": _timestamp(found.created),
        }
        if found.display_name is not None:
            body["displayName"] = found.display_name
        return body

    def deployed_of(self, account: str) -> list[str]:
        """The names of ``account``'s deployed models, oldest first."""
        prefix = f"accounts/{account}/deployedModels/"
        with self._lock:
            items = sorted(self._deployed.values(), key=lambda d: (d.created, d.name))
            return [d.name for d in items if d.name.startswith(prefix)]

    def unload(self, name: str) -> bool:
        """Unload a deployed model; False if it did not exist."""
        with self._lock:
            return self._deployed.pop(name, None) is not None
