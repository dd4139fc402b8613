"""The "What's new" panel: the latest version's note and credits, then earlier versions; in a
review copy, the list of changes since the published version instead."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from posterbuild import fonts
from posterbuild.errors import LayoutError
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster
from posterbuild.page.paint import Rect, color, draw_text, panel_frame

__all__ = ["draw_history"]

SIGNS = {"added": "+", "removed": "−", "changed": "~"}


def _lines(poster: Poster, review, width: float, layout: LayoutSpec) -> list[tuple[str, str, str | None]]:
    """(text, style, fill) lines, most important first."""
    body, small = layout.text["body"], layout.text["table"]
    out: list[tuple[str, str, str | None]] = []
    if review is not None:
        out.append((f"Review copy: changes since {review.since}", "callout_title", None))
        for change in review.changes:
            text = f"{SIGNS[change.action]} {change.kind} {change.action}: {change.key}"
            text += "".join(f"; {f}: {a} → {b}" for f, a, b in change.fields)
            fill = layout.colors.get("highlight_ink") if change.action != "removed" else None
            out += [(t, "table", fill) for t in fonts.wrap(text, small, width)]
        if not review.changes:
            out.append(("No changes.", "table", None))
        return out
    history = poster.history
    if not history:
        return [("No version history.", "body", None)]
    latest = history[-1]
    out.append((f"What's new in {latest.version}" + (f" ({latest.date})" if latest.date else ""),
                "callout_title", None))
    out += [(t, "body", None) for t in fonts.wrap(latest.note, body, width)]
    if latest.credits:
        out += [(t, "body", None) for t in fonts.wrap(_thanks(latest.credits), body, width)]
    if len(history) > 1:
        out.append(("Earlier versions", "callout_title", None))
        for v in reversed(history[:-1]):
            text = f"{v.version}" + (f" ({v.date})" if v.date else "") + f": {v.note}"
            if v.credits:
                text += " " + _thanks(v.credits)
            out += [(t, "table", None) for t in fonts.wrap(text, small, width)]
    return out


def _thanks(credits: tuple[str, ...]) -> str:
    """A thank-you line that ends with exactly one full stop.

    >>> _thanks(("Rob L.",)), _thanks(("A", "B"))
    ('Thanks to Rob L.', 'Thanks to A, B.')
    """
    text = "Thanks to " + ", ".join(credits)
    return text if text.endswith(".") else text + "."


def draw_history(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec,
                 review=None) -> None:
    """Draw the panel; lines that do not fit are dropped from the end (older versions first),
    except in a review copy, where every change must show: it stops the build instead."""
    body = panel_frame(c, rect, "Changes" if review is not None else title, layout)
    lines = _lines(poster, review, body.w, layout)
    top = body.top
    for i, (text, style_name, fill) in enumerate(lines):
        style = layout.text[style_name]
        if top - fonts.line_height(style) < body.y:
            if review is not None:
                raise LayoutError(f"history panel: {len(lines) - i} more change lines than fit; "
                                  "a review copy must list every change")
            break
        if fill:
            c.setFillColor(color(layout.colors.get("highlight", "#fff2a8")))
            c.rect(body.x - 2, top - fonts.line_height(style), body.w + 4, fonts.line_height(style),
                   stroke=0, fill=1)
        top = draw_text(c, text, style, body.x, top)
