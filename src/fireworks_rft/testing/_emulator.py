"""``FakeGateway``: a local, spec-validating stand-in for the Fireworks Gateway API."""

from __future__ import annotations

import collections
import logging
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from ._catalog import Catalog
from ._files import SignedFiles
from ._handlers import Handlers, LoopSettings
from ._openapi import (
    GRPC_INTERNAL,
    GRPC_INVALID_ARGUMENT,
    GRPC_NOT_FOUND,
    GRPC_UNAUTHENTICATED,
    Match,
    Rejection,
    SpecValidator,
)
from ._records import ExecutedStep, ReceivedRequest, ScriptedResponse
from ._resources import (
    DEFAULT_INACTIVITY_STATE,
    ID_PATTERN,
    JobSettings,
    Resources,
    check_step_seconds,
)
from ._rules import (
    bad_path_id,
    bearer_token,
    full_job_name,
    full_name,
    job_name_of,
    key_matches,
    positive,
    scripted_answer,
    step_of,
)
from ._server import Answer, Limits, Server, Server6, error_answer, make_handler

logger = logging.getLogger("fireworks_rft.emulator")

#: Seconds from a step to its READY output model, by default (404, then UPLOADING, then READY).
DEFAULT_STEP_SECONDS = 1.0
#: The key ``FakeGateway.api_key`` gives when the emulator was not given one to expect.
DEFAULT_FAKE_KEY = "fw-fake-key-for-the-emulator"
#: Seconds a connection may stay silent (mid-request or between requests) before it is closed.
DEFAULT_IDLE_TIMEOUT = 10.0
#: Seconds one request may take to arrive whole.
DEFAULT_REQUEST_TIMEOUT = 30.0
#: The largest request body read (Gateway requests are a few hundred bytes).
DEFAULT_MAX_BODY_BYTES = 1024 * 1024
#: Requests kept in :attr:`FakeGateway.requests` (the oldest are dropped past it).
DEFAULT_MAX_LOGGED_REQUESTS = 10_000


