"""``FakeGateway``: a local, spec-validating stand-in for the Fireworks Gateway API."""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import attrs

from .._config import is_loopback
from ._openapi import (
    GRPC_INTERNAL,
    GRPC_INVALID_ARGUMENT,
    GRPC_NOT_FOUND,
    GRPC_UNAUTHENTICATED,
    Match,
    Rejection,
    SpecValidator,
)
from ._resources import Resources, step_name_problem

logger = logging.getLogger("fireworks_rft.emulator")

#: operationIds of the Gateway spec that the emulator gives behaviour to.
EXECUTE_TRAIN_STEP = "Gateway_ExecuteRlorTrainStep"
GET_JOB = "Gateway_GetRlorTrainerJob"
DELETE_JOB = "Gateway_DeleteRlorTrainerJob"
GET_MODEL = "Gateway_GetModel"
#: Seconds from a step to its READY output model, by default (404, then UPLOADING, then READY).
DEFAULT_STEP_SECONDS = 1.0
#: The key ``FakeGateway.api_key`` gives when the emulator was not given one to expect.
DEFAULT_FAKE_KEY = "fw-fake-key-for-the-emulator"


@attrs.frozen
class ExecutedStep:
    """A training step the emulator executed."""

    job: str
    account_id: str
    job_id: str
    dataset: str
    output_model: str
    time: float
    request_id: str


@attrs.frozen
class ReceivedRequest:
    """A request the emulator received; its headers are kept, but for Authorization."""

    method: str
    path: str
    operation_id: str
    status: int | None
    request_id: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)


@attrs.frozen
class ScriptedResponse:
    """How the emulator answers the next valid request, instead of its normal answer.

    Args:
        status: The HTTP status.
        body: A JSON-able value, ``str`` or ``bytes``. None: ``{}`` for a 2xx, else a
            grpc-gateway error body ``{"code", "message", "details"}``.
        headers: Extra response headers.
        delay: Seconds to wait before answering (e.g. longer than the client's timeout).
        drop: Close the connection without answering.
        executes: Whether the step runs before this answer. None: when the status is 2xx.
            ``ScriptedResponse(drop=True, executes=True)`` is the lost-response case.
    """

    status: int = 200
    body: Any = None
    headers: Mapping[str, str] = attrs.field(factory=dict)
    delay: float = 0.0
    drop: bool = False
    executes: bool | None = None

    def runs_step(self) -> bool:
        """Whether the step counts as executed when this answer is used."""
        if self.executes is not None:
            return self.executes
        return 200 <= self.status < 300 and not self.drop


class _Server(ThreadingHTTPServer):
    """A threading HTTP server whose listen backlog takes a burst of concurrent clients."""

    daemon_threads = True
    # socketserver's default backlog of 5 resets connections when 100 clients connect at once.
    request_queue_size = 1024


class _Server6(_Server):
    address_family = socket.AF_INET6


#: Seconds a connection may stay silent (mid-request or between requests) before it is closed.
DEFAULT_IDLE_TIMEOUT = 10.0


@attrs.frozen
class _Answer:
    status: int
    body: bytes
    headers: Mapping[str, str]
    delay: float = 0.0
    drop: bool = False


