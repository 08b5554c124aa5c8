"""Contains shared errors types that can be raised from API functions"""

from typing import Protocol, runtime_checkable

import httpx


class UnexpectedStatus(Exception):
    """Raised by api functions when the response status an undocumented status and Client.raise_on_unexpected_status is True"""

    def __init__(self, status_code: int, content: bytes):
        self.status_code = status_code
        self.content = content

        super().__init__(
            f"Unexpected status code: {status_code}\n\nResponse content:\n{content.decode(errors='ignore')}"
        )


class UnexpectedResponse(Exception):
    """Raised by api functions when a documented response's body does not match the spec."""

    def __init__(
        self, status_code: int, content: bytes, headers: httpx.Headers, error: Exception
    ):
        self.status_code = status_code
        self.content = content
        self.headers = headers
        self.error = error

        super().__init__(
            f"Status {status_code}: the body does not match the spec ({type(error).__name__}: {error})"
        )


@runtime_checkable
class MakesResponseErrors(Protocol):
    """A client that builds its own exception for a response whose body does not match the spec."""

    def response_parse_error(
        self, response: httpx.Response, error: Exception
    ) -> Exception: ...


def response_parse_error(
    client: object, response: httpx.Response, error: Exception
) -> Exception:
    """The exception to raise when ``response`` cannot be parsed: the client's own, if it makes one."""
    if isinstance(client, MakesResponseErrors):
        return client.response_parse_error(response, error)
    return UnexpectedResponse(
        response.status_code, response.content, response.headers, error
    )


__all__ = [
    "MakesResponseErrors",
    "UnexpectedResponse",
    "UnexpectedStatus",
    "response_parse_error",
]
