"""A hostile network and careless callers, over real sockets on loopback, sync and async.

Proxies never see the key in clear; every failure after bytes left is an APIError with the
right ``may_have_been_processed`` (sticky across attempts); errors pickle without the key;
cancellation says the step may have run; answers are bounded in size and time; input that
would misbehave is refused before anything is sent.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import gzip
import json
import pickle
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft._retry import parse_retry_after

from ..support.fakes import API_KEY, no_sleep
from ..support.fault_server import Action, fault_server
from ..support.runner import sync_or_async

STEP = {"dataset": "d", "output_model": "m"}


@contextmanager
def raw_server(serve_connection) -> Iterator[str]:
    """A loopback TCP server that hands each connection to ``serve_connection``; yields its URL."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except TimeoutError:
                continue
            with conn:
                conn.settimeout(2)
                with contextlib.suppress(OSError):
                    serve_connection(conn, stop)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
    finally:
        stop.set()
        thread.join(timeout=5)
        server.close()


# -- 1. proxies ----------------------------------------------------------------------------


@contextmanager
def fake_proxy() -> Iterator[list[bytes]]:
    """A loopback 'proxy' that records what it receives and answers 502; the list's first
    item is its URL."""
    seen: list[bytes] = []

    def answer(conn: socket.socket, stop: threading.Event) -> None:
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = conn.recv(65536)
            if not chunk:
                break
            data += chunk
        seen.append(data)
        conn.sendall(b"HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n")

    with raw_server(answer) as url:
        seen.append(url.encode())
        yield seen


def test_loopback_base_url_never_goes_through_a_proxy(mode, monkeypatch):
    with fake_proxy() as proxy, fault_server() as api:
        url = proxy.pop(0).decode()
        for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "all_proxy"):
            monkeypatch.setenv(name, url)

        def step(client):
            return client.execute_train_step("job", **STEP)

        result = sync_or_async(mode, api.url, step)
    assert result.status_code == 200 and api.attempts == 1
    assert proxy == []


def test_https_proxy_tunnels_and_never_sees_the_key(mode, monkeypatch):
    with fake_proxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.pop(0).decode())

        def step(client):
            return client.execute_train_step("job", **STEP, max_retries=0)

        with pytest.raises(fw.APIConnectionError):
            sync_or_async(mode, "https://api.fireworks.invalid", step)
    (received,) = proxy
    assert received.startswith(b"CONNECT api.fireworks.invalid:443 ")
    assert API_KEY.encode() not in received and b"authorization" not in received.lower()


def test_users_client_that_proxies_http_from_the_environment_is_refused(monkeypatch):
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    proxied = httpx.Client()  # trust_env: it would read HTTP_PROXY
    with proxied, pytest.raises(fw.ConfigurationError, match="proxy") as info:
        fw.Client(api_key=API_KEY, base_url="http://127.0.0.1:8000", http_client=proxied)
    assert API_KEY not in str(info.value)
    with httpx.Client(trust_env=False) as direct:
        fw.Client(api_key=API_KEY, base_url="http://127.0.0.1:8000", http_client=direct)


def test_socks_proxy_without_the_extra_names_it(monkeypatch):
    pytest.importorskip_reason = None
    try:
        import socksio  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.fail("socksio is installed in the test environment; this test needs it absent")
    monkeypatch.setenv("HTTPS_PROXY", "socks5://127.0.0.1:1080")
    with pytest.raises(fw.ConfigurationError, match=r"fireworks-rft\[socks\]"):
        fw.Client(api_key=API_KEY)


# -- 2. every failure after bytes left is an APIError ----------------------------------------


@pytest.mark.parametrize(
    "value",
    ["Mon, 01 Jan 1000000000000 00:00:00 GMT", "Sat, 01 Jan 99999 00:00:00 GMT", "1e400"],
)
def test_absurd_retry_after_is_ignored_not_raised(value):
    assert parse_retry_after(httpx.Headers({"retry-after": value}), time.time) is None


def test_absurd_retry_after_over_the_wire(mode):
    absurd = Action(
        status=429, headers=(("Retry-After", "Mon, 01 Jan 1000000000000 00:00:00 GMT"),)
    )
    with fault_server(absurd, absurd, absurd) as api:
        with pytest.raises(fw.RateLimitError):
            sync_or_async(
                mode, api.url, lambda c: c.execute_train_step("j", **STEP), _timing=no_sleep()
            )
        assert api.executions == 0


NESTED = b"[" * 5000 + b"]" * 5000


@pytest.mark.parametrize("status", [200, 500])
def test_deeply_nested_json_is_a_typed_error(mode, status):
    answer = Action(status=status, body=NESTED, executes=True)
    with fault_server(answer) as api, pytest.raises(fw.APIError) as info:
        sync_or_async(mode, api.url, lambda c: c.execute_train_step("j", **STEP, max_retries=0))
    assert info.value.may_have_been_processed
    expected = fw.APIResponseValidationError if status == 200 else fw.InternalServerError
    assert isinstance(info.value, expected)


