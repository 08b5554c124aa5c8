"""A string wrapper that never shows its value in a repr, str or format."""

from __future__ import annotations

from typing import Final

_MASK: Final = "**********"


class Secret:
    """Holds a secret string (the API key); ``repr``/``str`` print a mask instead."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def redact(self, text: str) -> str:
        """``text`` with this secret masked wherever it appears (a server may echo it)."""
        value = self._value
        return text.replace(value, _MASK) if value and value in text else text

    def get_secret_value(self) -> str:
        """Return the secret itself; only the transport calls this, to set the header."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{_MASK}')"

    def __str__(self) -> str:
        return _MASK

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)
