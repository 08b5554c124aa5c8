"""``report``: a sweep's self-contained HTML page, from its ledger (reads only the ledger)."""

from __future__ import annotations

import argparse

from ._common import Subcommands, ledger_option, output_options
from ._output import EXIT_OK, emit
from ._watch import since


def add_parsers(commands: Subcommands) -> None:
    """``report``."""
    report = commands.add_parser(
        "report",
        help="write a sweep's HTML report (per-job table and plots) from its ledger",
        description="Write one self-contained HTML page (nothing loaded from the network) "
        "with the per-job table and plots: step duration by step number, time from sent to "
        "READY, READY steps per hour; failures and unknowns marked. Reads only the ledger. "
        "Needs the report extra: pip install 'fireworks-rft[report]'.",
    )
    report.add_argument("path", metavar="OUTPUT.html", help="the HTML file to write")
    ledger_option(report, "the step ledger to read")
    report.add_argument("--job", metavar="JOB", help="only this job (a job ID or its full name)")
    report.add_argument(
        "--since",
        type=since,
        metavar="WHEN",
        help="only steps changed since WHEN (an ISO time, or a duration such as 2h)",
    )
    output_options(report)
    report.set_defaults(handler=write)


def write(args: argparse.Namespace) -> int:
    """Write the report; print where (and the sweep's one-line progress)."""
    from .._ledger_report import write_report
    from ._common import open_ledger
    from ._steps import required_ledger

    store = open_ledger(required_ledger(args, "report"), read_only=True)
    try:
        path = write_report(store, args.path, job=args.job, since=args.since)
    finally:
        store.close()
    emit({"path": str(path)}, args.output == "json", lambda: f"wrote {path}")
    return EXIT_OK
