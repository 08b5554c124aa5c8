"""Local wheels of installed distributions, so install tests never need a package index.

A wheel is a zip of a distribution's files and its ``.dist-info``; an installed
distribution lists exactly those files in its ``RECORD``. :func:`wheelhouse` writes one wheel
per distribution of a requirement's closure (as this environment resolved it), so that
``pip install --no-index --find-links <folder>`` installs them with the index unreachable.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


def closure(names: list[str]) -> list[metadata.Distribution]:
    """The installed distributions ``names`` need, themselves included (no extras)."""
    found: dict[str, metadata.Distribution] = {}
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop())
        if name in found:
            continue
        dist = found[name] = metadata.distribution(name)
        for line in dist.requires or []:
            requirement = Requirement(line)
            if requirement.marker is None or requirement.marker.evaluate({"extra": ""}):
                todo.append(requirement.name)
    return list(found.values())


def rewheel(dist: metadata.Distribution, folder: Path) -> Path:
    """A wheel of an installed (pure-Python) distribution, written into ``folder``."""
    name = canonicalize_name(dist.metadata["Name"]).replace("-", "_")
    target = folder / f"{name}-{dist.version}-py3-none-any.whl"
    records: list[str] = []
    record_path = None
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as wheel:
        for file in dist.files or []:
            path = str(file)
            if path.endswith(".pyc") or path.startswith(".."):
                continue  # bytecode, and scripts installed outside site-packages
            if path.endswith(".dist-info/RECORD"):
                record_path = path
                continue
            data = Path(str(file.locate())).read_bytes()
            wheel.writestr(path, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=")
            records.append(f"{path},sha256={digest.decode()},{len(data)}")
        assert record_path is not None, f"{dist.metadata['Name']} has no RECORD"
        records.append(f"{record_path},,")
        wheel.writestr(record_path, "\n".join(records) + "\n")
    return target


def wheelhouse(names: list[str], folder: Path) -> Path:
    """A folder of local wheels: ``names`` and everything they need."""
    folder.mkdir(parents=True, exist_ok=True)
    for dist in closure(names):
        rewheel(dist, folder)
    return folder
