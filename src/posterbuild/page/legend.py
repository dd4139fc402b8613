"""The legend: protocol families as line samples, what an arrow means, glyphs, zones, firewall."""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from posterbuild.errors import LayoutError

from posterbuild import fonts
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster
from posterbuild.page.glyphs import GLYPHS, draw_glyph
from posterbuild.page.paint import Rect, color, draw_text, panel_frame

__all__ = ["draw_legend", "KIND_NAMES"]

KIND_NAMES = {"server": "Server or pool", "client": "User or client", "cloud": "External service",
              "pstn": "PSTN or phone", "storage": "Database or file share"}
SAMPLE = 54.0  # length of a line sample, points


def draw_legend(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> None:
    """The legend, shrunk (never below the minimum text size) when its panel is too small."""
    body = panel_frame(c, rect, title, layout)
    needed = _content(Canvas(io.BytesIO()), Rect(0, -1e6, body.w, 1e6), poster, layout)
    scale = min(1.0, body.h / needed)
    if layout.text["legend"].size * scale < layout.min_text_size - 1e-6:
        raise LayoutError(f"legend: its text would print below the minimum {layout.min_text_size:g} pt "
                          f"of layout '{layout.name}'; give the panel more room")
    c.saveState()
    c.translate(body.x, body.top)
    c.scale(scale, scale)
    _content(c, Rect(0, -body.h / scale, body.w / scale, body.h / scale), poster, layout)
    c.restoreState()


def _content(c: Canvas, body: Rect, poster: Poster, layout: LayoutSpec) -> float:
    """Draw the legend into ``body``; return the height it took."""
    style = layout.text["legend"]
    lh = fonts.line_height(style)
    two_columns = body.w > 9 * 72
    half = body.w / 2 - 6 if two_columns else body.w
    # left column: protocol families and arrows
    top = body.top
    for fam in poster.families.values():
        fs = layout.families[fam.id]
        y = top - lh / 2
        c.setStrokeColor(color(fs.color))
        c.setLineWidth(fs.width * 1.4)
        c.setDash(list(fs.dash), 0) if fs.dash else c.setDash()
        c.line(body.x, y, body.x + SAMPLE, y)
        c.setDash()
        text = f"{fam.name}: {fam.description}" if fam.description else fam.name
        for line in fonts.wrap(text, style, half - SAMPLE - 8):
            top = draw_text(c, line, style, body.x + SAMPLE + 8, top, fill=None)
    top -= lh * 0.3
    arrows = (("forward", "Arrow: from the side that opens the connection to the side that listens"),
              ("both", "Arrow at both ends: either side may open the connection"))
    for direction, text in arrows:
        y = top - lh / 2
        _arrow_sample(c, body.x, y, direction, layout)
        for line in fonts.wrap(text, style, half - SAMPLE - 8):
            top = draw_text(c, line, style, body.x + SAMPLE + 8, top)
    # glyphs, zones and the firewall: a second column, or below on a narrow legend
    left_bottom = top
    if two_columns:
        x, top = body.x + half + 12, body.top
    else:
        x, top = body.x, top - lh * 0.5
    g = min(layout.graph.glyph_size, lh * 1.1)
    for kind in GLYPHS:
        draw_glyph(c, kind, x, top - lh / 2 - g / 2, g, layout.colors.get("glyph", "#000000"),
                   layout.colors.get("glyph_light", "#ffffff"))
        top = draw_text(c, KIND_NAMES[kind], style, x + g + 8, top)
    top -= lh * 0.3
    for zone in poster.zones:
        c.setFillColor(color(layout.colors.get(f"zone_{zone.id}", layout.colors["paper"])))
        c.setStrokeColor(color(layout.colors["rule"]))
        c.rect(x, top - lh + 3, g, lh - 6, stroke=1, fill=1)
        top = draw_text(c, zone.name, style, x + g + 8, top)
    c.setFillColor(color(layout.colors.get("firewall", "#b3412e")))
    c.rect(x + g / 2 - 4, top - lh + 2, 8, lh - 4, stroke=0, fill=1)
    top = draw_text(c, "Firewall between two zones", style, x + g + 8, top)
    return body.top - min(top, left_bottom)


def _arrow_sample(c: Canvas, x: float, y: float, direction: str, layout: LayoutSpec) -> None:
    ink = color(layout.colors["ink"])
    c.setStrokeColor(ink)
    c.setFillColor(ink)
    c.setLineWidth(1.6)
    c.line(x + 2, y, x + SAMPLE - 2, y)
    s = layout.graph.arrow_size
    for tip, sign in ((x + SAMPLE, 1), (x, -1)) if direction == "both" else ((x + SAMPLE, 1),):
        p = c.beginPath()
        p.moveTo(tip, y)
        p.lineTo(tip - sign * s, y + s * 0.42)
        p.lineTo(tip - sign * s, y - s * 0.42)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
