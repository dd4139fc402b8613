"""The resources panel: clickable links and a QR code to the poster's home link."""

from __future__ import annotations

from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.pdfgen.canvas import Canvas

from posterbuild import fonts
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster
from posterbuild.page.paint import Rect, color, draw_text, panel_frame

__all__ = ["draw_resources", "draw_qr"]


def draw_qr(c: Canvas, url: str, x: float, y: float, size: float, ink: str) -> None:
    """A vector QR code of ``url`` in the square at (x, y)."""
    widget = QrCodeWidget(url, barLevel="M", barFillColor=color(ink), barBorder=2)
    bx0, by0, bx1, by1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (bx1 - bx0), 0, 0, size / (by1 - by0), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, c, x, y)


def draw_resources(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> None:
    body = panel_frame(c, rect, title, layout)
    qr = min(body.h, 1.9 * 72)
    draw_qr(c, poster.meta.home, body.right - qr, body.top - qr, qr, layout.colors["ink"])
    c.linkURL(poster.meta.home, (body.right - qr, body.top - qr, body.right, body.top),
              relative=0, thickness=0)
    style = layout.text["table"]
    small = layout.text["table_small"]
    width = body.w - qr - 12
    top = body.top
    for link in poster.links:
        start = top
        for line in fonts.wrap(link.title, style, width):
            top = draw_text(c, line, style, body.x, top, fill=layout.colors.get("panel_bar"))
        for line in fonts.wrap(link.url, small, width):
            top = draw_text(c, line, small, body.x + 8, top)
        c.linkURL(link.url, (body.x, top, body.x + width, start), relative=0, thickness=0)
        if top < body.y:
            break
