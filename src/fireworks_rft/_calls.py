"""A call of a generated operation: the resource it names, how to send it, what it may do.

The client's methods import the generated operation they call inside the method (``import
fireworks_gateway.api.gateway.<operation> as ...``, under :func:`generated`), so mypy checks
every path argument, body and answer, ``import fireworks_rft`` loads no generated code, and
a spec bump that drops an operation breaks only the methods that import it: they raise
:class:`~fireworks_rft.OperationUnavailableError` naming the module. A :class:`Call` carries
the send (a function of the gateway client) and the facts declared with the operation
(:class:`Facts`: is a retry after an ambiguous failure safe, did the live platform retire
it), which the sender reads from :data:`OPERATION` while the call runs.
"""

from __future__ import annotations

import contextvars
import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Generic, NamedTuple, Protocol, TypeAlias, TypeVar

from ._checks import check_positive_int, check_str
from ._exceptions import APIResponseValidationError, OperationUnavailableError
from ._names import ResourceRef

if TYPE_CHECKING:
    from fireworks_gateway.types import Response, Unset

    from ._gateway import GatewayClient

#: Where every generated operation lives (tools/prepass.py gives all of them one tag).
GENERATED_API = "fireworks_gateway.api.gateway"

R = TypeVar("R", covariant=True)
M = TypeVar("M")
T = TypeVar("T")


class Facts(NamedTuple):
    """What is known of an operation beyond its HTTP method, declared where it is called.

    Attributes:
        idempotent: Whether sending it twice does what sending it once does, so a retry
            after an ambiguous failure (a 5xx, a cut connection) is safe. None: as its HTTP
            method says (GET, DELETE, ... are; POST is not).
        retired: Fireworks' live platform retired it on 2026-11-15 (it answers 501).
    """

    idempotent: bool | None = None
    retired: bool = False


#: An operation whose HTTP method says it all (a GET, a DELETE, a creation's POST).
PLAIN = Facts()
#: A POST that is safe to send twice (cancel, resume: assumed from their semantics, as no
#: source states it; see docs/maintaining.md).
RETRY_SAFE = Facts(idempotent=True)
#: A dataset creation: retired by the live platform, and not idempotent.
RETIRED = Facts(retired=True)
#: A dataset upload's endpoint and validation: retired, and assumed safe to send twice.
RETIRED_RETRY_SAFE = Facts(idempotent=True, retired=True)

#: The facts of the operation being sent in this context; None: by the HTTP method alone.
OPERATION: contextvars.ContextVar[Facts | None] = contextvars.ContextVar(
    "fireworks_rft_operation", default=None
)


class Call(Generic[R]):
    """A checked call: the resource it names, its send, and its operation's facts.

    ``send`` takes the gateway client and sends the request with the generated function
    (``asyncio_detailed`` in the async client, ``sync_detailed`` in the sync one).
    """

    __slots__ = ("facts", "ref", "send")

    def __init__(
        self,
        ref: ResourceRef,
        send: Callable[[GatewayClient], R],
        facts: Facts = PLAIN,
    ) -> None:
        self.ref = ref
        self.send = send
        self.facts = facts

    def __repr__(self) -> str:
        return f"Call({self.ref.name!r})"


if TYPE_CHECKING:
    #: A call whose send is awaited (the async client's), answering ``Response[M]``.
    AsyncCall: TypeAlias = Call[Awaitable[Response[M]]]
    #: A call whose send answers ``Response[M]`` at once (the sync client's).
    SyncCall: TypeAlias = Call[Response[M]]


class OnResource(Protocol[R]):
    """A generated function of one named resource: ``(account_id, resource_id, *, client)``."""

    def __call__(self, account_id: str, resource_id: str, /, *, client: GatewayClient) -> R:
        """Send the operation on ``accounts/{account_id}/.../{resource_id}``."""
        ...


