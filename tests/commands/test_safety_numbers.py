"""Class 3: every number is checked, in layouts and on the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import cli, refused

pytestmark = pytest.mark.exe


@pytest.mark.parametrize("args, words", [
    (("preview", "mini", "--dpi", "nan", "-o", "p.png"), "not a finite number"),
    (("preview", "mini", "--dpi", "inf", "-o", "p.png"), "not a finite number"),
    (("preview", "mini", "--dpi", "0", "-o", "p.png"), "--dpi must be a number from 1 to 2400"),
    (("preview", "mini", "--dpi", "-72", "-o", "p.png"), "--dpi must be a number from 1 to 2400"),
    (("preview", "mini", "--dpi", "2000", "-o", "p.png"), "million pixels"),
    (("preview", "mini", "--region", "0,0,1e9,1", "-o", "p.png"), "--region"),
    (("tile", "mini", "--scale", "0", "-o", "t.pdf"), "--scale must be a number above 0 and at most 10"),
    (("tile", "mini", "--scale", "-1", "-o", "t.pdf"), "--scale must be a number above 0 and at most 10"),
    (("tile", "mini", "--scale", "nan", "-o", "t.pdf"), "not a finite number"),
    (("tile", "mini", "--scale", "1e9", "-o", "t.pdf"), "--scale must be a number above 0 and at most 10, not 1e+09"),
    (("tile", "mini", "--scale", "8", "-o", "t.pdf"), "sheets; at most 500"),
    (("tile", "mini", "--sheets", "0x1", "-o", "t.pdf"), "from 1x1 to 50x50"),
    (("tile", "mini", "--sheets", "1000x1000", "-o", "t.pdf"), "from 1x1 to 50x50"),
    (("tile", "mini", "--overlap", "99999in", "-o", "t.pdf"), "leaves no room"),
    (("tile", "mini", "--overlap=-1in", "-o", "t.pdf"), "not a length"),
    (("build", "mini", "--print-marks", "--bleed", "2in", "-o", "b.pdf"), "--bleed must be a number from 0 to 72"),
    (("web", "mini", "--dpi", "nan", "-o", "site"), "not a finite number"),
    (("web", "mini", "--dpi", "0", "-o", "site"), "--dpi must be between 10 and 600"),
], ids=lambda v: " ".join(v) if isinstance(v, tuple) else None)
def test_command_line_numbers(mini, args, words):
    proc = cli(*args, cwd=mini.parent)
    refused(proc, words)
    assert not [p for p in mini.parent.iterdir() if p.suffix in (".png", ".pdf")]


@pytest.mark.parametrize("old, new, words", [
    ("page: {width: 36in, height: 24in}", "page: {width: 0, height: 24in}", "page.width: 0 is out of range"),
    ("page: {width: 36in, height: 24in}", "page: {width: .nan, height: 24in}", "page.width: nan is not a finite number"),
    ("page: {width: 36in, height: 24in}", "page: {width: .inf, height: 24in}", "page.width: inf is not a finite number"),
    ("page: {width: 36in, height: 24in}", "page: {width: 201in, height: 24in}", "at most 14400 pt"),
    ("page: {width: 36in, height: 24in}", "page: {width: -36in, height: 24in}", "page.width"),
    ("margin: 0.6in", "margin: 20in", "margin: 20in is out of range"),
    ("min_text_size: 6pt", "min_text_size: 0", "min_text_size: 0 is out of range"),
    ("min_text_size: 6pt", "min_text_size: 10pt", "text.table_small.size: 9.5pt is below the layout's min_text_size"),
    ("size: 64pt", "size: 0pt", "text.title.size: 0pt is out of range"),
    ("size: 64pt", "size: 5000pt", "text.title.size: 5000pt is out of range"),
    ("gap: 0.3in", "gap: 100in", "grid.gap: 100in is out of range"),
], ids=lambda v: v if isinstance(v, str) and ":" not in v else None)
def test_layout_numbers_are_checked_by_check_and_build(mini, old, new, words):
    layout = mini.parent / "layouts" / "mini.yaml"
    text = layout.read_text()
    assert old in text
    layout.write_text(text.replace(old, new, 1))
    for command in (("check", "mini"), ("build", "mini", "-o", "b.pdf")):
        proc = cli(*command, cwd=mini.parent)
        refused(proc, "layouts/mini.yaml:", words)


def test_grid_tracks_must_fit_and_fractions_be_positive(mini):
    layout = mini.parent / "layouts" / "mini.yaml"
    text = layout.read_text()
    import re
    columns = re.search(r"  columns: \[.*\]", text).group(0)
    layout.write_text(text.replace(columns, "  columns: [0fr, 40in]"))
    proc = cli("check", "mini", cwd=mini.parent)
    refused(proc, "grid.columns[0]: 0fr: a fraction must be more than 0fr", "grid.columns: the fixed columns")


def test_pdf_page_limit_with_bleed(mini, tmp_path: Path):
    layout = mini.parent / "layouts" / "mini.yaml"
    layout.write_text(layout.read_text().replace("page: {width: 36in, height: 24in}",
                                                 "page: {width: 199in, height: 24in}"))
    proc = cli("build", "mini", "--print-marks", "-o", str(tmp_path / "b.pdf"), cwd=mini.parent)
    refused(proc, "a PDF page is at most 200 in")
