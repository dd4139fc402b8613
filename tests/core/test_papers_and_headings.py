"""Every listed paper builds legibly or stops with the lint message; no heading prints alone."""

from __future__ import annotations

import io
import re

import pdfplumber
import pytest
from reportlab.pdfgen.canvas import Canvas

from posterbuild import pipeline

from posterbuild.fonts import metrics as fonts
from posterbuild.core.errors import LayoutError
from posterbuild.page.history import _lines, draw_history
from posterbuild.page.paint import PANEL_PAD, Rect, panel_title_height
from posterbuild.core.papers import PAPERS
from posterbuild.source.layout_file import load_layout
from posterbuild.source.load import FolderSource, load_source
from tests.conftest import LYNC, ROOT


def _drawn_lines(poster, layout, rect: Rect) -> list[str]:
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(rect.right + 10, rect.top + 10), invariant=1)
    draw_history(c, rect, "What's new", poster, layout)
    c.showPage()
    c.save()
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        return pdf.pages[0].extract_text().splitlines()


def test_a_heading_prints_only_with_a_row_under_it():
    """At every panel height, from one line to all of them: each heading drawn has a row of
    its own below it (the A1 sheet printed "Earlier versions" with nothing under it)."""
    poster, _ = load_source(FolderSource(LYNC))
    layout = load_layout(ROOT / "layouts" / "default.yaml")
    fonts.register_fonts(layout.font_files)
    width = 10 * 72
    lines = _lines(poster, None, width - 2 * PANEL_PAD, layout)
    headings = [ln.text for ln in lines if ln.heading]
    assert "Earlier versions" in headings
    full = sum(fonts.line_height(layout.text[ln.style]) for ln in lines)
    before_earlier = lines[[ln.text for ln in lines].index("Earlier versions") - 1].text
    seen_alone, cut_there = [], False
    step = fonts.line_height(layout.text["table"]) / 3
    height = panel_title_height(layout) + 2 * PANEL_PAD
    while height < full + panel_title_height(layout) + 2 * PANEL_PAD + step:
        drawn = _drawn_lines(poster, layout, Rect(10, 10, width, height))[1:]  # [0]: panel title
        for i, text in enumerate(drawn):
            if text in headings and (i + 1 == len(drawn) or drawn[i + 1] in headings):
                seen_alone.append((round(height), text))
        cut_there |= before_earlier in drawn and "Earlier versions" not in drawn
        height += step
    assert not seen_alone
    assert cut_there  # some heights left room for the heading but not for a row under it


@pytest.mark.exe
@pytest.mark.parametrize("paper", list(PAPERS))
def test_every_paper_builds_legibly_or_says_why(paper):
    readme = (ROOT / "README.md").read_text()
    listed = re.search(r"--paper ([a-z0-9\\|-]+)", readme).group(1).replace("\\", "").split("|")
    assert set(listed) == set(PAPERS)  # the README lists exactly the papers there are
    loaded = pipeline.load(LYNC, None, paper)
    try:
        pdf = pipeline.build(loaded).pdf
    except LayoutError as err:  # the lint message: what, where, on which paper
        # text below the minimum, or a panel that does not fit at the layout's sizes: a larger paper
        assert re.search(r"below the minimum \d+(\.\d+)? pt|choose a larger paper", str(err)), str(err)
        assert paper in str(err)
        return
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        sizes = [ch["size"] for ch in page.chars]
        words = page.extract_words(extra_attrs=["size"])
    assert min(sizes) >= loaded.layout.min_text_size - 0.01
    for w in (w for w in words if w["text"] == "Earlier"):  # a row right under the heading
        assert any(0 < o["top"] - w["bottom"] < w["size"] * 1.5 and abs(o["x0"] - w["x0"]) < 2
                   for o in words), paper
