"""The OpenAPI spec this package implements, shipped inside the package."""

from __future__ import annotations

from pathlib import Path

SPEC_FILENAME = "openapi.yaml"


def spec_text() -> str:
    """Return the text of the bundled ``openapi.yaml``.

    A wheel carries it as ``fireworks_rft/openapi.yaml``. In a source checkout (an editable
    install) it is the repository's root ``openapi.yaml``.
    """
    from importlib import resources

    packaged = resources.files("fireworks_rft").joinpath(SPEC_FILENAME)
    if packaged.is_file():
        return packaged.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / SPEC_FILENAME
    if checkout.is_file():
        return checkout.read_text(encoding="utf-8")
    raise FileNotFoundError(
        f"{SPEC_FILENAME} is missing from the fireworks_rft package; reinstall fireworks-rft"
    )