class FakeGateway:
    """A fake Gateway API on a real HTTP server (127.0.0.1, an OS-chosen port by default).

    It validates every request against the bundled ``openapi.yaml`` (path, method, bearer
    auth, content type, body schema) and answers as the gateway would: 200 ``{}`` for a valid
    step; 400 with ``{"code": 3, "message", "details": []}`` for an invalid request (including
    a dataset or output model that is not a full resource name in the job's account); 401
    with no bearer token, or the wrong one when ``api_key`` was given; 404 for an unknown job
    when ``known_jobs`` was given. Every answer has an ``x-request-id`` header, and every
    answer it makes up is checked against the spec.

    Steps have a lifecycle: a step's output model does not exist for the first half of
    ``step_seconds`` (404), is ``UPLOADING`` for the second half, then ``READY``. Jobs report
    ``JOB_STATE_RUNNING`` with ``keepAlive: true`` until :meth:`set_job_state` moves them.

    Example::

        with FakeGateway() as gw:
            client = fireworks_rft.Client(base_url=gw.url, api_key=gw.api_key, account_id="a")
            client.execute_train_step("job", dataset="d", output_model="m")
            assert len(gw.steps) == 1

    Args:
        host: Where to listen; a loopback address unless ``allow_remote`` is True.
        port: 0 lets the OS choose.
        api_key: The bearer token to expect; None accepts any token.
        known_jobs: Job IDs or full names that exist; None: every job exists.
        allow_remote: Allow listening on a non-loopback address.
        spec: An OpenAPI document (a parsed dict) to serve instead of the bundled one.
        step_seconds: Seconds from a step to its READY output model (0: at once).
        idle_timeout: Seconds a connection may stay silent before it is closed (a client
            that never finishes its request cannot hold a thread for longer).
    """

    def __init__(
        self,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        api_key: str | None = None,
        known_jobs: Iterable[str] | None = None,
        allow_remote: bool = False,
        spec: Mapping[str, Any] | None = None,
        step_seconds: float = DEFAULT_STEP_SECONDS,
        idle_timeout: float = DEFAULT_IDLE_TIMEOUT,
    ) -> None:
        if not isinstance(host, str) or not host:
            raise TypeError("host must be a non-empty str")
        if not allow_remote and not is_loopback(host):
            raise ValueError(
                f"FakeGateway listens on loopback only; host={host!r} is not a loopback address. "
                "Pass allow_remote=True to listen on it anyway."
            )
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port must be an int from 0 to 65535, got {port!r}")
        self._host = host
        self._port = port
        self._expected_key = api_key
        jobs = None if known_jobs is None else {str(job) for job in known_jobs}
        self._known_jobs = jobs
        self._validator = SpecValidator.bundled() if spec is None else SpecValidator(spec)
        self._resources = Resources(step_seconds=step_seconds)
        if isinstance(idle_timeout, bool) or not isinstance(idle_timeout, int | float):
            raise TypeError("idle_timeout must be a number of seconds")
        if not 0 < idle_timeout < float("inf"):
            raise ValueError(f"idle_timeout must be positive and finite, got {idle_timeout!r}")
        self._idle_timeout = float(idle_timeout)
        self._lock = threading.Lock()
        self._script: list[ScriptedResponse] = []
        self._steps: list[ExecutedStep] = []
        self._requests: list[ReceivedRequest] = []
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeGateway:
        """Start serving in a background thread; return self."""
        if self._server is not None:
            raise RuntimeError("FakeGateway is already running")
        kind = _Server6 if ":" in self._host else _Server
        server = kind((self._host, self._port), _make_handler(self))
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="FakeGateway", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        server, self._server = self._server, None
        if server is None:
            return
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeGateway:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- what tests read -----------------------------------------------------------------

    @property
    def url(self) -> str:
        """The base URL to give the client, e.g. ``http://127.0.0.1:54321``."""
        if self._server is None:
            raise RuntimeError("FakeGateway is not running; use it as a context manager")
        address = self._server.server_address
        host = address[0].decode() if isinstance(address[0], bytes) else str(address[0])
        shown = f"[{host}]" if ":" in host else host
        return f"http://{shown}:{address[1]}"

    @property
    def api_key(self) -> str:
        """The key to give the client: the expected one, or a placeholder any key matches."""
        return self._expected_key if self._expected_key is not None else DEFAULT_FAKE_KEY

    @property
    def steps(self) -> list[ExecutedStep]:
        """Every training step executed so far, in order."""
        with self._lock:
            return list(self._steps)

    @property
    def requests(self) -> list[ReceivedRequest]:
        """Every request received so far, valid or not, in order."""
        with self._lock:
            return list(self._requests)

    def script(self, *responses: ScriptedResponse) -> None:
        """Answer the next valid requests with ``responses``, in order, then normally."""
        for response in responses:
            if not isinstance(response, ScriptedResponse):
                raise TypeError(f"script() takes ScriptedResponse, got {type(response).__name__}")
        with self._lock:
            self._script.extend(responses)

    def set_job_state(
        self, job: str, state: str, *, message: str | None = None, code: str | None = None
    ) -> None:
        """Move a job (full name) to ``state``: any string, one the spec lists or a new one.

        A terminal state (``JOB_STATE_FAILED``, ``JOB_STATE_CANCELLED``, ...) stops the models
        of the job's steps where they are. ``message`` and ``code`` (a google.rpc code name
        such as ``"INTERNAL"``) become the job's ``status``.
        """
        self._resources.set_job_state(job, state, code=code, message=message)

    def fail_job(self, job: str, message: str, *, code: str = "INTERNAL") -> None:
        """Make a job fail: ``JOB_STATE_FAILED`` with ``status`` ``{code, message}``."""
        self.set_job_state(job, "JOB_STATE_FAILED", message=message, code=code)

    def reset(self) -> None:
        """Forget the script, the executed steps and the received requests."""
        with self._lock:
            self._script.clear()
            self._steps.clear()
            self._requests.clear()

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"FakeGateway({where}, steps={len(self._steps)})"

    # -- answering -----------------------------------------------------------------------

    def _answer(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, rid: str
    ) -> _Answer:
        split = urlsplit(target)
        try:
            checked: Match | Rejection = self._validator.check(
                method=method,
                path=split.path,
                query=dict(parse_qsl(split.query)),
                headers=headers,
                body=body,
            )
        except (RecursionError, UnicodeError, ValueError) as exc:
            checked = Rejection(400, GRPC_INVALID_ARGUMENT, f"invalid request body: {exc}")
        operation_id = checked.operation_id if isinstance(checked, Match) else ""
        answer = self._decide(checked, headers, rid)
        with self._lock:
            self._requests.append(
                ReceivedRequest(
                    method=method,
                    path=split.path,
                    operation_id=operation_id,
                    status=None if answer.drop else answer.status,
                    request_id=rid,
                    body=body,
                    headers=tuple((k, v) for k, v in headers if k.lower() != "authorization"),
                )
            )
        logger.info("%s %s -> %s request_id=%s", method, split.path, answer.status, rid)
        return answer

    def _decide(
        self, checked: Match | Rejection, headers: list[tuple[str, str]], rid: str
    ) -> _Answer:
        if isinstance(checked, Rejection):
            return _error(checked.status, checked.code, checked.message)
        if not _bearer_token(headers):
            return _error(401, GRPC_UNAUTHENTICATED, "empty bearer token")
        if self._expected_key is not None and not self._key_matches(headers):
            return _error(401, GRPC_UNAUTHENTICATED, "invalid API key")
        job = _job_name(checked)
        if job is not None and not self._job_exists(job):
            return _error(404, GRPC_NOT_FOUND, f"rlor trainer job {job!r} not found")
        step = self._step_of(checked, rid)
        if step is not None:
            problem = step_name_problem(step.account_id, step.dataset, step.output_model)
            if problem is not None:
                return _error(400, GRPC_INVALID_ARGUMENT, problem)
        with self._lock:
            scripted = self._script.pop(0) if self._script else None
            runs = scripted.runs_step() if scripted is not None else True
            if step is not None and runs:
                self._steps.append(step)
                self._resources.step_executed(step.job, step.output_model)
        if scripted is not None:
            return _scripted(scripted)
        return self._checked(checked, self._normal_answer(checked, job))

    def _normal_answer(self, checked: Match, job: str | None) -> _Answer:
        operation = checked.operation_id
        if operation == EXECUTE_TRAIN_STEP:
            return _json(200, {})
        if operation == GET_JOB and job is not None:
            return _json(200, self._resources.job_json(job))
        if operation == DELETE_JOB and job is not None:
            self._resources.delete_job(job)
            return _json(200, {})
        if operation == GET_MODEL:
            params = checked.path_params
            name = f"accounts/{params['account_id']}/models/{params['model_id']}"
            model = self._resources.model_json(name)
            if model is None:
                return _error(404, GRPC_NOT_FOUND, f"model {name!r} not found")
            return _json(200, model)
        return _json(200, self._example_response(checked))

    def _checked(self, checked: Match, answer: _Answer) -> _Answer:
        """The answer, if the spec describes it; else a 500 that says what is wrong."""
        if not 200 <= answer.status < 300:
            return answer
        errors = self._validator.response_errors(
            method=checked.method,
            path=checked.path,
            status=answer.status,
            body=answer.body,
            headers=dict(answer.headers),
        )
        if not errors:
            return answer
        logger.error("emulator answer does not match the spec: %s", "; ".join(errors))
        return _error(
            500, GRPC_INTERNAL, "emulator answer does not match the spec: " + "; ".join(errors)
        )

    def _key_matches(self, headers: list[tuple[str, str]]) -> bool:
        values = [v for k, v in headers if k.lower() == "authorization"]
        if len(values) != 1 or not values[0].startswith("Bearer "):
            return False
        expected = f"Bearer {self._expected_key}".encode()
        return hmac.compare_digest(values[0].encode(), expected)

    def _step_of(self, checked: Match, rid: str) -> ExecutedStep | None:
        if checked.operation_id != EXECUTE_TRAIN_STEP:
            return None
        account = str(checked.path_params["account_id"])
        job = str(checked.path_params["rlor_trainer_job_id"])
        body = checked.body if isinstance(checked.body, Mapping) else {}
        return ExecutedStep(
            job=f"accounts/{account}/rlorTrainerJobs/{job}",
            account_id=account,
            job_id=job,
            dataset=str(body.get("dataset", "")),
            output_model=str(body.get("outputModel", "")),
            time=time.time(),
            request_id=rid,
        )

    def _job_exists(self, job: str) -> bool:
        if self._resources.is_deleted(job):
            return False
        return self._known_jobs is None or bool({job, job.rsplit("/", 1)[-1]} & self._known_jobs)

    def _example_response(self, checked: Match) -> Any:
        document = self._validator.document
        operation = document["paths"][checked.path_template][checked.method.lower()]
        for status in ("200", "201", "default"):
            response = (operation.get("responses") or {}).get(status)
            if response:
                content = (response.get("content") or {}).get("application/json") or {}
                return _example(content.get("schema") or {}, document)
        return {}


