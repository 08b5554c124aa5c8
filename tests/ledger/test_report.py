"""``fireworks-rft report``: one self-contained HTML page, checked by opening what it wrote."""

from __future__ import annotations

import base64
import html.parser
import re
import sys

import fireworks_rft as fw
from fireworks_rft.cli import main

from .test_sweeps import JOB_A, JOB_B, finish, send


class Page(html.parser.HTMLParser):
    """What a reader of the page sees: table rows, images, and every address it names."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.images: list[dict[str, str]] = []
        self.addresses: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.addresses += [v for k, v in attrs if k in ("src", "href") and v]
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "img":
            self.images.append(values)

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def test_the_report_is_one_page_with_the_jobs_and_plots_and_nothing_from_the_network(
    any_store, tmp_path, capsys
):
    for name in ("a1", "a2"):
        send(any_store, JOB_A, name)
        finish(any_store, JOB_A, name)
    send(any_store, JOB_A, "a3")
    send(any_store, JOB_B, "b1")
    finish(any_store, JOB_B, "b1", fw.StepState.FAILED)
    target = tmp_path / "sweep.html"
    ledger = str(any_store.path) if isinstance(any_store, fw.SQLiteLedger) else any_store.url
    assert main(["report", "--ledger", ledger, str(target)]) == 0
    assert capsys.readouterr().out.strip() == f"wrote {target}"

    text = target.read_text()
    page = Page()
    page.feed(text)
    header, *rows = page.rows
    assert header[:4] == ["Job", "Kind", "READY", "Recorded"]
    assert [row[:6] for row in rows] == [
        ["ja", "step", "2", "3", "0", "0"],
        ["jb", "step", "0", "1", "1", "0"],
    ]
    assert rows[1][-1] == "failed"
    assert [image["alt"] for image in page.images] == [
        "Step duration by step number",
        "Time from sent to READY",
        "READY steps per hour",
    ]
    for address in page.addresses:  # every image is inside the page; nothing else is named
        assert address.startswith("data:image/png;base64,"), address[:40]
        assert base64.b64decode(address.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"
    assert not re.search(r"https?://", text)
    if isinstance(any_store, fw.PostgresLedger):
        assert any_store.url not in text and "PostgresLedger(&lt;url hidden&gt;)" in text


def test_without_matplotlib_the_report_names_the_extra(tmp_path, monkeypatch, capsys):
    store = fw.SQLiteLedger(tmp_path / "steps.db")
    send(store, JOB_A, "a1")
    store.close()
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # as if not installed
    assert main(["report", "--ledger", str(tmp_path / "steps.db"), str(tmp_path / "r.html")]) == 2
    assert "pip install 'fireworks-rft[report]'" in capsys.readouterr().err
    assert not (tmp_path / "r.html").exists()


def test_the_report_needs_a_ledger(tmp_path, capsys):
    assert main(["report", str(tmp_path / "r.html")]) == 2
    assert "report needs a ledger" in capsys.readouterr().err
