"""Crop marks and the slug line, drawn outside the bleed."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from posterbuild.core.layout_model import LayoutSpec
from posterbuild.page.setup import SLUG, PageSetup

__all__ = ["draw_crop_marks"]

MARK_GAP = 3.0  # points between the bleed edge and a mark


def draw_crop_marks(c: Canvas, layout: LayoutSpec, setup: PageSetup, slug_text: str) -> None:
    """Marks at the four trim corners, in trim coordinates (origin at the trim's lower left)."""
    w, h, b = layout.width, layout.height, setup.bleed
    length = SLUG - 2 * MARK_GAP
    c.setStrokeColorCMYK(1, 1, 1, 1)  # registration: every plate
    c.setLineWidth(0.25)
    for x in (0.0, w):
        for y in (0.0, h):
            sx = -1 if x == 0 else 1
            sy = -1 if y == 0 else 1
            c.line(x + sx * (b + MARK_GAP), y, x + sx * (b + MARK_GAP + length), y)
            c.line(x, y + sy * (b + MARK_GAP), x, y + sy * (b + MARK_GAP + length))
    c.setFillColorCMYK(0, 0, 0, 1)
    c.setFont(layout.text["footer"].font, 7)
    c.drawString(b + SLUG / 2, -b - SLUG / 2 - 2, slug_text)
