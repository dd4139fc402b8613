"""A table panel that is wide and short flows into two columns instead of shrinking."""

from __future__ import annotations

import io

import pdfplumber
from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.page.paint import Rect
from posterbuild.page.tables import DNS_COLUMNS, draw_flowing_table, draw_table, dns_rows
from posterbuild.source.layout_file import load_layout
from posterbuild.source.load import FolderSource, load_source
from tests.conftest import LYNC, ROOT


def _draw(area: Rect, flowing: bool) -> tuple[float, list[dict]]:
    poster, _ = load_source(FolderSource(LYNC))
    layout = load_layout(ROOT / "layouts" / "default.yaml")
    fonts.register_fonts(layout.font_files)
    pairs = dns_rows(poster)
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(area.right + 20, area.top + 20), invariant=1)
    draw = draw_flowing_table if flowing else draw_table
    scale = draw(c, area, DNS_COLUMNS, [r for _, r in pairs], [s for s, _ in pairs], layout, "DNS panel")
    c.showPage()
    c.save()
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        return scale, pdf.pages[0].extract_words()


def test_a_wide_short_panel_gets_two_columns_at_a_larger_size():
    area = Rect(10, 10, 30 * 72, 5 * 72)
    one, _ = _draw(area, flowing=False)
    two, words = _draw(area, flowing=True)
    assert one < 1.0 and two > one * 1.1
    heads = [w for w in words if w["text"] == "Record"]
    assert len(heads) == 2 and abs(heads[0]["top"] - heads[1]["top"]) < 1  # one header per column
    assert min(w["x0"] for w in heads) < area.x + 5 < area.x + area.w / 2 < max(w["x0"] for w in heads)


def test_a_table_that_fits_stays_in_one_column():
    area = Rect(10, 10, 20 * 72, 14 * 72)
    scale, words = _draw(area, flowing=True)
    assert scale == 1.0
    assert len([w for w in words if w["text"] == "Record"]) == 1
