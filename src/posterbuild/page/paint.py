"""Small drawing helpers shared by every panel: colours, text lines, rectangles, panel frames."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from reportlab.lib.colors import CMYKColor, Color, HexColor, rgb2cmyk, toColor
from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.escape import safe_href
from posterbuild.core.layout_model import LayoutSpec, TextStyle

__all__ = ["Rect", "group", "Grouping", "css_name", "family_class", "brick_wall", "color", "to_cmyk", "draw_text", "baseline_below", "panel_frame",
           "panel_title_height", "link_area", "PANEL_PAD"]

PANEL_PAD = 10.0  # points between a panel's edge and its content
_NOT_NAME = re.compile(r"[^A-Za-z0-9_-]+")


@runtime_checkable
class Grouping(Protocol):
    """A drawing surface that keeps what is drawn as named things (the SVG surface); ReportLab's
    PDF canvas is not one and draws the same strokes without the grouping."""

    def begin_group(self, ident: str | None, classes: tuple[str, ...] = (),
                    title: str | None = None) -> None: ...

    def end_group(self) -> None: ...


@contextmanager
def group(c: Canvas, ident: str | None, classes: tuple[str, ...] = (),
          title: str | None = None) -> Iterator[None]:
    """Mark what is drawn inside as one thing (a panel, role, connection, firewall): on a
    :class:`Grouping` surface a group with this id, these classes and this title (its text
    alternative); on the PDF canvas nothing changes."""
    if not isinstance(c, Grouping):
        yield
        return
    c.begin_group(ident, classes, title)
    try:
        yield
    finally:
        c.end_group()


def family_class(family: str) -> str:
    """The CSS class of a protocol family's lines, arrowheads, pills and label text."""
    return "family-" + _NOT_NAME.sub("_", family)


def css_name(*parts: str) -> str:
    """An id or class name from data ids, safe in XML and CSS selectors alike: ASCII letters,
    digits, ``-`` and ``_``, the parts joined by ``--``, starting with a letter.

    >>> css_name("im-presence", "role", "access-edge"), css_name("9 x", "é")
    ('im-presence--role--access-edge', 'n9_x--_')
    """
    name = "--".join(_NOT_NAME.sub("_", p) for p in parts)
    return name if name[:1].isalpha() else "n" + name


@dataclass(frozen=True)
class Rect:
    """A page rectangle: lower-left corner and size, in points."""

    x: float
    y: float
    w: float
    h: float

    @property
    def top(self) -> float:
        return self.y + self.h

    @property
    def right(self) -> float:
        return self.x + self.w

    def inset(self, dx: float, dy: float | None = None) -> "Rect":
        dy = dx if dy is None else dy
        return Rect(self.x + dx, self.y + dy, self.w - 2 * dx, self.h - 2 * dy)

    def cut_top(self, height: float) -> tuple["Rect", "Rect"]:
        """(the top strip of ``height``, the rest below it)."""
        return (Rect(self.x, self.top - height, self.w, height),
                Rect(self.x, self.y, self.w, self.h - height))

    def cut_bottom(self, height: float) -> tuple["Rect", "Rect"]:
        """(the bottom strip of ``height``, the rest above it)."""
        return (Rect(self.x, self.y, self.w, height),
                Rect(self.x, self.y + height, self.w, self.h - height))


@functools.lru_cache(maxsize=256)
def color(value: str) -> Color:
    """The colour of a ``#rrggbb`` value (one object per value: a page asks thousands of
    times for a few colours; nothing changes a colour once made)."""
    return HexColor(value)


def baseline_below(top: float, style: TextStyle) -> float:
    """The baseline of a line whose box (one leading high) starts at ``top``.

    The em box (descender to descender + size, what text extraction reports) is centred in
    the line box, so lines set at a leading of 1 or more never overlap.
    """
    em_top_to_baseline = style.size + fonts.descent(style)  # descent is negative
    return top - (fonts.line_height(style) - style.size) / 2 - em_top_to_baseline


def draw_text(c: Canvas, text: str, style: TextStyle, x: float, top: float, *,
              align: str = "left", fill: str | None = None) -> float:
    """Draw one line in the line box starting at ``top``; return the top of the next line."""
    c.setFont(style.font, style.size)
    c.setFillColor(color(fill or style.color))
    text = fonts.printable(text, style.font)
    y = baseline_below(top, style)
    if align == "center":
        c.drawCentredString(x, y, text)
    elif align == "right":
        c.drawRightString(x, y, text)
    else:
        c.drawString(x, y, text)
    return top - fonts.line_height(style)


def link_area(c: Canvas, url: str | None, box: tuple[float, float, float, float]) -> bool:
    """Make ``box`` (x1, y1, x2, y2 in page points) a link to ``url`` when
    :func:`~posterbuild.core.escape.safe_href` allows it (http, https, mailto); otherwise no
    link at all. Every link annotation of the poster is made here. True when a link was made.
    """
    target = safe_href(url)
    if target is None:
        return False
    c.linkURL(target, box, relative=0, thickness=0)
    return True


def panel_title_height(layout: LayoutSpec) -> float:
    return fonts.line_height(layout.text["panel_title"]) + PANEL_PAD


def panel_frame(c: Canvas, rect: Rect, title: str | None, layout: LayoutSpec) -> Rect:
    """Draw a panel's background and title bar; return the body rectangle inside it."""
    c.setFillColor(color(layout.colors.get("panel_fill", layout.colors["paper"])))
    c.setStrokeColor(color(layout.colors["rule"]))
    c.setLineWidth(0.75)
    c.rect(rect.x, rect.y, rect.w, rect.h, stroke=1, fill=1)
    if not title:
        return rect.inset(PANEL_PAD)
    style = layout.text["panel_title"]
    bar, body = rect.cut_top(panel_title_height(layout))
    c.setFillColor(color(layout.colors.get("panel_bar", layout.colors["ink"])))
    c.rect(bar.x, bar.y, bar.w, bar.h, stroke=0, fill=1)
    draw_text(c, title, style, bar.x + PANEL_PAD * 1.5, bar.top - PANEL_PAD / 2)
    return body.inset(PANEL_PAD)


def brick_wall(c: Canvas, x: float, y: float, w: float, h: float, layout: LayoutSpec) -> None:
    """A firewall: bricks in the layout's firewall colour, mortar courses every 5 pt."""
    c.setFillColor(color(layout.colors.get("firewall", "#3d3d3d")))
    c.rect(x, y, w, h, stroke=0, fill=1)
    c.setStrokeColor(color(layout.colors.get("firewall_mortar", "#d9d9d9")))
    c.setLineWidth(0.6)
    course = 5.0
    for i in range(1, int(h // course) + 1):
        yy = y + i * course
        c.line(x, yy, x + w, yy)
        xx = x + (w / 2 if i % 2 else w / 4)
        c.line(xx, yy - course, xx, yy)


def to_cmyk(value: object) -> CMYKColor:
    """Every colour as CMYK: greys to pure black ink, others by the plain RGB formula.

    >>> to_cmyk("#ffffff").cmyk(), to_cmyk("#000000").cmyk()
    ((0, 0, 0, 0.0), (0, 0, 0, 1.0))
    """
    c = toColor(value)
    if isinstance(c, CMYKColor):
        return c
    if not isinstance(c, Color):
        raise ValueError(f"not a colour: {value!r}")
    if c.red == c.green == c.blue:
        return CMYKColor(0, 0, 0, 1 - c.red, alpha=c.alpha)
    return CMYKColor(*rgb2cmyk(c.red, c.green, c.blue), alpha=c.alpha)
