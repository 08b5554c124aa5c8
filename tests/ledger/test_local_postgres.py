"""``python -m fireworks_rft.testing.local_postgres``: a PostgreSQL to try a sweep on."""

from __future__ import annotations

import signal
import subprocess
import sys

import fireworks_rft as fw


def test_it_prints_a_url_a_ledger_opens_and_ctrl_c_removes_it():
    server = subprocess.Popen(
        [sys.executable, "-m", "fireworks_rft.testing.local_postgres"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = server.stdout.readline()
        assert first.startswith("PostgreSQL for a sweep's ledger: postgresql://"), (
            first + server.stderr.read()
        )
        url = first.split(": ", 1)[1].strip()
        assert "@127.0.0.1:" in url
        store = fw.PostgresLedger(url)  # the URL it printed is a ledger
        assert store.records() == []
        store.close()
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
    finally:
        server.kill()
        server.wait()
        server.stdout.close()
        server.stderr.close()
    assert server.returncode == 0 and "PostgreSQL stopped and removed." in out
