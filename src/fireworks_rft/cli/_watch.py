"""``steps --watch``: a live view of a ledger, one row per job, from any host.

It reads only the ledger (read-only), through :class:`~fireworks_rft._ledger_summary.SweepWatch`,
so each refresh reads what changed since the last one. On a terminal the view is redrawn in
place every ``--interval`` seconds; elsewhere, and with ``-o json`` (one JSON object per
refresh, for scripts), each refresh is printed after the last. Ctrl-C stops it (exit 0).
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
import time
from typing import TextIO

from .._ledger import LedgerStore
from .._ledger_summary import SweepWatch
from ._output import EXIT_OK

#: How the loop sleeps between refreshes (a test replaces it).
sleep = time.sleep
#: The terminal's "cursor home, clear below": a refresh redraws the view in place.
_REDRAW = "\x1b[H\x1b[J"
_UNITS = {"s": 1.0, "m": 60.0, "h": 3600.0, "d": 86400.0}


def since(text: str) -> float:
    """An argparse type: a moment, in Unix seconds.

    An ISO time (``2026-12-07T10:00``, UTC unless it says) or a duration back from now
    (``90s``, ``10m``, ``2h``, ``1d``).
    """
    found = re.fullmatch(r"(\d+(?:\.\d+)?)([smhd])", text.strip())
    if found:
        return time.time() - float(found.group(1)) * _UNITS[found.group(2)]
    try:
        moment = datetime.datetime.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected an ISO time or a duration such as 10m, got {text!r}"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=datetime.UTC)
    return moment.timestamp()


def watch(
    args: argparse.Namespace, store: LedgerStore, label: str, out: TextIO | None = None
) -> int:
    """Refresh the view of ``store`` until Ctrl-C (or ``--count`` refreshes); exit 0.

    The caller opened the store and closes it.
    """
    stream = sys.stdout if out is None else out
    as_json = args.output == "json"
    redraw = not as_json and stream.isatty()
    view = SweepWatch(store, job=args.job, state=args.state, since=args.since)
    refreshes = 0
    try:
        while True:
            summary = view.refresh()
            if as_json:
                stream.write(json.dumps(summary.to_dict(), sort_keys=True) + "\n")
            else:
                frame = summary.table(label)
                stream.write(_REDRAW + frame + "\n" if redraw else frame + "\n\n")
            stream.flush()
            refreshes += 1
            if args.count is not None and refreshes >= args.count:
                return EXIT_OK
            sleep(args.interval)
    except KeyboardInterrupt:
        return EXIT_OK
    finally:
        view.close()