def test_async_client_in_a_second_event_loop_is_refused_before_sending():
    with fault_server() as api:
        # no keep-alive, so that no connection of the first loop outlives it
        http = httpx.AsyncClient(limits=httpx.Limits(max_keepalive_connections=0))
        client = fw.AsyncClient(
            api_key=API_KEY, account_id="acct", base_url=api.url, http_client=http
        )
        asyncio.run(client.execute_train_step("j", **STEP))
        with pytest.raises(RuntimeError, match="another event loop"):
            asyncio.run(client.execute_train_step("j", **STEP))
        asyncio.run(http.aclose())
        assert api.attempts == 1


# -- 3. sticky "may have been processed" ------------------------------------------------------


@pytest.mark.parametrize(
    ("script", "error"),
    [
        ([Action(drop=True, executes=True), Action(status=503)], fw.InternalServerError),
        ([Action(status=500), Action(status=429), Action(status=429)], fw.RateLimitError),
    ],
    ids=["drop-then-503", "500-429-429"],
)
def test_may_have_been_processed_is_sticky(mode, script, error):
    with fault_server(*script) as api, pytest.raises(error) as info:
        sync_or_async(
            mode,
            api.url,
            lambda c: c.execute_train_step("j", **STEP, max_retries=len(script) - 1),
            retry_ambiguous_failures=True,
            _timing=no_sleep(),
        )
    assert info.value.may_have_been_processed
    assert "earlier attempt" in str(info.value)


# -- 4. pickling ------------------------------------------------------------------------------


def _fail_with_500() -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            500, json={"code": 13, "message": "boom"}, headers={"x-request-id": "r1"}
        )

    http = httpx.Client(transport=httpx.MockTransport(handle))
    with fw.Client(api_key=API_KEY, account_id="a", http_client=http, max_retries=0) as client:
        client.execute_train_step("j", **STEP)


def test_errors_pickle_without_the_key_and_keep_their_fields():
    with pytest.raises(fw.InternalServerError) as info:
        _fail_with_500()
    data = pickle.dumps(info.value)
    assert API_KEY.encode() not in data
    copy = pickle.loads(data)
    assert isinstance(copy, fw.InternalServerError)
    for field in ("status_code", "body", "request_id", "attempts", "may_have_been_processed"):
        assert getattr(copy, field) == getattr(info.value, field), field
    assert str(copy) == str(info.value)
    assert copy.response.status_code == 500 and copy.request.url == info.value.request.url
    assert "authorization" not in copy.request.headers


def test_an_error_in_a_worker_process_reaches_the_caller():
    with concurrent.futures.ProcessPoolExecutor(max_workers=1) as pool:
        future = pool.submit(_fail_with_500)
        with pytest.raises(fw.InternalServerError) as info:
            future.result(timeout=60)
    assert info.value.status_code == 500 and info.value.request_id == "r1"


# -- 5. cancellation and interrupts -------------------------------------------------------------


def test_task_cancellation_keeps_its_type_and_says_the_step_may_have_run():
    slow = Action(delay=2.0, executes=True)
    with fault_server(slow) as api:

        async def main():
            async with fw.AsyncClient(api_key=API_KEY, account_id="acct", base_url=api.url) as c:
                task = asyncio.create_task(c.execute_train_step("j", **STEP))
                await asyncio.sleep(0.3)
                task.cancel()
                with pytest.raises(asyncio.CancelledError) as info:
                    await task
                return info.value

        cancelled = asyncio.run(main())
    notes = " ".join(cancelled.__notes__)
    assert "may or may not have run" in notes and "accounts/acct/models/m" in notes


def test_ctrl_c_during_a_sync_call_keeps_its_type_and_says_the_step_may_have_run():
    def interrupt(request: httpx.Request) -> httpx.Response:
        raise KeyboardInterrupt

    http = httpx.Client(transport=httpx.MockTransport(interrupt))
    client = fw.Client(api_key=API_KEY, account_id="acct", http_client=http)
    with client, pytest.raises(KeyboardInterrupt) as info:
        client.execute_train_step("j", **STEP)
    assert "accounts/acct/rlorTrainerJobs/j may or may not have run" in " ".join(
        info.value.__notes__
    )


def test_cli_ctrl_c_says_the_step_may_have_run(monkeypatch, capsys):
    from fireworks_rft import cli

    monkeypatch.setenv("FIREWORKS_API_KEY", API_KEY)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(fw.Client, "execute_train_step", interrupted)
    code = cli.main(
        ["train-step", "j", "--dataset", "d", "--output-model", "m", "--account-id", "a"]
    )
    assert code == 130
    assert "may or may not have run" in capsys.readouterr().err


