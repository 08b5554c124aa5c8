"""The emulator's datasets, training shapes and deployed models (hot-loaded LoRAs).

A dataset exists once a test adds it (READY), or once it is created through the API
(``UPLOADING``) and turns READY when its uploaded file is validated. A training shape has
versions, each validated or not, at most one the latest validated. A deployed model is
``DEPLOYING`` for ``deploy_seconds`` after it is loaded, then ``DEPLOYED``; unloading
removes it.
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
        self._datasets: dict[str, tuple[float, str]] = {}  # name -> (created, state)
        self._deployed: dict[str, _Deployed] = {}
        self._shapes: dict[str, tuple[float, list[tuple[str, bool]]]] = {}

    # -- datasets ------------------------------------------------------------------------------

    def add_dataset(self, name: str, state: str = "READY") -> bool:
        """Make a dataset (full name) exist; False if it existed already."""
        with self._lock:
            if name in self._datasets:
                return False
            self._datasets[name] = (self._clock(), state)
            return True

    def set_dataset_state(self, name: str, state: str) -> None:
        """Move an existing dataset to ``state``."""
        with self._lock:
            self._datasets[name] = (self._datasets[name][0], state)

    def dataset_json(self, name: str) -> dict[str, Any] | None:
        """The dataset as Get answers it; None if it does not exist."""
        with self._lock:
            found = self._datasets.get(name)
        if found is None:
            return None
        return {"name": name, "state": found[1], "createTime": _timestamp(found[0])}

    def datasets_of(self, account: str) -> list[str]:
        """The names of ``account``'s datasets, oldest first."""
        prefix = f"accounts/{account}/datasets/"
        with self._lock:
            return [
                n
                for n, _ in sorted(self._datasets.items(), key=lambda i: i[1][0])
                if n.startswith(prefix)
            ]

    def delete_dataset(self, name: str) -> bool:
        """Delete a dataset; False if it did not exist."""
        with self._lock:
            return self._datasets.pop(name, None) is not None

    # -- training shapes -----------------------------------------------------------------------

    def add_training_shape(self, name: str, versions: list[tuple[str, bool]]) -> None:
        """Make a shape (full name) with ``versions``: ``(id, validated)``, oldest first."""
        with self._lock:
            self._shapes[name] = (self._clock(), list(versions))

    def shapes_of(self, account: str) -> list[str]:
        """The names of ``account``'s training shapes."""
        prefix = f"accounts/{account}/trainingShapes/"
        with self._lock:
            return sorted(n for n in self._shapes if n.startswith(prefix))

    def shape_json(self, name: str) -> dict[str, Any] | None:
        """The shape as Get answers it; None if it does not exist."""
        with self._lock:
            found = self._shapes.get(name)
        if found is None:
            return None
        return {
            "name": name,
            "createTime": _timestamp(found[0]),
            "baseModel": "accounts/fireworks/models/qwen3-8b",
            "trainerImageTag": "emulator",
        }

    def versions_json(self, shape: str) -> list[dict[str, Any]] | None:
        """The shape's versions, oldest first; None if the shape does not exist."""
        with self._lock:
            found = self._shapes.get(shape)
        if found is None:
            return None
        validated = [v for v, ok in found[1] if ok]
        latest = validated[-1] if validated else None
        body = self.shape_json(shape)
        return [
            {
                "name": f"{shape}/versions/{version}",
                "createTime": _timestamp(found[0] + index),
                "snapshot": body,
                "validated": ok,
                "latestValidated": version == latest,
            }
            for index, (version, ok) in enumerate(found[1])
        ]

    def version_usable(self, name: str) -> bool:
        """Whether a shape, a version or ``.../versions/latest`` names a validated version."""
        shape, _, version = name.partition("/versions/")
        versions = self.versions_json(shape) or []
        if version in ("", "latest"):
            return any(v["latestValidated"] for v in versions)
        return any(v["name"] == name and v["validated"] for v in versions)

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
        deployed = now - found.created >= self.deploy_seconds
        # Assumption (as for models): updateTime is when its state last changed.
        changed = found.created + (self.deploy_seconds if deployed else 0.0)
        body: dict[str, Any] = {
            "name": found.name,
            "model": found.model,
            "deployment": found.deployment,
            "state": "DEPLOYED" if deployed else "DEPLOYING",
            "createTime": _timestamp(found.created),
            "updateTime": _timestamp(changed),
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
