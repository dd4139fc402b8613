"""The Changes panel of a review copy: what fits is listed, the rest is counted, never dropped
without a word (and the build never stops for it)."""

from __future__ import annotations

import io

import pdfplumber
from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.page.history import draw_history
from posterbuild.page.paint import Rect
from posterbuild.versions.diff import Change
from posterbuild.versions.review import Review
from posterbuild.source.layout_file import load_layout
from posterbuild.source.load import FolderSource, load_source
from tests.conftest import LYNC, ROOT


def _text(review: Review, height: float) -> str:
    poster, _ = load_source(FolderSource(LYNC))
    layout = load_layout(ROOT / "layouts" / "default.yaml")
    fonts.register_fonts(layout.font_files)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(10 * 72, height + 40), invariant=1)
    draw_history(c, Rect(10, 10, 9 * 72, height), "What's new", poster, layout, review)
    c.showPage()
    c.save()
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        return " ".join((pdf.pages[0].extract_text() or "").split())


def _review(n: int) -> Review:
    return Review("5.16", changes=tuple(Change("connection", "added", f"route number {i}")
                                        for i in range(n)))


def test_changes_that_do_not_fit_are_counted_with_the_command_that_lists_them():
    text = _text(_review(60), 2.5 * 72)
    listed = sum(f"route number {i}" in text for i in range(60))
    assert 3 <= listed < 60
    assert f"… and {60 - listed} more changes, highlighted on the diagrams; posterbuild diff 5.16 " \
           "lists them all" in text


def test_a_list_that_fits_has_no_count():
    text = _text(_review(3), 4 * 72)
    assert all(f"route number {i}" in text for i in range(3)) and "more change" not in text