# -- 6. bounded answers ---------------------------------------------------------------------


def test_a_huge_answer_is_not_read_whole(mode):
    big = Action(status=200, body=json.dumps({"x": "y" * 50_000}).encode(), executes=True)
    with fault_server(big) as api, pytest.raises(fw.ResponseTooLargeError) as info:
        sync_or_async(
            mode, api.url, lambda c: c.execute_train_step("j", **STEP), max_response_bytes=10_000
        )
    assert info.value.limit == 10_000 and info.value.may_have_been_processed


def test_a_gzip_bomb_is_bounded_by_its_decoded_size(mode):
    bomb = gzip.compress(b"[" + b" " * 5_000_000 + b"]")
    assert len(bomb) < 10_000
    answer = Action(
        status=200,
        body=bomb,
        headers=(("Content-Type", "application/json"), ("Content-Encoding", "gzip")),
        executes=True,
    )
    with fault_server(answer) as api, pytest.raises(fw.ResponseTooLargeError):
        sync_or_async(
            mode, api.url, lambda c: c.execute_train_step("j", **STEP), max_response_bytes=100_000
        )


@contextmanager
def dripping_server(interval: float) -> Iterator[str]:
    """Answers 200 with a body that arrives one byte every ``interval`` seconds."""

    def drip(conn: socket.socket, stop: threading.Event) -> None:
        conn.recv(65536)
        body = b'{"a": "' + b"x" * 50 + b'"}'
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n")
        conn.sendall(f"Content-Length: {len(body)}\r\n\r\n".encode())
        for byte in body:
            if stop.is_set():
                break
            conn.sendall(bytes([byte]))
            time.sleep(interval)

    with raw_server(drip) as url:
        yield url


def test_a_dripping_answer_stops_at_the_deadline(mode):
    with dripping_server(0.1) as url:
        started = time.monotonic()
        with pytest.raises(fw.APITimeoutError, match="deadline") as info:
            sync_or_async(
                mode, url, lambda c: c.execute_train_step("j", **STEP), timeout=1, deadline=0.6
            )
        took = time.monotonic() - started
    assert took < 2.5 and info.value.may_have_been_processed


# -- 7. input gaps ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "call", "words"),
    [
        ({"account_id": "."}, None, "account_id"),
        ({}, {"job": "accounts/./rlorTrainerJobs/j"}, "job"),
        ({"timeout": 1e10}, None, "timeout"),
        ({"timeout": 10**400}, None, "timeout"),
        ({}, {"job": "j" * 1_000_000}, "job"),
        ({}, {"job": "job-\udc80"}, "job"),
        ({}, {"dataset": "d\udc80"}, "dataset"),
        ({"default_headers": {"x-note": "caf\udc80"}}, None, "default_headers"),
        ({"api_key": "key\udc80"}, None, "api_key"),
        ({"deadline": 0}, None, "deadline"),
        ({"max_response_bytes": 0}, None, "max_response_bytes"),
    ],
)
def test_bad_input_is_refused_before_sending(kwargs, call, words):
    sent: list[httpx.Request] = []
    http = httpx.Client(
        transport=httpx.MockTransport(lambda r: sent.append(r) or httpx.Response(200, json={}))
    )
    options = {"api_key": API_KEY, "account_id": "acct", "http_client": http, **kwargs}
    with pytest.raises((TypeError, ValueError)) as info, fw.Client(**options) as client:
        arguments = {"job": "j", **STEP, **(call or {})}
        client.execute_train_step(arguments.pop("job"), **arguments)
    assert words in str(info.value)
    assert sent == []
    assert len(str(info.value)) < 400


# -- 8. the key in messages ---------------------------------------------------------------------


def test_userinfo_in_a_bad_base_url_is_masked(capsys):
    from fireworks_rft import cli

    with pytest.raises(ValueError) as info:
        fw.Client(api_key=API_KEY, base_url=f"htps://me:{API_KEY}@host")
    assert API_KEY not in str(info.value) and "***@host" in str(info.value)
    assert cli.main(["model", "get", "m", "--base-url", f"htps://me:{API_KEY}@host"]) == 2
    assert API_KEY not in capsys.readouterr().err


def test_an_error_body_echoing_the_key_is_redacted(mode):
    echo = Action.json(
        401, {"code": 16, "message": f"bad token Bearer {API_KEY}", "details": [API_KEY]}
    )
    with fault_server(echo) as api, pytest.raises(fw.AuthenticationError) as info:
        sync_or_async(mode, api.url, lambda c: c.execute_train_step("j", **STEP))
    error = info.value
    assert API_KEY not in str(error) and API_KEY not in json.dumps(error.body)
    assert "**********" in str(error)
