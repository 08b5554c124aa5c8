"""Where each request goes: the base URL, or the server the spec gives its operation.

The generated code passes paths (``/v1/...``); :class:`AbsoluteURLs` turns each into the
absolute URL once, and remembers it. Most operations go to the base URL. One that the bundled
``openapi.yaml`` gives servers of its own (path- or operation-level ``servers``, listed in
``_operation_servers.py`` by ``make generate``) goes to its first server, but only while the
client talks to the spec's own server (``https://api.fireworks.ai``): with any other base
URL (an emulator, a proxy, a staging host) every operation goes to the base URL, so that a
test never reaches production. The API key goes to the base URL's origin and to the https
origins of those operation servers, and nowhere else (:meth:`Routes.origins`).
"""

from __future__ import annotations

import re

import httpx

from ._auth import Origin, origin_of
from ._operation_servers import OPERATION_SERVERS, SPEC_SERVER


def _same(url: httpx.URL, other: str) -> bool:
    return str(url).rstrip("/") == other.rstrip("/")


class Routes:
    """The operations that go to a server of their own, for one base URL."""

    def __init__(
        self,
        base_url: httpx.URL,
        table: tuple[tuple[str, str, str], ...] | None = None,
        spec_server: str | None = None,
    ) -> None:
        table = OPERATION_SERVERS if table is None else table
        spec_server = SPEC_SERVER if spec_server is None else spec_server
        self.enabled: bool = (
            bool(table) and spec_server is not None and _same(base_url, spec_server)
        )
        prefix = str(base_url).rstrip("/")
        routes = []
        for method, template, server in table if self.enabled else ():
            absolute = server if re.match(r"^https?://", server) else prefix + server
            pattern = re.compile(re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)))
            literal = len(re.sub(r"\{[^}]+\}", "", template))
            routes.append((literal, method, pattern, absolute.rstrip("/")))
        # The most specific template first: /jobs/{id}:resume before /jobs/{id}.
        self._routes = [r[1:] for r in sorted(routes, key=lambda r: r[0], reverse=True)]

    def server_for(self, method: str, path: str) -> str | None:
        """The server of the operation at ``method path``, if it has one of its own."""
        wanted = method.upper()
        for route_method, pattern, server in self._routes:
            if route_method == wanted and pattern.fullmatch(path):
                return server
        return None

    def origins(self) -> frozenset[Origin]:
        """The https origins of the operation servers in use (the key may go there)."""
        urls = [httpx.URL(server) for _, _, server in self._routes]
        return frozenset(origin_of(url) for url in urls if url.scheme == "https")


class AbsoluteURLs:
    """The absolute URL of each request path, parsed once per method and path.

    httpx merges a relative URL into ``base_url`` by re-validating every component on every
    request; the sender hands httpx the absolute URL instead: the same URL, the same bytes.
    """

    #: Paths remembered at most (they hold job and model IDs); past that the cache restarts.
    MAX_PATHS = 1024

    def __init__(self, base_url: httpx.URL, routes: Routes | None = None) -> None:
        # httpx joins "/v1/x" under "https://h/prefix" as "https://h/prefix/v1/x".
        self._prefix = str(base_url).rstrip("/")
        self.routes: Routes = routes or Routes(base_url)
        self._cache: dict[tuple[str, str], httpx.URL] = {}

    def __call__(self, method: str, url: httpx.URL | str) -> httpx.URL | str:
        """The absolute URL for a path such as ``/v1/...``; anything else unchanged."""
        if not isinstance(url, str) or not url.startswith("/"):
            return url
        key = (method, url)
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= self.MAX_PATHS:
                self._cache.clear()
            server = self.routes.server_for(method, url.split("?", 1)[0])
            found = self._cache[key] = httpx.URL((server or self._prefix) + url)
        return found
