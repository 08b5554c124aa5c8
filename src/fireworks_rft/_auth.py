"""The API key and where it may go: the secret, the one origin it is sent to, the proxy rule.

The key is held by :class:`Secret`, which never shows it. :class:`Credentials` sends it only
to the base URL's origin, and :func:`redact` masks it in any text or value a server sent back.
A proxy sees the key only inside TLS (see :func:`uses_env_proxies`).
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

import httpx

MASK: Final = "**********"
#: Keys shorter than this are not searched for in server text: a real Fireworks key is far
#: longer, and masking every "k" of an answer would wreck it (the key is still never shown).
MIN_REDACTED_LENGTH: Final = 8


class Secret:
    """Holds a secret string (the API key); ``repr``/``str``/pickle never show its value."""

    __slots__ = ("_encoded", "_value")

    def __init__(self, value: str) -> None:
        self._value = value
        self._encoded = value.encode()

    def redact(self, text: str) -> str:
        """``text`` with this secret masked wherever it appears (a server may echo it)."""
        value = self._value
        if len(value) < MIN_REDACTED_LENGTH or value not in text:
            return text
        return text.replace(value, MASK)

    def redact_bytes(self, content: bytes) -> bytes:
        """``content`` with this secret masked wherever it appears; see :meth:`redact`."""
        value = self._encoded
        if len(value) < MIN_REDACTED_LENGTH or value not in content:
            return content
        return content.replace(value, MASK.encode())

    def found_in(self, headers: list[tuple[bytes, bytes]]) -> bool:
        """Whether this secret appears in any of these raw header values."""
        value = self._encoded
        if len(value) < MIN_REDACTED_LENGTH:
            return False
        for _, header_value in headers:  # noqa: SIM110 (a loop: any() costs more per call)
            if value in header_value:
                return True
        return False

    def get_secret_value(self) -> str:
        """Return the secret itself; only the transport calls this, to set the header."""
        return self._value

    def __repr__(self) -> str:
        return f"Secret('{MASK}')"

    def __str__(self) -> str:
        return MASK

    def __reduce__(self) -> Any:
        raise TypeError("a Secret cannot be pickled; pass the API key to each process instead")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


def redact(value: Any, secret: Secret | None) -> Any:
    """``value`` (text, or parsed JSON) with ``secret`` masked in every string and key."""
    if secret is None:
        return value
    if isinstance(value, str):
        return secret.redact(value)
    if isinstance(value, dict):
        return {redact(key, secret): redact(item, secret) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [redact(item, secret) for item in value]
    return value


Origin = tuple[bytes, str, int | None]


def origin_of(url: httpx.URL) -> Origin:
    """The scheme, host and port of ``url``."""
    return (url.raw_scheme, url.host, url.port)


class Credentials(NamedTuple):
    """The API key and the origins it may be sent to (the base URL's, by default)."""

    api_key: Secret
    origins: frozenset[Origin]

    @classmethod
    def for_base_url(
        cls, api_key: Secret, base_url: httpx.URL, also: frozenset[Origin] = frozenset()
    ) -> Credentials:
        """Credentials sent only to ``base_url``'s scheme, host and port (and ``also``)."""
        return cls(api_key, frozenset({origin_of(base_url)}) | also)

    def applies_to(self, url: httpx.URL) -> bool:
        """Whether the key may be sent with a request to ``url``."""
        return origin_of(url) in self.origins

    def authorization(self) -> str:
        """The Authorization header value; only the transport calls this."""
        return "Bearer " + self.api_key.get_secret_value()

    def __repr__(self) -> str:
        return f"Credentials(api_key={self.api_key!r})"


def is_loopback(host: str) -> bool:
    """Whether ``host`` is localhost or a loopback address (127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    import ipaddress  # imported when first needed (~1 ms)

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def uses_env_proxies(base_url: httpx.URL) -> bool:
    """Whether the SDK-owned pool may read proxy settings (HTTP(S)_PROXY) from the environment.

    Only for an https:// base URL off this machine: there a proxy sees a CONNECT tunnel, and
    the key travels inside TLS. A loopback or http:// base URL never goes through a proxy,
    so the key never travels in clear to a proxy.
    """
    return base_url.scheme == "https" and not is_loopback(base_url.host)


def env_proxies_plain_http(client: httpx.Client | httpx.AsyncClient, url: httpx.URL) -> bool:
    """Whether the user's ``client`` would send the http:// ``url`` through an env proxy.

    Only public facts are read: the client's ``trust_env`` and the environment, as urllib
    reads it (``HTTP_PROXY``/``ALL_PROXY``, ``NO_PROXY``). A proxy given to the client itself
    (``proxy=``, ``mounts=``) is not visible through httpx's public interface: with an
    http:// base URL and your own client, its proxies are yours to check.
    """
    if url.scheme != "http" or not client.trust_env:
        return False
    import urllib.request

    proxies = urllib.request.getproxies()
    if not (proxies.get("http") or proxies.get("all")):
        return False
    bypass: Any = getattr(urllib.request, "proxy_bypass_environment")  # noqa: B009 - untyped
    return not bypass(url.host, proxies)