class FakeGateway:
    """A fake Gateway API on a real HTTP server (127.0.0.1, an OS-chosen port by default).

    It validates every request against the bundled ``openapi.yaml`` (path, method, bearer
    auth, content type, body schema, and the resource-ID rule on every ID in the path) and
    answers as the gateway would: 200 ``{}`` for a valid step; 400 with ``{"code": 3,
    "message", "details": []}`` for an invalid request (including a dataset or output model
    that is not a full resource name in the job's account); 401 with no bearer token, or the
    wrong one when ``api_key`` was given; 404 for an unknown job when ``known_jobs`` was given.
    Every answer has an ``x-request-id`` header, and every answer it makes up is checked
    against the spec.

    Lifecycles follow ``clock`` (pass a :class:`ManualClock` and ``advance()`` it to drive
    them without waiting): a step's output model is absent (404) for the first half of
    ``step_seconds``, ``UPLOADING`` for the second, then ``READY``, and its job gains a
    checkpoint; a created job is ``JOB_STATE_CREATING`` for ``job_start_seconds``, then
    RUNNING (keep-alive; a service-mode job gets a ``directRouteHandle`` once RUNNING); a
    loaded LoRA is ``DEPLOYING`` for ``deploy_seconds``, then ``DEPLOYED``; a promoted
    checkpoint's model is ``UPLOADING`` for ``promote_seconds``, then ``READY``. Each step
    gives its job a promotable checkpoint. A deleted job reads ``JOB_STATE_DELETED`` and its
    ID stays taken (409). Dataset creation, upload (to a signed URL) and validation work as
    the spec describes them, unless ``datasets_retired``: then they answer 501, as Fireworks'
    live platform does since 2026-11-15. :meth:`add_dataset` makes a READY dataset. A trainer's
    public log and a dataset's upload are behind signed URLs on a second local server, which
    refuses any request that carries an ``Authorization`` header.

    Modelled assumptions (no source states them; each is a setting or named here): a step
    sent to a job in a terminal state, still CREATING or stopped for inactivity is answered
    400 ``FAILED_PRECONDITION`` and not executed; requests other than reads that name a job
    are its activity, and with ``inactivity_seconds`` a RUNNING job idle that long stops in
    ``inactivity_state``; a step on a dataset that is neither added, uploaded nor in
    ``known_datasets`` (when that is given) is answered 404; a ``trainingShape`` with no
    validated version is answered 412 (Fireworks' cookbook names 412 for an unavailable
    training shape); ``:resume`` of a deleted or archived job is answered 400
    ``FAILED_PRECONDITION`` (it stays deleted); a model's and a deployed model's
    ``updateTime`` is when its state last changed, so a READY model's ``createTime`` to
    ``updateTime`` spans its step (the ledger's server-side durations read them).

    Use it as a context manager (``with FakeGateway() as gw:``) and give the client
    ``base_url=gw.url, api_key=gw.api_key``; the README shows a whole test.

    Args:
        host: Where to listen; a loopback address unless ``allow_remote`` is True.
        port: 0 lets the OS choose.
        api_key: The bearer token to expect; None accepts any token.
        known_jobs: Job IDs or full names that exist; None: every job exists.
        allow_remote: Allow listening on a non-loopback address.
        spec: An OpenAPI document (a parsed dict) to serve instead of the bundled one.
        step_seconds: Seconds from a step to its READY output model (0: at once).
        idle_timeout: Seconds a connection may stay silent before it is closed.
        request_timeout: Seconds one request may take to arrive whole.
        max_body_bytes: The largest request body read; larger ones are answered 413.
        clock: Where the emulator's time comes from (default ``time.time``).
        default_account: The account of bare job IDs given to :meth:`set_job_state`,
            :meth:`fail_job` and :meth:`add_job` (the client fixtures use ``test-account``).
        max_logged_requests: How many requests :attr:`requests` keeps.
        job_start_seconds: Seconds a created job is CREATING (0: RUNNING at once).
        deploy_seconds: Seconds a loaded LoRA is DEPLOYING.
        inactivity_seconds: Seconds without activity after which a RUNNING job stops
            (None: never; Fireworks' default is 600).
        inactivity_state: The state an inactive job stops in (an assumption).
        promote_seconds: Seconds a promoted checkpoint's model is UPLOADING.
        datasets_retired: Answer dataset creation, upload and validation 501 (as the live
            platform does since 2026-11-15) instead of emulating them.
        known_datasets: Datasets a step may use besides those added or uploaded; None:
            any dataset (the pytest fixtures pass ``()``: only added or uploaded ones).
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
        request_timeout: float = DEFAULT_REQUEST_TIMEOUT,
        max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
        clock: Callable[[], float] | None = None,
        default_account: str | None = None,
        max_logged_requests: int = DEFAULT_MAX_LOGGED_REQUESTS,
        job_start_seconds: float = 1.0,
        deploy_seconds: float = 1.0,
        inactivity_seconds: float | None = None,
        inactivity_state: str = DEFAULT_INACTIVITY_STATE,
        promote_seconds: float = 1.0,
        datasets_retired: bool = False,
        known_datasets: Iterable[str] | None = None,
    ) -> None:
        if not isinstance(host, str) or not host:
            raise TypeError("host must be a non-empty str")
        if not allow_remote and not _is_loopback(host):
            raise ValueError(
                f"FakeGateway listens on loopback only; host={host!r} is not a loopback address. "
                "Pass allow_remote=True to listen on it anyway."
            )
        if isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535:
            raise ValueError(f"port must be an int from 0 to 65535, got {port!r}")
        self._host = host
        self._port = port
        self._limits = Limits(
            idle_timeout=positive(idle_timeout, "idle_timeout"),
            request_timeout=positive(request_timeout, "request_timeout"),
            max_body_bytes=int(positive(max_body_bytes, "max_body_bytes")),
        )
        self._validator = SpecValidator.bundled() if spec is None else SpecValidator(spec)
        self._defaults: dict[str, Any] = {
            "api_key": api_key,
            "known_jobs": known_jobs,
            "step_seconds": step_seconds,
            "clock": clock,
            "default_account": default_account,
            "job_start_seconds": job_start_seconds,
            "deploy_seconds": deploy_seconds,
            "inactivity_seconds": inactivity_seconds,
            "inactivity_state": inactivity_state,
            "promote_seconds": promote_seconds,
            "datasets_retired": datasets_retired,
            "known_datasets": known_datasets,
        }
        self._files = SignedFiles(self._limits)
        self._lock = threading.Lock()
        self._max_logged = max_logged_requests
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        self.reset()

    # -- lifecycle -----------------------------------------------------------------------

    def start(self) -> FakeGateway:
        """Start serving in a background thread; return self."""
        if self._server is not None:
            raise RuntimeError("FakeGateway is already running")
        kind = Server6 if ":" in self._host else Server
        server = kind((self._host, self._port), make_handler(self._answer, self._limits))
        self._server = server
        self._thread = threading.Thread(
            target=server.serve_forever, args=(0.05,), name="FakeGateway", daemon=True
        )
        self._thread.start()
        self._files.start("::1" if ":" in self._host else self._host)
        return self

    def stop(self) -> None:
        """Stop serving and close the socket."""
        server, self._server = self._server, None
        if server is None:
            return
        self._files.stop()
        server.shutdown()
        server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeGateway:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def reset(self, **options: Any) -> None:
        """Forget every job, model, dataset, step, request and script; restore the options.

        Takes the lifecycle options of the constructor (``step_seconds``, ``api_key``,
        ``known_jobs``, ``clock``, ``default_account``, ``job_start_seconds``,
        ``deploy_seconds``, ``inactivity_seconds``, ``inactivity_state``); those not given
        return to the values the emulator was created with. The server keeps running on the
        same port (the pytest fixtures call this between tests).
        """
        unknown = sorted(set(options) - set(self._defaults))
        if unknown:
            raise TypeError(f"reset() got an unexpected option {unknown[0]!r}")
        given = {**self._defaults, **options}
        account = given["default_account"]
        if account is not None and not ID_PATTERN.fullmatch(str(account)):
            raise ValueError(f"default_account is not an ID: {account!r}")
        jobs = given["known_jobs"]
        with self._lock:
            self._expected_key: str | None = given["api_key"]
            self._known_jobs = None if jobs is None else {str(job) for job in jobs}
            self._clock: Callable[[], float] = given["clock"] or time.time
            self._default_account: str | None = account
            self._resources = Resources(
                step_seconds=check_step_seconds(given["step_seconds"]),
                clock=self._clock,
                jobs=JobSettings(
                    start_seconds=check_step_seconds(given["job_start_seconds"]),
                    inactivity_seconds=given["inactivity_seconds"],
                    inactivity_state=str(given["inactivity_state"]),
                ),
            )
            self._catalog = Catalog(
                deploy_seconds=check_step_seconds(given["deploy_seconds"]), clock=self._clock
            )
            datasets = given["known_datasets"]
            settings = LoopSettings(
                promote_seconds=check_step_seconds(given["promote_seconds"]),
                datasets_retired=bool(given["datasets_retired"]),
                known_datasets=None
                if datasets is None
                else frozenset(full_name(str(d), "datasets", account) for d in datasets),
            )
            self._files.reset()
            self._handlers = Handlers(
                self._resources, self._catalog, self._created, self._files, settings
            )
            self._script: list[ScriptedResponse] = []
            self._steps: list[ExecutedStep] = []
            self._requests: collections.deque[ReceivedRequest] = collections.deque(
                maxlen=self._max_logged
            )

    def _created(self, job: str) -> None:
        if self._known_jobs is not None:
            self._known_jobs.add(job)

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
    def clock(self) -> Callable[[], float]:
        """The emulator's clock (a :class:`ManualClock` when one was given)."""
        return self._clock

    @property
    def steps(self) -> list[ExecutedStep]:
        """Every training step executed so far, in order."""
        with self._lock:
            return list(self._steps)

    @property
    def requests(self) -> list[ReceivedRequest]:
        """The requests received, valid or not, in order (the latest ``max_logged_requests``)."""
        with self._lock:
            return list(self._requests)

    def script(self, *responses: ScriptedResponse) -> None:
        """Answer the next valid requests with ``responses``, in order, then normally.

        A response with an ``operation_id`` waits for a request of that operation.
        """
        for response in responses:
            if not isinstance(response, ScriptedResponse):
                raise TypeError(f"script() takes ScriptedResponse, got {type(response).__name__}")
        with self._lock:
            self._script.extend(responses)

    def job_name(self, job: str) -> str:
        """The full name of ``job``: a full name as is, a bare ID in ``default_account``."""
        return full_job_name(job, self._default_account)

    def add_job(self, job: str) -> str:
        """Make a job exist (RUNNING, keep-alive); return its full name."""
        name = self.job_name(job)
        self._resources.add_job(name)
        self._created(name)
        return name

    def set_job_state(
        self, job: str, state: str, *, message: str | None = None, code: str | None = None
    ) -> None:
        """Move a job to ``state``: any string, one the spec lists or a new one.

        ``job`` is a full name or a bare ID (in ``default_account``). It must be known: in
        ``known_jobs``, named by a request already, or added with :meth:`add_job`; else
        LookupError. A terminal state (``JOB_STATE_FAILED``, ...) stops the models of the
        job's steps where they are. ``message`` and ``code`` (a google.rpc code name such as
        ``"INTERNAL"``) become the job's ``status``.
        """
        name = self.job_name(job)
        if not self._resources.has_job(name):
            if self._known_jobs is None or not self._job_exists(name):
                raise LookupError(
                    f"FakeGateway knows no job {name}: it exists once a request names it, or "
                    "after add_job()"
                )
            self._resources.add_job(name)
        self._resources.set_job_state(name, state, code=code, message=message)

    def add_dataset(self, dataset: str) -> str:
        """Make a dataset exist, READY (bare ID in ``default_account``, or a full name)."""
        name = full_name(dataset, "datasets", self._default_account)
        self._catalog.add_dataset(name)
        return name

    def add_training_shape(
        self, shape: str, *, versions: Iterable[str] = ("v1",), validated: Iterable[str] = ()
    ) -> str:
        """Make a training shape with ``versions`` (oldest first); its full name.

        The ``validated`` ones are validated; the newest of them is ``latestValidated``.
        """
        name = full_name(shape, "trainingShapes", self._default_account)
        ok = set(validated)
        self._catalog.add_training_shape(name, [(v, v in ok) for v in versions])
        return name

    def add_checkpoint(self, job: str, *, promotable: bool = True) -> str:
        """Give a job one more checkpoint (e.g. one that is not promotable); its name."""
        return self._resources.add_checkpoint(self.job_name(job), promotable=promotable)

    def stall_job(self, job: str, stalled: bool = True) -> None:
        """Make a job read RUNNING while its steps make no progress, as a silent trainer.

        Its steps make no model and no checkpoint; ``stalled=False`` ends it.
        """
        self._resources.stall_job(self.job_name(job), stalled)

    def upload(self, dataset: str) -> bytes | None:
        """What was uploaded for ``dataset`` (its first file); None if nothing was."""
        name = full_name(dataset, "datasets", self._default_account)
        for path in self._handlers.upload_paths(name):
            found = self._files.upload(path)
            if found is not None:
                return found
        return None

    @property
    def refused_signed_requests(self) -> list[str]:
        """Paths of signed-URL requests refused for carrying an Authorization header."""
        return list(self._files.refused)

    def fail_job(self, job: str, message: str, *, code: str = "INTERNAL") -> None:
        """Make a job fail: ``JOB_STATE_FAILED`` with ``status`` ``{code, message}``."""
        self.set_job_state(job, "JOB_STATE_FAILED", message=message, code=code)

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"FakeGateway({where}, steps={len(self._steps)})"

    # -- answering -----------------------------------------------------------------------

    def _answer(
        self, method: str, target: str, headers: list[tuple[str, str]], body: bytes, rid: str
    ) -> Answer:
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
        answer = self._decide(checked, headers, rid, dict(parse_qsl(split.query)))
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
        self,
        checked: Match | Rejection,
        headers: list[tuple[str, str]],
        rid: str,
        query: dict[str, str],
    ) -> Answer:
        if isinstance(checked, Rejection):
            return error_answer(checked.status, checked.code, checked.message)
        bad_id = bad_path_id(checked)
        if bad_id is not None:
            return error_answer(400, GRPC_INVALID_ARGUMENT, bad_id)
        if not bearer_token(headers):
            return error_answer(401, GRPC_UNAUTHENTICATED, "empty bearer token")
        if self._expected_key is not None and not key_matches(headers, self._expected_key):
            return error_answer(401, GRPC_UNAUTHENTICATED, "invalid API key")
        job = job_name_of(checked)
        if job is not None and not self._job_exists(job):
            return error_answer(404, GRPC_NOT_FOUND, f"rlor trainer job {job!r} not found")
        deleting = checked.operation_id == "Gateway_DeleteRlorTrainerJob"
        if job is not None and deleting and self._resources.is_deleted(job):
            return error_answer(404, GRPC_NOT_FOUND, f"rlor trainer job {job!r} not found")
        if job is not None and not self._resources.has_job(job):
            self._resources.add_job(job)  # named by a request: it exists from now on
        if job is not None and checked.method != "GET":
            self._resources.touch(job)  # the job's activity (an assumption: reads do not count)
        step = step_of(checked, rid, self._clock())
        if step is not None:
            refused = self._handlers.step_refusal(step)
            if refused is not None:
                return refused
        with self._lock:
            scripted = next((s for s in self._script if s.applies_to(checked.operation_id)), None)
            if scripted is not None:
                self._script.remove(scripted)
        effect = None
        if scripted is None or scripted.takes_effect():
            effect = self._take_effect(checked, job, step, query)
        if scripted is not None:
            return scripted_answer(scripted)
        return self._checked(
            checked, effect or self._handlers.normal_answer(checked, job, self._validator)
        )

    def _take_effect(
        self, checked: Match, job: str | None, step: ExecutedStep | None, query: dict[str, str]
    ) -> Answer | None:
        """What a request changes (a step runs, a delete deletes); a loop operation's answer."""
        if step is not None:
            with self._lock:
                self._steps.append(step)
            self._resources.step_executed(step.job, step.output_model)
        elif checked.operation_id == "Gateway_DeleteRlorTrainerJob" and job is not None:
            self._resources.delete_job(job)
        else:
            return self._handlers.answer(checked, query)
        return None

    def _checked(self, checked: Match, answer: Answer) -> Answer:
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
        return error_answer(
            500, GRPC_INTERNAL, "emulator answer does not match the spec: " + "; ".join(errors)
        )

    def _job_exists(self, job: str) -> bool:
        if self._resources.is_deleted(job):
            return True  # tombstoned: it reads JOB_STATE_DELETED
        return self._known_jobs is None or bool({job, job.rsplit("/", 1)[-1]} & self._known_jobs)


def _is_loopback(host: str) -> bool:
    """Whether ``host`` is localhost or a loopback address (127.0.0.0/8, ::1)."""
    if host.lower() in ("localhost", "localhost."):
        return True
    import ipaddress

    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
