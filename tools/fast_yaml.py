"""Reading YAML with libyaml when PyYAML was built with it (about 8x faster on the specs).

The specs are hundreds of KB; the spec bump and its tests read them many times. The
objects are the same as ``yaml.safe_load``'s (a safe loader either way); writing YAML keeps
the pure-Python dumper, whose output ``openapi.yaml`` is byte-for-byte.
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load(data: str | bytes) -> Any:
    """``yaml.safe_load(data)``, with libyaml where available."""
    return yaml.load(data, Loader=_LOADER)  # noqa: S506 - a safe loader
