"""Issue 24: every connection is on the sheet (drawn, or in the rule table), tables fitted to
their content, and the lint's measure of parallel line spacing; read back from the PDF."""

from __future__ import annotations

import re

import pdfplumber
import pytest

from posterbuild import pipeline
from posterbuild.exports.connections import connection_rows
from posterbuild.fonts import metrics as fonts
from posterbuild.lint import lint_json, parallel_spacing, side_spacing
from posterbuild.page.grid import panel_rects
from posterbuild.page.paint import PANEL_PAD, Rect
from posterbuild.page.tables import CERT_COLUMNS, certificate_rows, content_widths
from tests.conftest import ROOT

pytestmark = pytest.mark.exe
POSTERS = ["lync2010", "sfb2015"]


@pytest.fixture(scope="module", params=POSTERS)
def sheet(request, tmp_path_factory):
    loaded = pipeline.load(ROOT / "data" / request.param)
    built = pipeline.build(loaded)
    out = tmp_path_factory.mktemp(request.param) / "poster.pdf"
    pipeline.write(built, out)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(extra_attrs=["size"])
        text = page.extract_text()
    return loaded, built, words, text, float(page.height)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_every_connection_of_ports_is_on_the_sheet(sheet):
    loaded, built, words, text, _ = sheet
    tokens = {w["text"].strip(",;:()") for w in words}
    flat = _norm(text)
    digits = set(re.findall(r"\d+", flat.replace(",", "")))
    tabled = 0
    for row in connection_rows(loaded.poster):
        for role in (row["source_role"], row["destination_role"]):
            missing = [w for w in role.split() if w.strip(",;:()") not in tokens]
            assert not missing, f"{role!r} ({row['workload']}) is not on the sheet: {missing}"
        for number in re.findall(r"\d+", row["port"].replace(",", "")):
            assert number in digits, f"port {number} of {row} is not on the sheet"
        if row["placement"] == "table":  # the rule table prints the whole row in order
            port = row["port"] or "set per device"
            assert f"{row['protocol']} {row['transport']} {port}" in flat, row
            tabled += 1
    assert "Also open, not drawn" not in flat  # the footer's pointer is replaced by the table
    assert tabled == sum(1 for r in connection_rows(loaded.poster) if r["placement"] == "table")


def test_table_and_history_panels_end_within_a_tenth_of_their_bottom(sheet):
    _, built, words, _, height = sheet
    for panel, rect in panel_rects(built.layout):
        if panel.type not in ("certificates", "dns", "rules", "history"):
            continue
        inside = [w for w in words if rect.x <= w["x0"] and w["x1"] <= rect.right
                  and height - rect.top <= w["top"] and w["bottom"] <= height - rect.y]
        assert inside, panel.type
        last = max(w["bottom"] for w in inside)  # from the top of the page
        empty = (height - rect.y) - last - PANEL_PAD  # the frame's own padding is not empty space
        assert empty <= 0.1 * rect.h, f"{panel.type}: {empty / rect.h:.0%} of the panel empty below its last row"


def test_certificate_columns_are_fitted_to_their_text(sheet):
    loaded, built, *_ = sheet
    widths = dict(zip([h for h, _ in CERT_COLUMNS],
                      content_widths(CERT_COLUMNS, certificate_rows(loaded.poster), built.layout, 16 * 72)))
    for wide in ("Subject alternative names", "Notes"):
        for narrow in ("CA", "EKU"):
            assert widths[wide] > 2 * widths[narrow], widths
    assert abs(sum(widths.values()) - 16 * 72) < 0.5


def test_one_type_scale_and_the_lint_reports_parallel_spacing(sheet):
    _, built, *_ = sheet
    report = lint_json(built)
    assert report["distinct_text_sizes"] <= 10
    assert min(report["text_sizes"]) >= built.layout.min_text_size
    for q in report["panels"]:
        assert q["crossings"] <= 3 and q["lines_through_boxes"] == 0 and q["lines_through_titles"] == 0
        lines = built.placements[q["workload"]].drawn.lines
        assert q["min_parallel_spacing"] == parallel_spacing(lines, 12.1)[0]
        assert q["min_parallel_spacing"] > 0


def test_parallel_spacing_measures_side_by_side_runs_only():
    lines = {"a": [(0, 0), (100, 0), (100, 50)], "b": [(10, 6), (90, 6)], "c": [(104, 10), (104, 60)],
             "d": [(300, 0), (310, 0)]}
    assert parallel_spacing(lines, 12.0) == (4.0, 2)  # a-b level 6 apart, a-c upright 4 apart
    assert parallel_spacing({"a": [(0, 0), (100, 0)], "b": [(0, 30), (100, 30)]}, 12.0) == (30.0, 0)
    assert parallel_spacing({"a": [(0, 0), (100, 0)]}, 12.0) == (-1.0, 0)


def test_lines_into_one_box_side_stand_a_label_height_apart(sheet):
    """The bundle rule: two lines that end on one side of a box are at least a line label's
    height apart (each keeps its own attach point and arrowhead), on both posters."""
    _, built, *_ = sheet
    label = fonts.line_height(built.layout.text["edge_label"])
    assert label > 12.0  # the rule is stricter than the arrowhead's width (7.6 pt) it replaces
    for q in lint_json(built)["panels"]:
        assert q["min_side_spacing"] >= label - 0.01, q["workload"]
        drawn = built.placements[q["workload"]].drawn
        assert q["min_side_spacing"] == side_spacing(drawn.boxes, drawn.lines)


def test_side_spacing_measures_ends_on_one_side_of_one_box():
    box = {"b": Rect(100, 0, 40, 60)}
    into_left = {"x": [(0, 10), (100, 10)], "y": [(0, 17), (100, 17)]}
    assert side_spacing(box, into_left) == 7.0
    assert side_spacing(box, {"x": [(0, 10), (100, 10)], "y": [(140, 12), (200, 12)]}) == -1.0  # two sides
    assert side_spacing(box, {"x": [(0, 10), (100, 10)], "y": [(0, 80), (100, 80)]}) == -1.0  # beside the box
