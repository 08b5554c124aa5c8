"""A sweep's report: one self-contained HTML page with the per-job table and plots.

:func:`write_report` reads a ledger (read-only) and writes a page that loads nothing from the
network: its style is inline and its plots (drawn with matplotlib, the ``report`` extra) are
PNG images embedded as ``data:`` URIs. The plots: each job's step duration by step number,
the time from sent to READY by step number, READY steps per hour across the sweep; failed
steps and steps that may have run (``unknown``) are marked on the first two.
"""

from __future__ import annotations

import base64
import html
import io
import os
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from ._exceptions import ConfigurationError
from ._ledger import LedgerStore, StepRecord, StepState
from ._ledger_summary import FLAGS, SweepSummary, ledger_label, summarize
from ._names import short_name

#: Above this many jobs, the duration plots draw points, not one labelled line per job.
_LINES_UP_TO = 12


def write_report(
    ledger: LedgerStore | str | os.PathLike[str],
    path: str | os.PathLike[str],
    *,
    job: str | None = None,
    since: float | None = None,
) -> Path:
    """Write a sweep's HTML report (self-contained: nothing is loaded from the network).

    Args:
        ledger: A store, a SQLite file's path or a ``postgresql://`` URL (read-only).
        path: The HTML file to write.
        job: Only this job (a bare job ID, in any account, or its full name).
        since: Only rows changed at or after this time (Unix seconds).

    Returns:
        The path written.

    Raises:
        ConfigurationError: matplotlib is not installed (``pip install
            'fireworks-rft[report]'``).
    """
    pyplot = _pyplot()
    from ._ledger_open import open_ledger

    store, owned = open_ledger(ledger, read_only=True)
    try:
        summary = summarize(store, job=job, since=since)
        records = [
            record for record in store.records(job) if since is None or record.updated_at >= since
        ]
    finally:
        if owned:
            store.close()
    label = ledger_label(ledger)
    steps = [record for record in records if record.kind == "step"]
    numbered = _numbered(steps)
    figures = [
        ("Step duration by step number", _by_step_number(pyplot, numbered, _duration, "seconds")),
        ("Time from sent to READY", _by_step_number(pyplot, numbered, _sent_to_ready, "seconds")),
        ("READY steps per hour", _per_hour(pyplot, steps)),
    ]
    target = Path(os.fspath(path))
    target.write_text(_page(label, summary, figures), encoding="utf-8")
    return target


def _pyplot() -> Any:
    try:
        import matplotlib

        matplotlib.use("Agg")  # files only: no display, whatever the environment says
        from matplotlib import pyplot
    except ImportError:
        raise ConfigurationError(
            "fireworks-rft report draws with matplotlib, which is not installed: "
            "pip install 'fireworks-rft[report]'.",
            setting="report",
            problem="The report extra is not installed",
        ) from None
    return pyplot


def _duration(record: StepRecord) -> float | None:
    return record.duration if record.state is StepState.READY else None


def _sent_to_ready(record: StepRecord) -> float | None:
    if record.state is not StepState.READY or record.finished_at is None:
        return None
    return max(0.0, record.finished_at - record.created_at)


def _numbered(records: list[StepRecord]) -> dict[str, list[tuple[int, StepRecord]]]:
    """Each job's steps, numbered from 1 in the order they were recorded."""
    jobs: dict[str, list[StepRecord]] = defaultdict(list)
    for record in records:
        jobs[record.job].append(record)
    return {
        job: list(enumerate(sorted(rows, key=lambda r: r.created_at), start=1))
        for job, rows in sorted(jobs.items())
    }


