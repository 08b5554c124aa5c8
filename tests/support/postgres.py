"""A throwaway PostgreSQL server for the tests (the one users start to try a sweep).

Nothing is skipped when the server is missing: ``make test`` installs it (Debian's
``postgresql``), and a missing server fails the run, saying why.
"""

from __future__ import annotations

from fireworks_rft.testing.local_postgres import postgres_server

__all__ = ["fresh_database", "postgres_server"]


def fresh_database(admin_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``admin_url``; its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # A file copy of the empty template0: a fifth of the default's CPU (WAL_LOG copies
        # template1 block by block through the WAL), and tests create a database each.
        connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 STRATEGY FILE_COPY')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
