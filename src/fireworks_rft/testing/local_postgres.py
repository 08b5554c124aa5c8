"""A throwaway PostgreSQL server on 127.0.0.1, to try a sweep (and for the tests).

    python -m fireworks_rft.testing.local_postgres

starts one (on a free port, its data in a temporary folder), prints its URL, and stops and
removes it on Ctrl-C: give the URL to ``--ledger`` (``examples/ray_sweep.py``,
``fireworks-rft steps --watch``) or ``Client(ledger=...)``. It needs PostgreSQL's server
programs (Debian: ``apt-get install postgresql``; ``make local-postgres`` installs it) and
the ``postgres`` extra to be useful. PostgreSQL refuses to run as root, so as root the server
runs as the unprivileged ``postgres`` user (``runuser``). Nothing is kept: it runs with
``fsync`` off unless ``durable``. When every loop of a sweep runs on one machine, a SQLite
file serves as well (``--ledger steps.db``).
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

__all__ = ["main", "postgres_server"]


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
def postgres_server(*, durable: bool = False, max_connections: int | None = None) -> Iterator[str]:
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
        return subprocess.run(  # noqa: S603 - PostgreSQL's own programs, our arguments
            command, check=True, capture_output=True, text=True, timeout=120
        )

    try:
        run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        options = f"-p {port} -k {home} -c listen_addresses=127.0.0.1"
        if not durable:
            options += " -c fsync=off"
        if max_connections is not None:
            options += f" -c max_connections={int(max_connections)}"
        run("pg_ctl", "-D", str(data), "-o", options, "-l", str(home / "log"), "-w", "start")
        yield f"postgresql://postgres@127.0.0.1:{port}/postgres"
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"cannot start PostgreSQL: {exc.stderr or exc.stdout}") from exc
    finally:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            run("pg_ctl", "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(home, ignore_errors=True)


def main() -> int:
    """Start a server, print its URL, and stop it on Ctrl-C."""
    try:
        with postgres_server() as url:
            print(f"PostgreSQL for a sweep's ledger: {url}", flush=True)
            print(f"  export FIREWORKS_RFT_LEDGER={url}\n  Press Ctrl-C to stop.", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                while not threading.Event().wait(0.2):  # wakes up for Ctrl-C
                    pass
    except RuntimeError as exc:
        print(f"local_postgres: {exc}", file=sys.stderr)
        return 1
    print("PostgreSQL stopped and removed.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