def _by_step_number(
    pyplot: Any, numbered: dict[str, list[tuple[int, StepRecord]]], value: Any, unit: str
) -> Any:
    """One value of each step by its step number, failed and unknown steps marked at 0.

    A line per job, or (many jobs) a pixel per step, in one series.
    """
    figure, axes = pyplot.subplots(figsize=(9, 3.6))
    xs: list[int] = []
    ys: list[float] = []
    marks: dict[StepState, list[int]] = {StepState.FAILED: [], StepState.UNKNOWN: []}
    for job, rows in numbered.items():
        start = len(xs)
        for number, record in rows:
            y = value(record)
            if y is not None:
                xs.append(number)
                ys.append(y)
            elif record.state in marks:
                marks[record.state].append(number)
        if len(numbered) <= _LINES_UP_TO and len(xs) > start:
            axes.plot(xs[start:], ys[start:], marker=".", label=short_name(job))
    if len(numbered) > _LINES_UP_TO and xs:  # many jobs: one pixel per step, no legend
        axes.plot(xs, ys, ",", color="tab:blue", alpha=0.5)
    for (state, at), (marker, color) in zip(
        marks.items(), (("x", "tab:red"), ("o", "tab:orange")), strict=True
    ):
        if at:
            axes.scatter(at, [0.0] * len(at), marker=marker, color=color, zorder=3, label=state)
    axes.set_xlabel("step number (per job)")
    axes.set_ylabel(unit)
    axes.set_ylim(bottom=-0.02 * max(max(ys, default=0.0), 1.0))
    axes.grid(alpha=0.3)
    if axes.get_legend_handles_labels()[0]:
        axes.legend(fontsize="small", ncol=3)
    return figure


def _per_hour(pyplot: Any, steps: list[StepRecord]) -> Any:
    figure, axes = pyplot.subplots(figsize=(9, 3.2))
    finished = sorted(
        r.finished_at for r in steps if r.state is StepState.READY and r.finished_at is not None
    )
    if finished:
        start, end = finished[0], max(finished[-1], finished[0] + 1.0)
        width = max((end - start) / 24, 1.0)  # about 24 bars, of one second at least
        bins: dict[int, int] = defaultdict(int)
        for at in finished:
            bins[int((at - start) // width)] += 1
        hours = [(start + index * width - finished[0]) / 3600 for index in sorted(bins)]
        rates = [bins[index] * 3600 / width for index in sorted(bins)]
        axes.bar(hours, rates, width=width / 3600, align="edge", color="tab:green")
    axes.set_xlabel("hours since the first READY step")
    axes.set_ylabel("READY steps per hour")
    axes.grid(alpha=0.3)
    return figure


def _png(figure: Any) -> str:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=100)
    from matplotlib import pyplot

    pyplot.close(figure)
    return base64.b64encode(buffer.getvalue()).decode("ascii")


_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
table { border-collapse: collapse; font-size: 0.9em; }
th, td { padding: 0.3em 0.8em; border-bottom: 1px solid #ddd; text-align: left; }
td.num { text-align: right; }
tr.flagged td { background: #fff3e0; }
img { max-width: 100%; }
.meta { color: #666; }
"""


def _page(label: str, summary: SweepSummary, figures: list[tuple[str, Any]]) -> str:
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(summary.at))
    head = ["Job", "Kind", "READY", "Recorded", "Failed", "Unknown", "In flight", "Typical"]
    head += ["Writer", "Flags"]
    rows = []
    for job in summary.jobs:
        typical = "-" if job.typical_duration is None else f"{job.typical_duration:.1f} s"
        numbers = (job.ready, job.recorded, job.failed, job.unknown, job.in_flight)
        rows.append(
            f'<tr class="{"flagged" if job.flags else ""}"><td title="{html.escape(job.job)}">'
            f"{html.escape(short_name(job.job))}</td>"
            f"<td>{job.kind}</td>"
            + "".join(f'<td class="num">{n}</td>' for n in numbers)
            + f'<td class="num">{typical}</td><td>{html.escape(job.last_owner or "-")}</td>'
            + f"<td>{html.escape(', '.join(job.flags) or '-')}</td></tr>"
        )
    legend = "".join(
        f"<li><b>{flag}</b>: {html.escape(meaning)}</li>" for flag, meaning in FLAGS.items()
    )
    plots = "".join(
        f'<h2>{html.escape(title)}</h2><img alt="{html.escape(title)}" '
        f'src="data:image/png;base64,{_png(figure)}">'
        for title, figure in figures
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>fireworks-rft sweep report</title><style>{_STYLE}</style></head><body>"
        f'<h1>Sweep report</h1><p class="meta">{html.escape(label)} at {stamp}: '
        f"{html.escape(summary.progress_line())}</p>"
        f"<table><tr>{''.join(f'<th>{h}</th>' for h in head)}</tr>{''.join(rows)}</table>"
        f'<ul class="meta">{legend}</ul>{plots}</body></html>\n'
    )
