"""Numbered callouts under a workload, as on the original (e.g. "External user sign-in process")."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Callout
from posterbuild.page.paint import Rect, color, draw_text

__all__ = ["callouts_height", "draw_callouts"]

GAP = 12.0
PAD = 8.0
NUMBER_INDENT = 18.0


def _column_width(callouts: tuple[Callout, ...], width: float) -> float:
    return (width - GAP * (len(callouts) - 1)) / len(callouts)


def _lines(callout: Callout, width: float, layout: LayoutSpec) -> tuple[list[str], list[list[str]]]:
    title = fonts.wrap(callout.title, layout.text["callout_title"], width - 2 * PAD)
    steps = [fonts.wrap(s, layout.text["callout"], width - 2 * PAD - NUMBER_INDENT)
             for s in callout.steps]
    return title, steps


def _height(callout: Callout, width: float, layout: LayoutSpec) -> float:
    title, steps = _lines(callout, width, layout)
    return (2 * PAD + fonts.block_height(len(title), layout.text["callout_title"])
            + fonts.block_height(sum(len(s) for s in steps), layout.text["callout"]))


def callouts_height(callouts: tuple[Callout, ...], width: float, layout: LayoutSpec) -> float:
    col = _column_width(callouts, width)
    return max(_height(c, col, layout) for c in callouts)


def draw_callouts(c: Canvas, rect: Rect, callouts: tuple[Callout, ...], layout: LayoutSpec,
                  on_diagram: frozenset[str] = frozenset()) -> None:
    """The callouts side by side; the steps of one ``on_diagram`` (its steps are numbered on the
    lines too) get the same numbered discs as the lines."""
    col = _column_width(callouts, rect.w)
    for i, callout in enumerate(callouts):
        x = rect.x + i * (col + GAP)
        c.setFillColor(color(layout.colors["paper"]))
        c.setStrokeColor(color(layout.colors.get("title_accent", layout.colors["rule"])))
        c.setLineWidth(1.5)
        c.roundRect(x, rect.y, col, rect.h, 5, stroke=1, fill=1)
        title, steps = _lines(callout, col, layout)
        top = rect.top - PAD
        for line in title:
            top = draw_text(c, line, layout.text["callout_title"], x + PAD, top)
        style = layout.text["callout"]
        numbered = len(steps) > 1
        for n, step in enumerate(steps, start=1):
            if numbered and callout.id in on_diagram:  # the disc the step has on its line
                d = style.size * 1.15
                cy = top - fonts.line_height(style) / 2
                c.setFillColor(color(layout.colors.get("title_accent", layout.colors["rule"])))
                c.circle(x + PAD + d / 2, cy, d / 2, stroke=0, fill=1)
                small = layout.text["table_small"]
                draw_text(c, str(n), small, x + PAD + d / 2, cy + fonts.line_height(small) / 2,
                          align="center", fill=layout.colors["ink"])
            elif numbered:
                draw_text(c, f"{n}.", style, x + PAD, top)
            for line in step:
                top = draw_text(c, line, style, x + PAD + (NUMBER_INDENT if numbered else 0), top)
