"""Opening a ledger: the one function the client and the command line both open one with.

``open_ledger`` picks the store by the value given: a ``postgresql://`` (or
``postgres://``) URL is a :class:`~._postgres_ledger.PostgresLedger`, any other path a
:class:`~._sqlite_ledger.SQLiteLedger` file, and a :class:`~._ledger.LedgerStore` is used as
it is. A value that opens no ledger is a :class:`~fireworks_rft.ConfigurationError` that
says why, with a URL's password masked.
"""

from __future__ import annotations

import os

from ._exceptions import ConfigurationError, LedgerUnavailableError
from ._ledger import LedgerStore


def is_postgres_url(value: object) -> bool:
    """Whether a ledger value is a PostgreSQL connection URL (else a SQLite file path)."""
    return isinstance(value, str) and value.startswith(("postgresql://", "postgres://"))


def open_ledger(
    ledger: str | os.PathLike[str] | LedgerStore, *, read_only: bool = False
) -> tuple[LedgerStore, bool]:
    """The store a client (or a command) was given, and whether it owns (and closes) it.

    Args:
        ledger: A ``postgresql://`` URL, a SQLite file's path, or a store.
        read_only: Open it for reading only (``fireworks-rft steps``): a SQLite file must
            exist already.

    Raises:
        ConfigurationError: It is no ledger this version reads (or the extra it needs is
            missing).
        LedgerUnavailableError: The database refused the connection.
    """
    if isinstance(ledger, LedgerStore):
        return ledger, False
    if not isinstance(ledger, str | os.PathLike):
        raise TypeError(
            "ledger must be a path (str or os.PathLike), a postgresql:// URL or a LedgerStore, "
            f"got {type(ledger).__name__}"
        )
    try:
        if is_postgres_url(ledger):
            from ._postgres_ledger import PostgresLedger

            return PostgresLedger(str(ledger), read_only=read_only), True
        from ._sqlite_ledger import SQLiteLedger  # sqlite3 loads only for a client with one

        return SQLiteLedger(ledger, read_only=read_only), True
    except (ConfigurationError, LedgerUnavailableError, TypeError):
        raise
    except Exception as exc:  # any other failure to open it says why, password masked
        import sqlite3

        from ._config import masked_text, masked_url

        reason = masked_text(str(exc), ledger) or type(exc).__name__
        if isinstance(exc, sqlite3.Error):
            reason = f"not a fireworks-rft ledger ({reason})"
        problem = f"ledger {masked_url(os.fspath(ledger))}: {reason}"
        raise ConfigurationError(problem, setting="ledger", problem=problem) from None
