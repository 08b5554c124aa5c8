"""A throwaway PostgreSQL server for the tests: on 127.0.0.1 and a free port, removed after.

PostgreSQL refuses to run as root, so as root (CI) the server runs as the unprivileged
``postgres`` user (``runuser``). Nothing is skipped when the server is missing: ``make test``
installs it (Debian's ``postgresql``), and a missing server fails the run, saying why.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _bindir() -> Path:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise RuntimeError(
        "PostgreSQL is not installed (no initdb): make test installs Debian's postgresql; "
        "run 'apt-get install -y postgresql', or make test, first"
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() == 0:  # PostgreSQL refuses root
        return ["runuser", "-u", "postgres", "--", *command]
    return command


@contextlib.contextmanager
def postgres_server(*, durable: bool = False) -> Iterator[str]:
    """Start a server; yield the URL of its ``postgres`` database; stop and remove it.

    Tests run it with ``fsync`` off (nothing is kept); ``durable`` keeps it on (benchmarks).
    """
    bindir = _bindir()
    home = Path(tempfile.mkdtemp(prefix="fireworks-rft-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", _free_port()

    def run(*argv: str) -> subprocess.CompletedProcess[str]:
        command = _as_server_user([str(bindir / argv[0]), *argv[1:]])
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    try:
        run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1"
        if not durable:
            options += " -c fsync=off"
        run("pg_ctl", "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"cannot start PostgreSQL: {exc.stderr or exc.stdout}") from exc
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


def fresh_database(admin_url: str, name: str) -> str:
    """Create database ``name`` on the server of ``admin_url``; its URL."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return admin_url.rsplit("/", 1)[0] + f"/{name}"
