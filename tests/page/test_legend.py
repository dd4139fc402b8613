"""The legend explains every mark, from the poster's data and its layout, in compact columns."""

from __future__ import annotations

import dataclasses
import io
import re

import pdfplumber
import pytest
from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.layout_model import FamilyStyle
from posterbuild.page.legend import _arrange, draw_legend, legend_entries
from posterbuild.page.paint import Rect
from posterbuild.versions.review import Review
from posterbuild.source.layout_file import load_layout
from posterbuild.source.load import FolderSource, load_source
from tests.conftest import LYNC, ROOT


@pytest.fixture(scope="module")
def lync_inputs():
    poster, _ = load_source(FolderSource(LYNC))
    layout = load_layout(ROOT / "layouts" / "default.yaml")
    fonts.register_fonts(layout.font_files)
    return poster, layout


def _legend_text(poster, layout, rect: Rect, review=None) -> str:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(rect.right + 10, rect.top + 10), invariant=1)
    draw_legend(c, rect, "Legend", poster, layout, review)
    c.showPage()
    c.save()
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        return re.sub(r"\s+", " ", pdf.pages[0].extract_text())


def test_every_mark_is_explained(lync_inputs):
    poster, layout = lync_inputs
    text = _legend_text(poster, layout, Rect(20, 20, 7.5 * 72, 10 * 72))
    for fid, family in poster.families.items():
        assert family.name in text
        for p in poster.protocols.values():
            if p.family == fid:
                assert p.name in text, (fid, p.name)
    for words in ("the side that opens", "the side that listens", "either side may open",
                  "Numbered marker", "Pool", "Firewall", "Database or file share", "External service"):
        assert words.lower() in text.lower(), words
    for zone in poster.zones:
        assert zone.name in text
    assert re.search(r"\b[A-Z0-9/]+ \d+\b", text)  # a label pill, as the diagrams print one
    assert "Changed since" not in text  # the review highlight only on a review copy


def test_the_review_highlight_only_on_a_review_copy(lync_inputs):
    poster, layout = lync_inputs
    text = _legend_text(poster, layout, Rect(20, 20, 7.5 * 72, 10 * 72), Review(since="5.15"))
    assert "Changed since 5.15" in text


def test_families_come_from_the_layout(lync_inputs):
    poster, layout = lync_inputs
    fams = dict(layout.families)
    fams.pop("data")  # a layout whose families differ: the legend follows it
    fams["unused"] = FamilyStyle("#000000")
    texts = [e.text for e in legend_entries(poster, dataclasses.replace(layout, families=fams))]
    assert not any(t.startswith("Data:") for t in texts)
    assert not any("unused" in t for t in texts)  # not a family of this poster
    assert any(t.startswith("Media: SRTP") for t in texts)


@pytest.mark.parametrize("w_in, h_in", [(7.5, 10), (40, 2.6), (16, 4.5)], ids=["box", "strip", "band"])
def test_columns_are_balanced_and_fit(lync_inputs, w_in, h_in):
    poster, layout = lync_inputs
    entries = legend_entries(poster, layout)
    columns, tallest, col_w, width = _arrange(entries, w_in * 72, h_in * 72, layout)
    assert tallest <= h_in * 72 and width <= w_in * 72  # no shrinking on these panels
    heights = [sum(r[2] for r in col) for col in columns]
    assert max(heights) - min(heights) <= max(r[2] for col in columns for r in col) * 3
    drawn = [r[0].text for col in columns for r in col]
    assert drawn == [e.text for e in entries]  # every entry once, in order
    # no large empty area: the tallest column fills most of the height the panel must have
    assert tallest >= 0.5 * h_in * 72 or len(columns) == 1


def test_a_sheet_of_tables_explains_its_rules(lync_inputs):
    poster, _ = lync_inputs
    layout = load_layout(ROOT / "layouts" / "firewall.yaml")
    text = _legend_text(poster, layout, Rect(20, 20, 11 * 72, 3 * 72))
    assert "Inbound:" in text and "B listens on" in text
    for fw in poster.firewalls:
        assert fw.name in text
    assert "Pool" not in text and "Numbered marker" not in text  # no diagram on this sheet