def _bearer_token(headers: list[tuple[str, str]]) -> str:
    values = [v for k, v in headers if k.lower() == "authorization"]
    return values[0].removeprefix("Bearer").strip() if len(values) == 1 else ""


def _job_name(checked: Match) -> str | None:
    """The full name of the trainer job a request is about, if any."""
    params = checked.path_params
    if "rlor_trainer_job_id" not in params or "account_id" not in params:
        return None
    return f"accounts/{params['account_id']}/rlorTrainerJobs/{params['rlor_trainer_job_id']}"


def _example(schema: Mapping[str, Any], document: Mapping[str, Any], depth: int = 0) -> Any:
    """A minimal value that satisfies ``schema`` (required properties only)."""
    if "$ref" in schema and depth < 20:
        node: Any = document
        for part in str(schema["$ref"]).lstrip("#/").split("/"):
            node = node[part]
        return _example(node, document, depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type", "object")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "object":
        properties = schema.get("properties") or {}
        return {
            name: _example(properties.get(name, {}), document, depth + 1)
            for name in schema.get("required", [])
        }
    defaults: dict[str, Any] = {
        "string": "",
        "integer": 0,
        "number": 0,
        "boolean": False,
        "array": [],
    }
    return defaults.get(kind)


def _json(status: int, payload: Any, headers: Mapping[str, str] | None = None) -> _Answer:
    return _Answer(
        status,
        json.dumps(payload).encode(),
        {"Content-Type": "application/json", **(headers or {})},
    )


def _error(status: int, code: int, message: str) -> _Answer:
    return _json(status, {"code": code, "message": message, "details": []})


def _scripted(scripted: ScriptedResponse) -> _Answer:
    body = scripted.body
    headers = {"Content-Type": "application/json"}
    if body is None:
        if 200 <= scripted.status < 300:
            content = b"{}"
        else:
            content = json.dumps(
                {"code": 2, "message": f"scripted error {scripted.status}", "details": []}
            ).encode()
    elif isinstance(body, bytes):
        content = body
    elif isinstance(body, str):
        content = body.encode()
        headers = {"Content-Type": "text/plain; charset=utf-8"}
    else:
        content = json.dumps(body).encode()
    return _Answer(
        scripted.status,
        content,
        {**headers, **scripted.headers},
        delay=scripted.delay,
        drop=scripted.drop,
    )


def _make_handler(gateway: FakeGateway) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "FakeGateway"
        sys_version = ""

        def setup(self) -> None:
            super().setup()
            # Headers and body go out in separate writes: without this, Nagle's algorithm and
            # delayed ACKs add ~40 ms to every keep-alive request.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format: str, *args: Any) -> None:
            """Silence the default stderr access log; the emulator logs under logging."""

        timeout = gateway._idle_timeout  # socket timeout: a silent client is cut off

        def _refuse(self, message: str) -> None:
            """Answer 400 and close: what follows on this connection cannot be trusted."""
            answer = _error(400, GRPC_INVALID_ARGUMENT, message)
            self.close_connection = True
            self.send_response(400)
            for key, value in {"Connection": "close", **answer.headers}.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(answer.body)
            logger.info("%s %s -> 400 (%s)", self.command, self.path, message)

        def _read_body(self) -> bytes | None:
            """The request body, or None after refusing a body it cannot read."""
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                self._refuse("chunked request bodies are not supported; send Content-Length")
                return None
            raw = self.headers.get("Content-Length") or "0"
            if not raw.strip().isdigit():
                self._refuse(f"invalid Content-Length {raw[:20]!r}")
                return None
            length = int(raw)
            try:
                body = self.rfile.read(length) if length > 0 else b""
            except TimeoutError:
                body = b""
            if len(body) != length:
                self._refuse(f"the body ended after {len(body)} of {length} bytes")
                return None
            return body

        def _handle(self) -> None:
            rid = uuid.uuid4().hex
            body = self._read_body()
            if body is None:
                return
            answer = gateway._answer(self.command, self.path, list(self.headers.items()), body, rid)
            if answer.delay > 0:
                time.sleep(answer.delay)
            if answer.drop:
                self.close_connection = True
                with contextlib.suppress(OSError):
                    self.connection.shutdown(socket.SHUT_RDWR)
                return
            self.send_response(answer.status)
            headers = {"x-request-id": rid, **answer.headers}
            for key, value in headers.items():
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
