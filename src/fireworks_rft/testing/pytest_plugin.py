"""pytest plugin (registered through the ``pytest11`` entry point): emulator fixtures.

- ``fake_gateway``: a running :class:`~fireworks_rft.testing.FakeGateway`, new for each test.
- ``fake_gateway_client``: a :class:`fireworks_rft.Client` connected to it (account
  ``test-account``), closed after the test.
- ``fake_gateway_async_client``: the same, as an :class:`fireworks_rft.AsyncClient`.

Nothing is imported from the ``testing`` extra until a fixture is used, so installing
fireworks-rft without the extra never breaks a pytest run.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from fireworks_rft import AsyncClient, Client
    from fireworks_rft.testing import FakeGateway

#: The account the client fixtures use for bare job IDs.
TEST_ACCOUNT_ID = "test-account"


def _async_fixture(function: Callable[..., Any]) -> Any:
    """Decorate an async fixture for whichever async runner is installed.

    pytest-asyncio's own decorator works in its strict and auto modes; without it, pytest's
    plain decorator serves another runner (anyio, ...).
    """
    try:
        from pytest_asyncio import fixture
    except ImportError:
        return pytest.fixture(function)
    return fixture(function)


@pytest.fixture
def fake_gateway() -> Iterator[FakeGateway]:
    """A running FakeGateway on 127.0.0.1 with an OS-chosen port."""
    from fireworks_rft.testing import FakeGateway

    with FakeGateway() as gateway:
        yield gateway


@pytest.fixture
def fake_gateway_client(fake_gateway: FakeGateway) -> Iterator[Client]:
    """A fireworks_rft.Client connected to ``fake_gateway``."""
    from fireworks_rft import Client

    with Client(
        base_url=fake_gateway.url, api_key=fake_gateway.api_key, account_id=TEST_ACCOUNT_ID
    ) as client:
        yield client


@_async_fixture
async def fake_gateway_async_client(fake_gateway: FakeGateway) -> AsyncIterator[AsyncClient]:
    """A fireworks_rft.AsyncClient connected to ``fake_gateway``.

    Needs an async test runner: with pytest-asyncio, mark the test ``@pytest.mark.asyncio``
    (strict mode, its default) or set ``asyncio_mode = "auto"``.
    """
    from fireworks_rft import AsyncClient

    async with AsyncClient(
        base_url=fake_gateway.url, api_key=fake_gateway.api_key, account_id=TEST_ACCOUNT_ID
    ) as client:
        yield client
