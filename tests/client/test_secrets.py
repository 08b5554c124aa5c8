"""Canary-secret test: the API key never shows in a repr, a str, an error or a log record."""

from __future__ import annotations

import asyncio
import logging

import httpx
import pytest

import fireworks_rft as fw
from fireworks_rft.cli import main

from ..support.fakes import no_sleep as _no_sleep
from ..support.fault_server import OK, Action, fault_server, refused_port

CANARY = "fw-CANARY-7d1e0c9b5a"

SCRIPT = [
    OK,
    Action.json(400, {"code": 3, "message": "bad"}),
    Action.json(500, {"message": "internal"}),
    Action.json(429, {}, **{"Retry-After": "1"}),
    OK,
    Action.json(503, {}),
    Action.json(503, {}),
    Action.json(503, {}),
    Action(drop=True),
    Action(status=200, body=b"{oops"),
    Action(status=200, delay=0.5),
    Action(status=302, body=b"", headers=(("Location", "https://elsewhere.example/"),)),
]


def _shown(obj: object) -> list[str]:
    texts = [repr(obj), str(obj)]
    if isinstance(obj, BaseException):
        texts += [repr(obj.args), *getattr(obj, "__notes__", [])]
        if isinstance(obj, fw.APIError):
            texts += [repr(obj.body), repr(vars(obj))]
            if obj.request is not None:
                texts += [repr(obj.request.headers), repr(obj.request)]
            response = getattr(obj, "response", None)
            if response is not None:
                texts += [repr(response.headers), repr(response.request.headers)]
    return texts


def test_canary_never_shown(caplog, capfd, monkeypatch):
    monkeypatch.setenv("FIREWORKS_LOG", "debug")
    caplog.set_level(logging.DEBUG)
    for name in ("fireworks_rft", "httpx", "httpcore"):
        caplog.set_level(logging.DEBUG, logger=name)
    shown: list[str] = []

    with fault_server(*SCRIPT) as server:
        client = fw.Client(
            api_key=CANARY, account_id="acct", base_url=server.url, _timing=_no_sleep([])
        )
        variants = [client, client.with_options(max_retries=0), client.gateway]
        variants += [client.gateway.with_headers({"x": "y"}), client._config, client._settings]
        for obj in variants:
            shown += _shown(obj)
        for _ in range(9):
            try:
                shown += _shown(
                    client.execute_train_step("job", dataset="d", output_model="m", timeout=0.3)
                )
            except fw.FireworksError as exc:
                shown += _shown(exc)
        client.close()

        async def run_async() -> None:
            async with fw.AsyncClient(
                api_key=CANARY, account_id="acct", base_url=server.url
            ) as aclient:
                shown.extend(_shown(aclient))
                shown.extend(_shown(aclient.gateway))
                shown.extend(
                    _shown(await aclient.execute_train_step("job", dataset="d", output_model="m"))
                )

        asyncio.run(run_async())
        received = [r.headers.get("Authorization") for r in server.received]

    refused = fw.Client(
        api_key=CANARY, account_id="a", base_url=f"http://127.0.0.1:{refused_port()}", max_retries=0
    )
    with pytest.raises(fw.APIConnectionError) as info:
        refused.execute_train_step("job", dataset="d", output_model="m")
    shown += _shown(info.value)

    for bad in ({"api_key": CANARY, "base_url": "http://example.com"}, {"api_key": CANARY + " x"}):
        with pytest.raises(fw.ConfigurationError) as config_error:
            fw.Client(**bad)
        shown += _shown(config_error.value)

    monkeypatch.setenv("FIREWORKS_API_KEY", CANARY)
    main(
        [
            "train-step",
            "job",
            "--account-id",
            "a",
            "--dataset",
            "d",
            "--output-model",
            "m",
            "--dry-run",
        ]
    )

    # Positive control: the key really was used, on every attempt.
    assert received and all(value == f"Bearer {CANARY}" for value in received)
    assert len(received) == len(SCRIPT) + 1
    logged = [record.getMessage() for record in caplog.records]
    logged += [repr(record.args) for record in caplog.records]
    assert any("attempt=" in line for line in logged), "the SDK did log its requests"
    out, err = capfd.readouterr()
    for text in [*shown, *logged, out, err]:
        assert CANARY not in text
    assert "Bearer **********" in out


def test_secret_wrapper():
    from fireworks_rft._auth import Secret

    secret = Secret(CANARY)
    assert CANARY not in repr(secret) and CANARY not in str(secret) and CANARY not in f"{secret}"
    assert secret.get_secret_value() == CANARY


def test_key_is_not_sent_to_other_origins():
    with fault_server(OK) as server:
        http = httpx.Client()
        client = fw.Client(api_key=CANARY, base_url="https://api.fireworks.ai", http_client=http)
        client.gateway.get_httpx_client().get(server.url + "/probe")
        http.close()
    assert "Authorization" not in server.received[0].headers
