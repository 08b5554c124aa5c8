"""The one classification of failures, shared by calls and waits, and "may it have run?".

Every failed attempt (an HTTP status or a transport exception) falls in one :class:`Outcome`,
and :data:`RULES` says, for each, what every part of the SDK does with it:

=============  =============  =============  ============  ==============
outcome        retry a step?  retry a read?  keep polling  may it have run?
=============  =============  =============  ============  ==============
NOT_SENT       yes            yes            yes           no
BUSY           yes            yes            yes           no
UNKNOWN        no (opt-in)    yes            yes           yes
REFUSED        no             no             no            no
UNSENDABLE     no             no             no            no
=============  =============  =============  ============  ==============

"Retry a read" covers every idempotent request (GET, DELETE, ...); "retry a step" every other
one, unless the client was built with ``retry_ambiguous_failures``. A wait keeps polling
after a read that failed so, once the read's own retries are spent. :func:`may_have_run` is
the answer for any exception, an :class:`~fireworks_rft.APIError` or not: the ledger and the
notes on ambiguous failures ask it, and nothing else decides.
"""

from __future__ import annotations

import enum
from typing import NamedTuple

import httpx

from ._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    APITimeoutError,
)

#: Methods that may be repeated without changing the outcome (RFC 9110, 9.2.2).
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE"})


class Outcome(enum.Enum):
    """What one failed (or accepted) attempt says about the server having acted."""

    #: Never reached the server (no connection, no slot, pool timeout).
    NOT_SENT = "not_sent"
    #: The server refused it for now (425 Too Early, 429, 503): it did not act.
    BUSY = "busy"
    #: It may have reached the server, which may have acted (500/502/504, a read timeout,
    #: a dropped connection, a deadline passed while reading the answer).
    UNKNOWN = "unknown"
    #: The server refused it (4xx, 501, 505): it did not act, and will not.
    REFUSED = "refused"
    #: It could not be sent at all (a malformed request).
    UNSENDABLE = "unsendable"
    #: The server accepted it (2xx).
    ACCEPTED = "accepted"


class Rule(NamedTuple):
    """What the SDK does after an attempt with one outcome."""

    retry_step: bool
    retry_read: bool
    keep_polling: bool
    may_have_run: bool


#: The table: one row per outcome (see the module's docstring).
RULES: dict[Outcome, Rule] = {
    #                   retry_step, retry_read, keep_polling, may_have_run
    Outcome.NOT_SENT: Rule(True, True, True, False),
    Outcome.BUSY: Rule(True, True, True, False),
    Outcome.UNKNOWN: Rule(False, True, True, True),
    Outcome.REFUSED: Rule(False, False, False, False),
    Outcome.UNSENDABLE: Rule(False, False, False, False),
    Outcome.ACCEPTED: Rule(False, False, False, True),
}


def classify_status(status_code: int) -> Outcome:
    """The outcome of an HTTP status."""
    if 200 <= status_code < 300:
        return Outcome.ACCEPTED
    if status_code in (425, 429, 503):  # 425: a deployment still hot-loading (Too Early)
        return Outcome.BUSY
    if status_code >= 500 and status_code not in (501, 505):
        return Outcome.UNKNOWN
    return Outcome.REFUSED


def classify_exception(exc: BaseException) -> Outcome:
    """The outcome of a transport exception raised while sending one attempt."""
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Outcome.NOT_SENT
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError):
        return Outcome.UNSENDABLE
    return Outcome.UNKNOWN  # read/write timeouts, dropped connections, protocol errors


def outcome_of(error: APIError) -> Outcome:
    """The outcome of the last attempt of a failed call, from its error."""
    if isinstance(error, APIStatusError):
        return classify_status(error.status_code)
    cause = error.__cause__
    if isinstance(cause, httpx.RequestError):
        return classify_exception(cause)
    if isinstance(error, APITimeoutError):  # a deadline or slot wait: time, not the server
        return Outcome.UNKNOWN if error.may_have_been_processed else Outcome.NOT_SENT
    if isinstance(error, APIConnectionError):
        return Outcome.UNKNOWN
    return Outcome.REFUSED  # a 2xx that does not parse, an answer too large: final


def keep_polling(error: APIError) -> bool:
    """Whether a wait polls on after a read that failed with ``error``."""
    return RULES[outcome_of(error)].keep_polling


def may_have_run(error: BaseException, *, under_way: bool) -> bool:
    """Whether the server may have acted on a call that raised ``error``.

    An :class:`~fireworks_rft.APIError` says so itself (the attempt state machine decided it).
    Any other exception (an interrupt, a task cancellation, a bug) may have run only if the
    request was ``under_way``: an attempt had been handed to httpx to send. A closed client,
    a bad argument or an exhausted slot wait never is.
    """
    if isinstance(error, APIError):
        return error.may_have_been_processed
    return under_way
