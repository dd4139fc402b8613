"""Vector glyphs that tell a role's kind at a glance: server, client, cloud, PSTN, storage."""

from __future__ import annotations

from collections.abc import Callable

from reportlab.pdfgen.canvas import Canvas

from posterbuild.page.paint import color

__all__ = ["draw_glyph", "GLYPHS"]


def _server(c: Canvas, x: float, y: float, s: float, dark: str, light: str) -> None:
    w, h = s * 0.62, s * 0.92
    x0, y0 = x + (s - w) / 2, y + (s - h) / 2
    c.setFillColor(color(dark))
    c.roundRect(x0, y0, w, h, s * 0.06, stroke=0, fill=1)
    c.setFillColor(color(light))
    for i in range(3):
        c.rect(x0 + w * 0.14, y0 + h * (0.62 - i * 0.2), w * 0.72, h * 0.07, stroke=0, fill=1)
    c.circle(x0 + w * 0.72, y0 + h * 0.14, s * 0.045, stroke=0, fill=1)


def _client(c: Canvas, x: float, y: float, s: float, dark: str, light: str) -> None:
    c.setFillColor(color(dark))
    c.circle(x + s / 2, y + s * 0.7, s * 0.19, stroke=0, fill=1)
    p = c.beginPath()
    p.moveTo(x + s * 0.12, y + s * 0.06)
    p.curveTo(x + s * 0.12, y + s * 0.42, x + s * 0.3, y + s * 0.48, x + s / 2, y + s * 0.48)
    p.curveTo(x + s * 0.7, y + s * 0.48, x + s * 0.88, y + s * 0.42, x + s * 0.88, y + s * 0.06)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _cloud(c: Canvas, x: float, y: float, s: float, dark: str, light: str) -> None:
    c.setFillColor(color(dark))
    c.circle(x + s * 0.32, y + s * 0.42, s * 0.2, stroke=0, fill=1)
    c.circle(x + s * 0.55, y + s * 0.55, s * 0.26, stroke=0, fill=1)
    c.circle(x + s * 0.76, y + s * 0.4, s * 0.18, stroke=0, fill=1)
    c.roundRect(x + s * 0.12, y + s * 0.22, s * 0.8, s * 0.22, s * 0.1, stroke=0, fill=1)


def _pstn(c: Canvas, x: float, y: float, s: float, dark: str, light: str) -> None:
    c.setFillColor(color(dark))
    p = c.beginPath()  # the body of a desk telephone
    p.moveTo(x + s * 0.1, y + s * 0.1)
    p.lineTo(x + s * 0.9, y + s * 0.1)
    p.lineTo(x + s * 0.76, y + s * 0.55)
    p.lineTo(x + s * 0.24, y + s * 0.55)
    p.close()
    c.drawPath(p, stroke=0, fill=1)
    c.roundRect(x + s * 0.06, y + s * 0.64, s * 0.88, s * 0.2, s * 0.08, stroke=0, fill=1)
    c.setFillColor(color(light))
    for row in range(3):
        for col in range(3):
            c.circle(x + s * (0.37 + col * 0.13), y + s * (0.2 + row * 0.11), s * 0.035, stroke=0, fill=1)


def _storage(c: Canvas, x: float, y: float, s: float, dark: str, light: str) -> None:
    w, eh = s * 0.7, s * 0.22
    x0 = x + (s - w) / 2
    c.setFillColor(color(dark))
    c.rect(x0, y + s * 0.15, w, s * 0.66, stroke=0, fill=1)
    c.ellipse(x0, y + s * 0.04, x0 + w, y + s * 0.04 + eh, stroke=0, fill=1)
    c.setFillColor(color(light))
    c.ellipse(x0, y + s * 0.7, x0 + w, y + s * 0.7 + eh, stroke=0, fill=1)


GLYPHS: dict[str, Callable[..., None]] = {
    "server": _server, "client": _client, "cloud": _cloud, "pstn": _pstn, "storage": _storage,
}


def draw_glyph(c: Canvas, kind: str, x: float, y: float, size: float, dark: str, light: str) -> None:
    """Draw the glyph of ``kind`` in the square with lower-left corner (x, y)."""
    GLYPHS[kind](c, x, y, size, dark, light)
