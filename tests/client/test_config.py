"""Constructor arguments, environment variables and their checks."""

from __future__ import annotations

import math
from pathlib import Path

import certifi
import httpx
import pytest

import fireworks_rft
from fireworks_rft import AsyncClient, Client, ConfigurationError

from ..support.fakes import API_KEY


@pytest.fixture(params=[Client, AsyncClient], ids=["sync", "async"])
def client_class(request: pytest.FixtureRequest) -> type:
    return request.param


def test_missing_api_key_names_the_env_var(client_class):
    with pytest.raises(ConfigurationError, match="FIREWORKS_API_KEY"):
        client_class()


def test_empty_env_api_key_counts_as_missing(client_class, monkeypatch):
    monkeypatch.setenv("FIREWORKS_API_KEY", "")
    with pytest.raises(ConfigurationError, match="FIREWORKS_API_KEY"):
        client_class()


def test_env_defaults(client_class, monkeypatch):
    monkeypatch.setenv("FIREWORKS_API_KEY", API_KEY)
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "acct-env")
    monkeypatch.setenv("FIREWORKS_BASE_URL", "https://gw.example.com/prefix")
    client = client_class()
    assert client.account_id == "acct-env"
    assert client.base_url == httpx.URL("https://gw.example.com/prefix")


def test_arguments_win_over_env(client_class, monkeypatch):
    monkeypatch.setenv("FIREWORKS_API_KEY", "env-key")
    monkeypatch.setenv("FIREWORKS_ACCOUNT_ID", "acct-env")
    monkeypatch.setenv("FIREWORKS_BASE_URL", "https://env.example.com")
    client = client_class(api_key=API_KEY, account_id="acct-arg", base_url="https://arg.example")
    assert client.account_id == "acct-arg"
    assert client.base_url.host == "arg.example"
    assert client._config.api_key.get_secret_value() == API_KEY


def test_defaults(client_class):
    client = client_class(api_key=API_KEY)
    assert client.base_url == httpx.URL("https://api.fireworks.ai")
    assert client.account_id is None
    assert client.max_retries == 2
    assert client.timeout == httpx.Timeout(60.0, connect=5.0)
    assert client.timeout == fireworks_rft.DEFAULT_TIMEOUT


@pytest.mark.parametrize(
    ("timeout", "error"),
    [
        (None, TypeError),
        ("5", TypeError),
        (True, TypeError),
        (0, ValueError),
        (-1.0, ValueError),
        (math.inf, ValueError),
        (math.nan, ValueError),
        (httpx.Timeout(None), ValueError),
        (httpx.Timeout(10.0, read=None), ValueError),
    ],
)
def test_timeout_must_be_finite(client_class, timeout, error):
    with pytest.raises(error, match="timeout"):
        client_class(api_key=API_KEY, timeout=timeout)


@pytest.mark.parametrize(
    ("value", "error"), [(-1, ValueError), (1.5, TypeError), (True, TypeError)]
)
def test_max_retries_checked(client_class, value, error):
    with pytest.raises(error, match="max_retries"):
        client_class(api_key=API_KEY, max_retries=value)


@pytest.mark.parametrize(
    "url",
    ["ftp://api.fireworks.ai", "api.fireworks.ai", "https://", "https://h/x?q=1", "https://u:p@h"],
)
def test_bad_base_url(client_class, url):
    with pytest.raises(ValueError, match="base_url"):
        client_class(api_key=API_KEY, base_url=url)


@pytest.mark.parametrize("api_key", ["", "   ", "canary with space", "canary\n"])
def test_bad_api_key_is_rejected_without_echo(client_class, api_key):
    with pytest.raises(ConfigurationError) as info:
        client_class(api_key=api_key)
    if api_key.strip():
        assert api_key.strip() not in str(info.value)


def test_api_key_type(client_class):
    with pytest.raises(TypeError, match="api_key must be a str"):
        client_class(api_key=b"bytes-key")


def test_plain_http_refused_for_remote_hosts(client_class):
    with pytest.raises(ConfigurationError, match="http://") as info:
        client_class(api_key=API_KEY, base_url="http://api.fireworks.ai")
    assert "allow_insecure_http" in str(info.value)
    client_class(api_key=API_KEY, base_url="http://api.fireworks.ai", allow_insecure_http=True)


@pytest.mark.parametrize(
    "url", ["http://127.0.0.1:8080", "http://127.9.9.9", "http://localhost:1", "http://[::1]:80"]
)
def test_plain_http_allowed_on_loopback(client_class, url):
    client_class(api_key=API_KEY, base_url=url)


def test_account_id_checked(client_class):
    with pytest.raises(ValueError, match="account_id"):
        client_class(api_key=API_KEY, account_id="a/b")


def test_default_headers_may_not_set_authorization(client_class):
    with pytest.raises(ValueError, match="Authorization"):
        client_class(api_key=API_KEY, default_headers={"authorization": "Bearer other"})
    with pytest.raises(TypeError, match="default_headers"):
        client_class(api_key=API_KEY, default_headers={"X-N": 1})


def test_fireworks_log_env_enables_logging(monkeypatch):
    import logging

    logger = logging.getLogger("fireworks_rft")
    old_level, old_handlers = logger.level, list(logger.handlers)
    monkeypatch.setenv("FIREWORKS_LOG", "debug")
    try:
        Client(api_key=API_KEY)
        assert logger.level == logging.DEBUG
    finally:
        logger.setLevel(old_level)
        logger.handlers[:] = old_handlers


def test_a_list_without_an_account_says_which_list_and_how_to_give_one(monkeypatch):
    monkeypatch.delenv("FIREWORKS_ACCOUNT_ID", raising=False)
    with Client(api_key="k") as client, pytest.raises(ConfigurationError) as info:
        client.list_models()
    assert str(info.value).startswith("No account to list models in: pass account_id=")
    assert "'x'" not in str(info.value)


def test_clients_share_one_ssl_context_until_the_certificate_settings_change(
    client_class, monkeypatch, tmp_path
):
    """httpx reads the CA bundle for each client it builds: the SDK's pools share one
    context per setting, and SSL_CERT_FILE (which httpx honours) still takes effect."""
    from fireworks_rft import _base_client

    made: list[bool] = []
    create = httpx.create_ssl_context

    def counted(**kwargs):
        made.append(kwargs["trust_env"])
        return create(**kwargs)

    monkeypatch.setattr(httpx, "create_ssl_context", counted)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    _base_client._ssl_context.cache_clear()
    for _ in range(3):
        client_class(api_key=API_KEY, account_id="a")
    assert made == [True]  # https off this machine: the environment's settings apply
    bundle = tmp_path / "ca.pem"
    bundle.write_bytes(Path(certifi.where()).read_bytes())
    monkeypatch.setenv("SSL_CERT_FILE", str(bundle))
    client_class(api_key=API_KEY, account_id="a")
    client_class(api_key=API_KEY, account_id="a", base_url="http://127.0.0.1:9")
    assert made == [True, True, False]  # a new bundle; loopback reads no environment