class AccountList(Protocol[R]):
    """A generated list of an account's resources, one page per call."""

    def __call__(
        self,
        account_id: str,
        /,
        *,
        client: GatewayClient,
        page_size: int | Unset = ...,
        page_token: str | Unset = ...,
        filter_: str | Unset = ...,
        order_by: str | Unset = ...,
    ) -> R:
        """Read one page of ``accounts/{account_id}/...``."""
        ...


def on(ref: ResourceRef, function: OnResource[R], facts: Facts = PLAIN) -> Call[R]:
    """A call of ``function`` on the named resource ``ref`` (its account and ID)."""
    return Call(ref, lambda gateway: function(ref.account_id, ref.id, client=gateway), facts)


class Page(Protocol):
    """A generated list answer: one page of items, and the next page's token."""

    @property
    def next_page_token(self) -> str | Unset:
        """The next page's token; empty or unset on the last page."""
        ...


class _Generated:
    """The context manager :func:`generated` returns (one for every use: it holds nothing)."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, traceback: object) -> None:
        if isinstance(error, ImportError) and (error.name or "").startswith("fireworks_gateway"):
            raise _unavailable(error) from None


_GENERATED = _Generated()


def generated() -> _Generated:
    """Import generated operations and models inside; a missing one is OperationUnavailableError.

    The error names the missing module (or model) and the public client method that needs
    it: the first public method of ``Client`` or ``AsyncClient`` on the stack.
    """
    return _GENERATED


def _unavailable(error: ImportError) -> OperationUnavailableError:
    from ._version import __spec_version__

    missing = error.name or ""
    operation = missing.rpartition(".")[2]
    what = missing if isinstance(error, ModuleNotFoundError) else f"{missing} ({error})"
    return OperationUnavailableError(
        f"The API operation {operation} ({what}) is not in the spec this fireworks-rft was "
        f"built from (Gateway REST API {__spec_version__}), so {_public_caller()}() cannot "
        "be used. Install a fireworks-rft whose spec has it.",
        operation_id=operation,
    )


def _public_caller() -> str:
    """The public client method on the stack (for messages); ``this method`` if none."""
    frame = inspect.currentframe()
    while frame is not None:
        qualname = frame.f_code.co_qualname
        owner, _, method = qualname.rpartition(".")
        if owner in ("Client", "AsyncClient") and not method.startswith("_"):
            return method
        frame = frame.f_back
    return "this method"


def parsed(ref: ResourceRef, response: Response[M]) -> M:
    """The generated model of a 2xx answer, as the operation's own module parsed it.

    A 2xx status the spec does not describe for the operation raises
    APIResponseValidationError (a body that does not match raised already, while parsing).
    """
    found = response.parsed
    if found is None:
        import httpx

        raise APIResponseValidationError(
            f"The server answered {int(response.status_code)} for {ref.name}, a status "
            "the spec does not describe for this operation. The request was most likely "
            "processed.",
            response=httpx.Response(
                int(response.status_code), headers=response.headers, content=response.content
            ),
        )
    return found


def next_token(page: Page) -> str | None:
    """The next page's token of a list answer; None on the last page."""
    token = page.next_page_token
    return token if isinstance(token, str) and token else None


def given(value: T | None) -> T | Unset:
    """``value``, or UNSET for None: an argument left out of the generated call."""
    if value is None:
        from fireworks_gateway.types import UNSET

        return UNSET
    return value


def present(value: T | Unset) -> T | None:
    """``value``, or None where the answer left it out (UNSET)."""
    from fireworks_gateway.types import Unset

    return None if isinstance(value, Unset) else value


def optional_str(value: object, *, name: str) -> str | Unset:
    """An optional text argument (a filter, an order): checked, or UNSET when None."""
    return given(None if value is None else check_str(value, name=name))


def optional_page_size(value: object) -> int | Unset:
    """A list's ``page_size``: a positive int, or UNSET when None (the server's default)."""
    return given(None if value is None else check_positive_int(value, name="page_size"))
