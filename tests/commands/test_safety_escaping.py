"""Issue 21, classes 5 and 6: every output that carries data text escapes it by that format's own
rules; read back by a real parser, no cell, tag or link changes meaning."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pypdf
import pytest
from markdown_it import MarkdownIt

from tests.conftest import ROOT
from tests.helpers import cli

pytestmark = pytest.mark.exe


@pytest.fixture
def mini(mini: Path) -> Path:
    """The test poster in a project of its own (its outputs go to the project's output/)."""
    (mini.parent / "pyproject.toml").write_text("[tool.posterbuild]\n", encoding="utf-8")
    return mini

FORMULA = '=HYPERLINK("http://evil.example/x","click")'
COMMAND = "@SUM(1+1)*cmd|' /C calc'!A0"
MARKUP = "<img src=x onerror=alert(1)> **b** `c` [l](javascript:x) a|b @you #1 $m$ &amp;"


def _hostile(mini):
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text().replace("name: Chat server", f"name: {json.dumps(COMMAND)}")
                     .replace("name: Database", f"name: {json.dumps(MARKUP)}"))
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("note: Inner hop", f"note: {json.dumps(FORMULA)}"))


class _Cells(HTMLParser):
    """The text of each <td>/<th> (a <br> as a line break), and every tag seen."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.tags: set[str] = set()
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)


def markdown_table(text: str) -> tuple[list[list[str]], set[str]]:
    parser = _Cells()
    parser.feed(MarkdownIt("commonmark").enable("table").render(text))
    return parser.rows, parser.tags


def test_ports_csv_cells_never_start_a_formula(mini):
    _hostile(mini)
    proc = cli("ports", str(mini), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.reader(io.StringIO(proc.stdout)))
    truth = json.loads(cli("ports", str(mini), "--format", "json").stdout)
    assert len(rows) == len(truth) + 1 and all(len(r) == 14 for r in rows)
    for row, expected in zip(rows[1:], truth):
        for cell, value in zip(row, expected.values()):
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
            assert cell == (f"'{value}" if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value)
    assert f"'{COMMAND}" in rows[2] and f"'{FORMULA}" in rows[2]


def test_ports_markdown_cells_read_back_as_the_data(mini):
    _hostile(mini)
    proc = cli("ports", str(mini), "--format", "markdown")
    rows, tags = markdown_table(proc.stdout)
    truth = json.loads(cli("ports", str(mini), "--format", "json").stdout)
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td"}, tags
    assert rows[1:] == [list(r.values()) for r in truth]


def test_diff_markdown_keeps_data_as_text(mini):
    assert cli("release", str(mini), "--version", "1.1", "--note", "first", "--date", "2026-01-01",
               cwd=mini.parent).returncode == 0
    _hostile(mini)
    proc = cli("diff", "1.1", str(mini), "--format", "markdown", "--poster", str(mini), cwd=mini.parent)
    assert proc.returncode == 0, proc.stderr
    parser = _Cells()
    html = MarkdownIt("commonmark").render(proc.stdout)
    parser.feed(html)
    assert parser.tags <= {"h2", "h3", "ul", "li", "strong", "p", "br"}, parser.tags
    for text in (COMMAND, MARKUP, FORMULA):
        assert text.replace("&amp;", "&amp;amp;").replace("<", "&lt;").replace(">", "&gt;") \
            .replace('"', "&quot;") in html, text


def test_a_leading_tab_stays_in_its_markdown_cell(mini):
    """Markdown trims a cell: a tab before a formula was lost (the cell read '=1+1')."""
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text().replace("name: Chat server", 'name: "\\t=1+1"'))
    rows, _ = markdown_table(cli("ports", str(mini), "--format", "markdown").stdout)
    truth = json.loads(cli("ports", str(mini), "--format", "json").stdout)
    assert rows[1:] == [list(r.values()) for r in truth]
    assert "\t=1+1" in rows[2]


def test_line_breaks_and_tabs_print_as_spaces_not_boxes(mini):
    """A line feed in a note or a zone name was drawn as the font's empty box (U+0000 in the
    PDF's text), or as '?' when the text also held a character the font lacks."""
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("note: Inner hop", 'note: "Inner\\nhop\\tthere"'))
    poster = mini / "poster.yaml"
    poster.write_text(poster.read_text().replace("name: Internet}", 'name: "Inter\\nnet \\U0001F600"}'))
    out = mini.parent / "p.pdf"
    proc = cli("build", str(mini), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    text = pypdf.PdfReader(out).pages[0].extract_text()
    assert "\x00" not in text
    assert "Inner\nhop there" in text  # the note's line break is a line break, its tab a space
    assert "Inter net ?" in text and "Inter?net" not in text


def test_the_text_fuzzer_finds_nothing_wrong():
    """Every text field hostile, every output read back by its parser (benchmarks/text_fuzz.py);
    seed 4 has cases with control characters (refused), and cases that run the whole site."""
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "text_fuzz.py"), "--cases", "10",
                           "--seed", "4"], capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "10 cases (seed 4" in proc.stdout and " 0 cases went wrong" in proc.stdout, proc.stdout
    assert " 0 control characters refused" not in proc.stdout, proc.stdout
    for fmt in ("ports csv", "ports markdown", "ports json", "diff markdown", "diff json", "dot", "pdf",
                "layout json", "svg", "drawio", "web", "site"):
        assert f"\n  {fmt} " in proc.stdout, (fmt, proc.stdout)


def test_a_line_break_in_a_title_does_not_end_the_dot_comment(mini):
    """The DOT's first comment line carries the workload's title: a title with a line break
    wrote the rest as DOT (`Graphviz failed on 'chat': syntax error`; found by the fuzzer)."""
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("title: Chat", 'title: "Chat\\n} a -> b"'))
    proc = cli("build", str(mini), "-o", str(mini.parent / "p.pdf"))
    assert proc.returncode == 0, proc.stderr
    gv = mini.parent / "p" / "chat.gv"
    assert gv.read_text().splitlines()[0].startswith("// Chat } a -> b: generated by posterbuild")
    assert subprocess.run(["dot", "-Tjson", str(gv)], capture_output=True).returncode == 0
