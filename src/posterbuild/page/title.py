"""The title band: version in the upper-left corner, title, subtitle; and the footer line."""

from __future__ import annotations

from dataclasses import replace

from reportlab.pdfgen.canvas import Canvas

from posterbuild.core.errors import LayoutError

from posterbuild.fonts import metrics as fonts
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.page.paint import PANEL_PAD, Rect, color, draw_text, link_area

__all__ = ["draw_title", "draw_footer", "version_text", "subtitle_text", "not_drawn_line"]


def version_text(poster: Poster) -> str:
    meta = poster.meta
    if meta.draft:  # cannot be mistaken for the published version
        return f"DRAFT  ·  version {meta.version} with unpublished changes"
    return f"Version {meta.version}" + (f"  ·  revised {meta.revised}" if meta.revised else "")


def subtitle_text(poster: Poster) -> str:
    """The line under the title: the poster's ``subtitle``, or one built from its own fields
    and from what it holds (certificates and DNS only when it has them)."""
    meta = poster.meta
    if meta.subtitle:
        return meta.subtitle
    shown = ["protocols", "ports"] + (["certificates"] if poster.certificates else []) + \
        (["DNS"] if poster.dns_records else [])
    what = ", ".join(shown[:-1]) + " and " + shown[-1]
    return f"{meta.product}  ·  {what} by workload  ·  by {meta.author}, first published {meta.published}"


def draw_title(c: Canvas, rect: Rect, poster: Poster, layout: LayoutSpec, bleed: float = 0.0) -> None:
    """The title band runs from the bottom of its panel to the top edge of the sheet, across the
    whole width (and into the bleed when there is one); its text stays inside the panel."""
    meta = poster.meta
    c.setFillColor(color(layout.colors.get("title_band", layout.colors["ink"])))
    c.rect(-bleed, rect.y, layout.width + 2 * bleed, layout.height + bleed - rect.y, stroke=0, fill=1)
    inner = rect.inset(PANEL_PAD * 2, PANEL_PAD * 1.5)
    version = layout.text["version"]
    subtitle = subtitle_text(poster)
    tag_h = fonts.line_height(version) + 4
    title, sub = layout.text["title"], layout.text["subtitle"]
    # the title shrinks (never below the minimum) until tag, title and subtitle fit the panel
    for _ in range(30):
        title_lines = fonts.wrap(layout.title_for(meta), title, inner.w)
        sub_lines = fonts.wrap(subtitle, sub, inner.w)
        needed = tag_h + 8 + fonts.block_height(len(title_lines), title) + fonts.block_height(len(sub_lines), sub)
        if needed <= inner.h:
            break
        title = replace(title, size=title.size * 0.95)
        sub = replace(sub, size=max(sub.size * 0.97, layout.min_text_size))
    else:
        raise LayoutError(f"title panel: the title does not fit in layout '{layout.name}'")
    if sub.size < layout.min_text_size - 1e-6:
        raise LayoutError(f"title panel: the subtitle would print below {layout.min_text_size:g} pt")
    # the version stands in the upper-left corner, as on the original
    c.setFillColor(color(layout.colors.get("title_accent", "#f2a900")))
    tag_w = fonts.text_width(version_text(poster), version) + 2 * PANEL_PAD
    c.rect(inner.x, inner.top - tag_h, tag_w, tag_h, stroke=0, fill=1)
    top = draw_text(c, version_text(poster), version, inner.x + PANEL_PAD, inner.top - 2,
                    fill=layout.colors.get("title_band", "#000000"))
    top -= 8
    for line in title_lines:
        top = draw_text(c, line, title, inner.x, top)
    for line in sub_lines:
        top = draw_text(c, line, sub, inner.x, top)
    link_area(c, meta.home, (inner.x, top, inner.x + inner.w, inner.top - tag_h))


def draw_footer(c: Canvas, rect: Rect, poster: Poster, layout: LayoutSpec) -> None:
    style = layout.text["footer"]
    lines = fonts.wrap(" ".join(poster.meta.copyright.split()), style, rect.w * 0.72)
    pointer = "" if any(p.type == "rules" for p in layout.panels) else not_drawn_line(poster)
    if pointer:  # a layout without a rule table at least says what it leaves out
        lines += fonts.wrap(pointer, style, rect.w * 0.72)
    top = rect.top - max(0.0, (rect.h - fonts.block_height(len(lines), style)) / 2)
    right = f"{layout.title_for(poster.meta)}  ·  " + (
        f"DRAFT after version {poster.meta.version}" if poster.meta.draft else f"version {poster.meta.version}")
    draw_text(c, right, style, rect.right, top, align="right")
    for line in lines:
        top = draw_text(c, line, style, rect.x, top)


def not_drawn_line(poster: Poster) -> str:
    """One line naming the workloads the data places as tables (not drawn as diagrams), how
    many rules each holds, and where a reader finds them; empty when every workload is drawn."""
    tables = [w for w in poster.workloads if w.placement == "table"]
    if not tables:
        return ""
    what = "; ".join(f"{w.title} ({len(w.connections)} rules)" for w in tables)
    return (f"Also open, not drawn: {what}. Every rule is listed by 'posterbuild ports' "
            "and on the firewall poster.")
