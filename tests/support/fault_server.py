"""A fault-injection HTTP server on 127.0.0.1 (OS-chosen port) for tests.

It counts every request it receives and answers each from a script of :class:`Action`s. An
action says whether the server *executed* the step before answering, so tests can assert a
step never ran twice, whatever the client saw.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import attrs


@attrs.frozen
class Action:
    """How the server answers one request.

    ``drop``: read the request, then close the connection without answering.
    ``delay``: seconds to wait before answering (a response slower than the client's timeout).
    ``executes``: the server ran the step before answering (or failing to).
    """

    status: int = 200
    body: bytes = b"{}"
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "application/json"),)
    delay: float = 0.0
    drop: bool = False
    executes: bool = False

    @classmethod
    def json(cls, status: int, payload: Any, *, executes: bool = False, **headers: str) -> Action:
        return cls(
            status=status,
            body=json.dumps(payload).encode(),
            headers=(("Content-Type", "application/json"), *headers.items()),
            executes=executes,
        )


OK = Action(status=200, executes=True)


@attrs.define
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@attrs.define
class FaultServer:
    """The server's state: its script, what it received, what it executed."""

    script: list[Action] = attrs.field(factory=list)
    default: Action = OK
    received: list[Received] = attrs.field(factory=list)
    executions: int = 0
    connections: int = 0
    url: str = ""
    _lock: threading.Lock = attrs.field(factory=threading.Lock)

    @property
    def attempts(self) -> int:
        return len(self.received)

    def next_action(self, received: Received) -> Action:
        with self._lock:
            self.received.append(received)
            action = self.script.pop(0) if self.script else self.default
            if action.executes:
                self.executions += 1
            return action


def _handler(state: FaultServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            with state._lock:
                state.connections += 1

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            action = state.next_action(
                Received(self.command, self.path, dict(self.headers.items()), body)
            )
            if action.delay:
                time.sleep(action.delay)
            if action.drop:
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(action.status)
            for key, value in action.headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(action.body)))
            self.end_headers()
            try:
                self.wfile.write(action.body)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _serve

    return Handler


@contextmanager
def fault_server(*script: Action, default: Action = OK) -> Iterator[FaultServer]:
    """Run a :class:`FaultServer` on 127.0.0.1 for the duration of the block."""
    state = FaultServer(script=list(script), default=default)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def refused_port() -> int:
    """A loopback port with nothing listening on it."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
