"""pytest plugin (registered through the ``pytest11`` entry point): emulator fixtures.

- ``fake_gateway``: a running :class:`~fireworks_rft.testing.FakeGateway`. One server serves
  the whole pytest session and is reset before each test (its jobs, models, steps, requests
  and script forgotten), so the fixture costs a reset, not a server start. Bare job IDs given
  to ``fail_job``/``set_job_state`` are in account ``test-account``, as for the clients.
  Unlike a plain ``FakeGateway()``, it is strict by default (``known_jobs=()``): a job
  exists only once it was created (``create_job``) or added (``add_job``), so a loop that
  forgets to create its job fails its tests; pass ``known_jobs=None`` in the marker for
  "every job exists".
- ``fake_gateway_client``: a :class:`fireworks_rft.Client` connected to it (account
  ``test-account``) with a step ledger in the test's temporary folder (so ``run_step``
  works), closed after the test. With ``clock=ManualClock()`` its sleeps advance that clock:
  a wait, a reconcile or ``run_step`` never hangs, and nothing really sleeps.
- ``fake_gateway_async_client``: the same, as an :class:`fireworks_rft.AsyncClient`.

The marker ``@pytest.mark.fake_gateway(step_seconds=..., job_start_seconds=...,
deploy_seconds=..., api_key=..., known_jobs=..., clock=...)`` sets those options for one
test. Any other FakeGateway argument in the marker (``spec=``, ``host=``, ...) gets that
test a server of its own.

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
#: Marker options a reset can apply; any other needs a server of its own.
_RESETTABLE = frozenset(
    {
        "step_seconds",
        "api_key",
        "known_jobs",
        "clock",
        "default_account",
        "job_start_seconds",
        "deploy_seconds",
        "inactivity_seconds",
        "inactivity_state",
        "promote_seconds",
        "datasets_retired",
        "known_datasets",
    }
)


def pytest_configure(config: pytest.Config) -> None:
    """Register the ``fake_gateway`` marker."""
    config.addinivalue_line(
        "markers",
        "fake_gateway(**options): FakeGateway options for this test's fake_gateway fixture",
    )


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


@pytest.fixture(scope="session")
def _fake_gateway_server() -> Iterator[FakeGateway]:
    """The session's FakeGateway server; tests get it reset through ``fake_gateway``."""
    from fireworks_rft.testing import FakeGateway

    with FakeGateway(default_account=TEST_ACCOUNT_ID) as gateway:
        yield gateway


@pytest.fixture
def fake_gateway(request: pytest.FixtureRequest) -> Iterator[FakeGateway]:
    """A running FakeGateway on 127.0.0.1 with an OS-chosen port, reset for this test."""
    marker = request.node.get_closest_marker("fake_gateway")
    # strict: only created or added jobs, only added or uploaded datasets, exist
    options: dict[str, Any] = {"known_jobs": (), "known_datasets": ()}
    options.update(marker.kwargs if marker is not None else {})
    if marker is not None and marker.args:
        raise TypeError("@pytest.mark.fake_gateway takes keyword options only")
    if set(options) - _RESETTABLE:
        from fireworks_rft.testing import FakeGateway

        options.setdefault("default_account", TEST_ACCOUNT_ID)
        with FakeGateway(**options) as own:
            yield own
        return
    shared: FakeGateway = request.getfixturevalue("_fake_gateway_server")
    shared.reset(**options)
    yield shared


def _client_options(gateway: FakeGateway, tmp_path: Any) -> dict[str, Any]:
    """A fixture client's options: the emulator, a ledger, and its clock's time if manual."""
    from fireworks_rft.testing import ManualClock

    options: dict[str, Any] = {
        "base_url": gateway.url,
        "api_key": gateway.api_key,
        "account_id": TEST_ACCOUNT_ID,
        "ledger": tmp_path / "steps.db",
    }
    clock = gateway.clock
    if isinstance(clock, ManualClock):
        options["_timing"] = _virtual_timing(clock)
    return options


def _virtual_timing(clock: Any) -> Any:
    """Sleeps that advance ``clock`` instead of sleeping; the clocks read it."""
    from fireworks_rft._timing import Timing

    async def async_sleep(seconds: float) -> None:
        clock.advance(seconds)

    return Timing(sleep=clock.advance, async_sleep=async_sleep, clock=clock, wall_clock=clock)


@pytest.fixture
def fake_gateway_client(fake_gateway: FakeGateway, tmp_path: Any) -> Iterator[Client]:
    """A fireworks_rft.Client connected to ``fake_gateway``, with a step ledger."""
    from fireworks_rft import Client

    with Client(**_client_options(fake_gateway, tmp_path)) as client:
        yield client


@_async_fixture
async def fake_gateway_async_client(
    fake_gateway: FakeGateway, tmp_path: Any
) -> AsyncIterator[AsyncClient]:
    """A fireworks_rft.AsyncClient connected to ``fake_gateway``, with a step ledger.

    Needs an async test runner: with pytest-asyncio, mark the test ``@pytest.mark.asyncio``
    (strict mode, its default) or set ``asyncio_mode = "auto"``.
    """
    from fireworks_rft import AsyncClient

    async with AsyncClient(**_client_options(fake_gateway, tmp_path)) as client:
        yield client
