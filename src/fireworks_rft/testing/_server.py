"""The emulator's HTTP server: reads requests within bounds and writes the answers it is given.

Bounds, so that no client can hold the emulator: a request body larger than
``max_body_bytes`` is answered 413 unread; a Content-Length that is not a plain decimal is
answered 400; each request must arrive whole within ``request_timeout`` seconds (a client
that drips bytes is cut off), and a connection silent for ``idle_timeout`` is closed.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import sys
import threading
import time
import uuid
from collections.abc import Callable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, NamedTuple

import attrs

logger = logging.getLogger("fireworks_rft.emulator")

#: gRPC status codes, as grpc-gateway puts them in its error bodies.
GRPC_INVALID_ARGUMENT = 3
_CONTENT_LENGTH = re.compile(r"[0-9]{1,15}")


@attrs.frozen
class Answer:
    """An HTTP answer to write: status, body, headers, and how to deliver it."""

    status: int
    body: bytes
    headers: Mapping[str, str]
    delay: float = 0.0
    drop: bool = False


def json_answer(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> Answer:
    """A JSON answer."""
    return Answer(
        status,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", **(headers or {})},
    )


def error_answer(status: int, code: int, message: str) -> Answer:
    """A grpc-gateway error answer ``{"code", "message", "details"}``."""
    return json_answer(status, {"code": code, "message": message, "details": []})


class Limits(NamedTuple):
    """How long and how large a request may be."""

    idle_timeout: float
    request_timeout: float
    max_body_bytes: int


#: answer(method, target, headers, body, request_id) -> Answer
Responder = Callable[[str, str, list[tuple[str, str]], bytes, str], Answer]


class Server(ThreadingHTTPServer):
    """A threading HTTP server whose listen backlog takes a burst of concurrent clients."""

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when 100 clients connect at once.
    request_queue_size = 1024

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that reset or dropped its connection is no error: say nothing."""
        if isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]


class Server6(Server):
    """The same, on IPv6."""

    address_family = socket.AF_INET6


def make_handler(respond: Responder, limits: Limits) -> type[BaseHTTPRequestHandler]:
    """The request handler class of one emulator."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeGateway"
        sys_version = ""
        timeout = limits.idle_timeout  # socket timeout: a silent client is cut off

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in separate writes: without this, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every keep-alive request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr access log; the emulator logs under logging."""

        def handle_one_request(self) -> None:
            # The whole request (line, headers, body) must arrive within request_timeout:
            # a per-read timeout alone lets a client drip one byte at a time forever.
            watchdog = threading.Timer(limits.request_timeout, self._cut_off)
            watchdog.daemon = True
            self._watchdog = watchdog
            watchdog.start()
            try:
                super().handle_one_request()
            finally:
                watchdog.cancel()

        def _cut_off(self) -> None:
            self.close_connection = True
            with contextlib.suppress(OSError):
                self.connection.shutdown(socket.SHUT_RDWR)

        def _refuse(self, status: int, message: str) -> None:
            """Answer an error and close: what follows on this connection cannot be trusted."""
            answer = error_answer(status, GRPC_INVALID_ARGUMENT, message)
            self.close_connection = True
            self.send_response(status)
            for key, value in {"Connection": "close", **answer.headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(answer.body)
            logger.info("%s %s -> %d (%s)", self.command, self.path, status, message)

        def _read_body(self) -> bytes | None:
            """The request body, or None after refusing a body it cannot read."""
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                self._refuse(400, "chunked request bodies are not supported; send Content-Length")
                return None
            values = self.headers.get_all("Content-Length") or ["0"]
            raw = values[0].strip()
            if len(set(values)) != 1 or not (raw.isascii() and _CONTENT_LENGTH.fullmatch(raw)):
                self._refuse(400, f"invalid Content-Length {values[0][:20]!r}")
                return None
            length = int(raw)
            if length > limits.max_body_bytes:
                self._refuse(413, f"request body over {limits.max_body_bytes} bytes")
                return None
            try:
                body = self.rfile.read(length) if length > 0 else b""
            except (TimeoutError, OSError):
                body = b""
            if len(body) != length:
                self._refuse(400, f"the body ended after {len(body)} of {length} bytes")
                return None
            return body

        def _handle(self) -> None:
            request_id = uuid.uuid4().hex
            body = self._read_body()
            if body is None:
                return
            self._watchdog.cancel()  # the request is in; answering may take scripted delays
            answer = respond(self.command, self.path, list(self.headers.items()), body, request_id)
            if answer.delay > 0:
                time.sleep(answer.delay)
            if answer.drop:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(answer.status)
            for key, value in {"x-request-id": request_id, **answer.headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            if self.command == "HEAD":
                return
            try:
                self.wfile.write(answer.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = _handle

    return Handler
