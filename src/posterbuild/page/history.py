"""The "What's new" panel: the latest version's note and credits, then earlier versions; in a
review copy, the list of changes since the published version instead."""

from __future__ import annotations

from typing import NamedTuple

from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.page.paint import PANEL_PAD, Rect, color, draw_text, panel_frame, panel_title_height

__all__ = ["draw_history", "history_height"]

SIGNS = {"added": "+", "removed": "−", "changed": "~"}
KINDS = {"added": "Added", "corrected": "Corrected", "removed": "Removed"}
BULLET_INDENT = 14.0


class Line(NamedTuple):
    text: str
    style: str
    fill: str | None = None
    heading: bool = False
    group: int | None = None  # lines of one group print together or not at all


def _lines(poster: Poster, review, width: float, layout: LayoutSpec) -> list[Line]:
    """The panel's lines, most important first."""
    body, small = layout.text["body"], layout.text["table"]
    out: list[Line] = []
    if review is not None:
        out.append(Line(f"Review copy: changes since {review.since}", "callout_title", heading=True))
        for i, change in enumerate(review.changes):
            text = f"{SIGNS[change.action]} {change.kind} {change.action}: {change.key}"
            text += "".join(f"; {f}: {a} → {b}" for f, a, b in change.fields)
            fill = layout.colors.get("highlight_ink") if change.action != "removed" else None
            out += [Line(t, "table", fill, group=i) for t in fonts.wrap(text, small, width)]
        if not review.changes:
            out.append(Line("No changes.", "table"))
        return out
    history = poster.history
    if not history:
        return [Line("No version history.", "body")]
    latest = history[-1]
    out.append(Line(f"What's new in {latest.version}" + (f"  ·  {latest.date}" if latest.date else ""),
                    "callout_title", heading=True))
    if latest.changes:  # a few bullets by kind, each its own group
        for i, (kind, text) in enumerate(latest.changes):
            lines = fonts.wrap(f"{KINDS[kind]}: {text}", body, width - BULLET_INDENT)
            out += [Line(("• " if k == 0 else "   ") + t, "body", group=100 + i) for k, t in enumerate(lines)]
    else:
        out += [Line(t, "body") for t in fonts.wrap(latest.note, body, width)]
    if latest.credits:
        out += [Line(t, "body") for t in fonts.wrap(_thanks(latest.credits), body, width)]
    if len(history) > 1:
        out.append(Line("Earlier versions", "callout_title", heading=True))
        for i, v in enumerate(reversed(history[:-1])):
            out.append(Line(_one_line(v, body, width), "body", group=i))
    return out


def _one_line(v, style, width: float) -> str:
    """An earlier version on one line: number, date, its summary (or its note's first
    sentence), credits; cut with an ellipsis where the line ends."""
    text = v.summary or _first_sentence(v.note)
    line = f"{v.version}" + (f"  ·  {v.date}" if v.date else "") + f"  ·  {text}"
    if v.credits:
        line += " (" + ", ".join(v.credits) + ")"
    if fonts.text_width(line, style) <= width:
        return line
    while line and fonts.text_width(line + "…", style) > width:
        line = line[:-1]
    return line.rstrip(" ,;:·") + "…"


def _first_sentence(text: str) -> str:
    """
    >>> _first_sentence("Reader corrections to 5.15. Applied: more.")
    'Reader corrections to 5.15'
    """
    for end in (". ", "; "):
        if end in text:
            return text.split(end, 1)[0]
    return text.rstrip(".")


def _runs(lines: list[Line]) -> list[list[Line]]:
    """Lines that print together: a group's lines; a heading with the first run under it (a
    heading never prints with nothing below it)."""
    runs: list[list[Line]] = []
    for line in lines:
        last = runs[-1] if runs else None
        joins = last is not None and (
            (line.group is not None and last[-1].group == line.group and not last[-1].heading)
            or (last[-1].heading and not line.heading))
        if joins and last is not None:
            last.append(line)
        else:
            runs.append([line])
    return runs


def _thanks(credits: tuple[str, ...]) -> str:
    """A thank-you line that ends with exactly one full stop.

    >>> _thanks(("Rob L.",)), _thanks(("A", "B"))
    ('Thanks to Rob L.', 'Thanks to A, B.')
    """
    text = "Thanks to " + ", ".join(credits)
    return text if text.endswith(".") else text + "."


def draw_history(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec,
                 review=None) -> None:
    """Draw the panel; lines that do not fit are dropped from the end (older versions first).
    In a review copy every change is highlighted on the diagrams; changes that do not fit the
    list are counted on its last line, which names the command that lists them all."""
    body = panel_frame(c, rect, "Changes" if review is not None else title, layout)
    lines = _lines(poster, review, body.w, layout)
    small = layout.text["table"]
    overflow = review is not None and _height(lines, layout) > body.h + 1e-6
    bottom = body.y + (fonts.line_height(small) if overflow else 0.0)  # room for the count
    top = body.top
    shown = 0  # review changes listed
    for run in _runs(lines):
        if top - _height(run, layout) < bottom - 1e-6:
            break
        for text, style_name, fill, _, _ in run:
            top = _draw_line(c, text, layout.text[style_name], fill, body, top, layout)
        shown = max([shown] + [ln.group + 1 for ln in run if ln.group is not None])
    if overflow:
        rest = len(review.changes) - shown
        note = (f"… and {rest} more change{'s' if rest != 1 else ''}, highlighted on the diagrams; "
                f"posterbuild diff {review.since} lists them all")
        _draw_line(c, fonts.wrap(note, small, body.w)[0], small, None, body, bottom, layout)


def history_height(poster: Poster, layout: LayoutSpec, width: float, review=None) -> float:
    """The height of the panel, ``width`` wide, that holds all its lines (title bar, padding)."""
    lines = _lines(poster, review, width - 2 * PANEL_PAD, layout)
    return panel_title_height(layout) + 2 * PANEL_PAD + _height(lines, layout) + 0.5


def _height(lines: list[Line], layout: LayoutSpec) -> float:
    return sum(fonts.line_height(layout.text[ln.style]) for ln in lines)


def _draw_line(c: Canvas, text: str, style, fill: str | None, body: Rect, top: float,
               layout: LayoutSpec) -> float:
    """One line, on the highlight colour when it has a ``fill``; the top of the next line."""
    if fill:
        c.setFillColor(color(layout.colors.get("highlight", "#fff2a8")))
        c.rect(body.x - 2, top - fonts.line_height(style), body.w + 4, fonts.line_height(style),
               stroke=0, fill=1)
    return draw_text(c, text, style, body.x, top)
