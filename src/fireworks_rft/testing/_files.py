"""The emulator's stand-in for the host of signed URLs: trainer logs and dataset uploads.

Fireworks hands out signed URLs on another host (a cloud bucket) for a trainer's public log
and for a dataset's upload. :class:`SignedFiles` is a second local HTTP server that plays
that host: a URL carries a signature (a random token) and serves one file; a GET reads a
log, a PUT stores an upload. Like a bucket, it knows nothing of the API key: a request that
carries an ``Authorization`` header is refused (403), so a test proves the SDK never sends
the key there. Only GET and PUT are served.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from urllib.parse import parse_qsl, urlsplit

from ._server import Answer, Limits, Server, Server6, make_handler


class SignedFiles:
    """Files behind signed URLs, served from a second loopback server."""

    def __init__(self, limits: Limits) -> None:
        self._limits = limits
        self._lock = threading.Lock()
        self._files: dict[str, tuple[str, Callable[[], bytes] | None]] = {}  # path -> signature
        self._uploads: dict[str, bytes] = {}
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self.refused: list[str] = []  # paths of requests refused for carrying a key

    def start(self, host: str) -> None:
        """Serve on ``host`` and an OS-chosen port."""
        kind = Server6 if ":" in host else Server
        server = kind((host, 0), make_handler(self._answer, self._limits))
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="FakeGateway-files", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop serving."""
        server, self._server = self._server, None
        if server is not None:
            server.shutdown()
            server.server_close()
            if self._thread is not None:
                self._thread.join(timeout=5)

    def reset(self) -> None:
        """Forget every signed URL and upload."""
        with self._lock:
            self._files.clear()
            self._uploads.clear()
            self.refused.clear()

    def sign(self, path: str, read: Callable[[], bytes] | None = None) -> str:
        """A signed URL of ``path``: a GET answers ``read()``; None: a PUT stores an upload."""
        if self._server is None:
            raise RuntimeError("the emulator's file host is not running")
        signature = secrets.token_hex(8)
        with self._lock:
            self._files[path] = (signature, read)
        host, port = self._server.server_address[:2]
        shown = host.decode() if isinstance(host, bytes) else host
        shown = f"[{shown}]" if ":" in shown else shown
        return f"http://{shown}:{port}{path}?signature={signature}"

    def upload(self, path: str) -> bytes | None:
        """What was PUT to ``path``; None if nothing was."""
        with self._lock:
            return self._uploads.get(path)

    def _answer(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, rid: str
    ) -> Answer:
        split = urlsplit(target)
        if any(name.lower() == "authorization" for name, _ in headers):
            with self._lock:
                self.refused.append(split.path)
            return Answer(403, b"signed URLs take no Authorization header", {})
        with self._lock:
            signed = self._files.get(split.path)
        given = dict(parse_qsl(split.query)).get("signature")
        if signed is None or given != signed[0]:
            return Answer(403, b"signature does not match", {})
        read = signed[1]
        if method == "GET" and read is not None:
            return Answer(200, read(), {"Content-Type": "text/plain; charset=utf-8"})
        if method == "PUT" and read is None:
            with self._lock:
                self._uploads[split.path] = body
            return Answer(200, b"", {})
        return Answer(405, b"only GET (logs) and PUT (uploads)", {})
