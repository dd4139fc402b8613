"""The legend: every mark the diagrams use, each as a small sample beside its meaning.

What it lists comes from the poster and its layout, never from a fixed list: one line sample per
protocol family of the layout (with the protocols of that family in the data), the zones of the
poster, the role kinds that occur. The entries flow into as many balanced columns as the panel
needs, so a wide strip and a tall box both come out without a large empty area.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.errors import LayoutError
from posterbuild.core.layout_model import FamilyStyle, LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.page.glyphs import GLYPHS, draw_glyph
from posterbuild.page.paint import Rect, brick_wall, color, draw_text, panel_frame

__all__ = ["draw_legend", "legend_height", "legend_entries", "KIND_NAMES", "Entry"]

KIND_NAMES = {"server": "Server or pool member", "client": "User or client", "cloud": "External service",
              "pstn": "PSTN or phone", "storage": "Database or file share"}
SAMPLE = 66.0  # width of the sample column, points (a label pill may make it wider)
GAP = 8.0  # between a sample and its text
COLUMN_GAP = 18.0
MIN_TEXT_EMS = 11.0  # a column's text is at least this many ems wide
MAX_TEXT_EMS = 26.0  # and at most this many: a wide panel gets more columns, spread across it
HALO = "#ffe45c"  # the review highlight when the layout names none

Draw = Callable[[Canvas, float, float, float, float], None]  # (canvas, x, y, w, h) of the sample


@dataclass(frozen=True)
class Entry:
    """One row of the legend: a sample drawn in a box ``height`` high, and what it means.
    ``heading`` rows have no sample and start a section."""

    text: str
    draw: Draw | None = None
    height: float = 0.0  # the sample's own height (the text may need more)
    heading: bool = False


def draw_legend(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec,
                review=None) -> None:
    """The legend in balanced columns, shrunk (never below the minimum text size) only when
    even the most columns the panel allows do not fit."""
    body = panel_frame(c, rect, title, layout)
    entries = legend_entries(poster, layout, review)
    scale = 1.0
    while True:  # smaller text leaves room for more columns: arrange again at each step
        columns, height, col_w, width = _arrange(entries, body.w / scale, body.h / scale, layout)
        if height * scale <= body.h + 1e-6 and width * scale <= body.w + 1e-6:
            break
        scale *= 0.97
        if layout.text["legend"].size * scale < layout.min_text_size - 1e-6:
            raise LayoutError(f"legend: its text would print below the minimum {layout.min_text_size:g} pt "
                              f"of layout '{layout.name}'; give the panel more room")
    c.saveState()
    c.translate(body.x, body.top)
    c.scale(scale, scale)
    _draw_columns(c, columns, col_w, body.w / scale, layout)
    c.restoreState()


def legend_height(poster: Poster, layout: LayoutSpec, width: float, review=None) -> float:
    """The least body height the legend needs at full size in a panel body ``width`` wide, in
    as many columns as fit (for a grid that sizes its rows from their content)."""
    return _arrange(legend_entries(poster, layout, review), width, 0.0, layout)[1]


def legend_entries(poster: Poster, layout: LayoutSpec, review=None) -> list[Entry]:
    """Every row of the legend, section by section: the marks of the diagrams, or on a sheet
    of tables only (the firewall poster), how to read a rule."""
    style = layout.text["legend"]
    lh = fonts.line_height(style)
    ink = layout.colors["ink"]
    if not any(p.type == "workload" for p in layout.panels):
        return _table_entries(poster, layout)
    out: list[Entry] = [Entry("Lines: one style per protocol family", heading=True)]
    for fid in poster.families:  # in the data's order (a snapshot's layout has its keys sorted)
        fam = layout.families.get(fid)
        if fam is None:
            continue
        names = [p.name for p in poster.protocols.values() if p.family == fid]
        what = ", ".join(names) or poster.families[fid].description
        text = f"{poster.families[fid].name}: {what}" if what else poster.families[fid].name
        out.append(Entry(text, _family_sample(fam), lh))
    out += [Entry("Direction", heading=True),
            Entry("Dot: the side that opens the connection; arrowhead: the side that listens on the port",
                  _direction_sample(ink, layout, both=False), lh),
            Entry("Arrowheads at both ends: either side may open it", _direction_sample(ink, layout, both=True), lh),
            Entry("Labels and numbers", heading=True)]
    label, fam = _example_label(poster, layout)
    out += [Entry("Protocol, transport and port of the line the label sits on", _pill_sample(label, fam, layout),
                  fonts.line_height(layout.text["edge_label"]) + 6),
            Entry("Numbered marker: the note with that number beside the diagram, or a callout step",
                  _marker_sample(layout), lh)]
    out += [Entry("Places", heading=True),
            Entry("Pool: several servers of one role, its name at the top left", _pool_sample(layout), lh * 1.6)]
    zones = [z for z in poster.zones if f"zone_{z.id}" in layout.colors]
    if zones:
        out.append(Entry("Zones, left to right: " + " | ".join(z.name for z in zones),
                         _zones_sample([layout.colors[f"zone_{z.id}"] for z in zones], layout), lh * 1.6))
    out.append(Entry("Firewall between two zones, its name at the foot", _wall_sample(layout), lh * 1.6))
    if review is not None:
        out += [Entry("Review copy", heading=True),
                Entry(f"Changed since {review.since}: the line and its label on yellow; a new server "
                      "outlined in yellow", _halo_sample(label, fam, layout), lh * 1.2)]
    kinds = [k for k in GLYPHS if any(r.kind == k for r in poster.roles.values())] or list(GLYPHS)
    out.append(Entry("Roles", heading=True))
    g = min(layout.graph.glyph_size, lh * 1.1)
    out += [Entry(KIND_NAMES[k], _glyph_sample(k, g, layout), g) for k in kinds]
    return out


def _table_entries(poster: Poster, layout: LayoutSpec) -> list[Entry]:
    """The legend of a sheet of rule tables."""
    lh = fonts.line_height(layout.text["legend"])
    ink = layout.colors["ink"]
    out = [Entry("Reading a rule", heading=True),
           Entry("A → B: A opens the connection, B listens on the port",
                 _direction_sample(ink, layout, both=False), lh),
           Entry("Inbound: opened from a firewall's outer zone toward its inner zone; outbound: the other way"),
           Entry("Either side may open it: the rule is listed in both directions",
                 _direction_sample(ink, layout, both=True), lh),
           Entry("Workloads: every workload that needs the rule, in one row"),
           Entry("Places", heading=True)]
    zones = [z for z in poster.zones if f"zone_{z.id}" in layout.colors]
    if zones:
        out.append(Entry("Zones: " + " | ".join(z.name for z in zones),
                         _zones_sample([layout.colors[f"zone_{z.id}"] for z in zones], layout), lh * 1.6))
    names = ", ".join(f.name for f in poster.firewalls)
    out.append(Entry(f"Firewalls: {names}" if names else "Firewall", _wall_sample(layout), lh * 1.6))
    return out


# --- arranging -----------------------------------------------------------------------------------

def _sample_width(entries: list[Entry], layout: LayoutSpec) -> float:
    return max([SAMPLE, *(getattr(e.draw, "width", 0.0) for e in entries if e.draw)])


def _blocks(entries: list[Entry], width: float, layout: LayoutSpec) -> list[list[tuple[Entry, list[str], float]]]:
    """Unbreakable runs: a heading goes with the entry after it. Each row: (entry, lines, height)."""
    style, head = layout.text["legend"], layout.text["callout_title"]
    sw = _sample_width(entries, layout)
    blocks: list[list[tuple[Entry, list[str], float]]] = []
    pending: list[tuple[Entry, list[str], float]] = []
    for e in entries:
        if e.heading:
            lines = fonts.wrap(e.text, head, width)
            row = (e, lines, len(lines) * fonts.line_height(head) + fonts.line_height(style) * 0.25)
            pending.append(row)
            continue
        lines = fonts.wrap(e.text, style, width - sw - GAP)
        row = (e, lines, max(e.height, len(lines) * fonts.line_height(style)) + fonts.line_height(style) * 0.2)
        blocks.append(pending + [row])
        pending = []
    return blocks


def _arrange(entries: list[Entry], width: float, height: float, layout: LayoutSpec):
    """(columns of rows, the tallest column's height, the column width, the width they span).
    Uses the fewest columns that fit ``height`` (the most the width allows when none do); no
    column is wider than a comfortable line, so a wide strip gets more, shorter columns."""
    style = layout.text["legend"]
    sw = _sample_width(entries, layout)
    min_col, max_col = (sw + GAP + ems * style.size for ems in (MIN_TEXT_EMS, MAX_TEXT_EMS))
    most = max(1, int((width + COLUMN_GAP) // (min_col + COLUMN_GAP)))
    fewest = min(most, max(1, math.ceil((width + COLUMN_GAP) / (max_col + COLUMN_GAP) - 1e-9)))
    best = None
    for n in range(fewest, most + 1):
        col_w = min(max_col, (width - COLUMN_GAP * (n - 1)) / n) if n > 1 else min(width, max_col)
        col_w = max(col_w, min_col)
        columns = _balance(_blocks(entries, col_w, layout), n)
        tallest = max(sum(r[2] for b in col for r in b) for col in columns)
        span = width if len(columns) > 1 else col_w
        best = ([[row for b in col for row in b] for col in columns], tallest, col_w, span)
        if tallest <= height:
            break
    assert best is not None
    return best


def _balance(blocks, n: int):
    """Split ``blocks`` in order into at most ``n`` columns, the tallest as short as possible."""
    heights = [sum(r[2] for r in b) for b in blocks]
    lo, hi = max(heights), sum(heights)

    def split(limit: float):
        cols: list[list] = []
        cur: list = []
        h = 0.0
        for b, bh in zip(blocks, heights):
            if cur and h + bh > limit + 1e-6:
                cols.append(cur)
                cur, h = [], 0.0
            cur.append(b)
            h += bh
        return cols + [cur]

    for _ in range(40):  # bisect on the column height
        mid = (lo + hi) / 2
        if len(split(mid)) <= n:
            hi = mid
        else:
            lo = mid
    return split(hi)


def _draw_columns(c: Canvas, columns, col_w: float, width: float, layout: LayoutSpec) -> None:
    """Columns spread evenly across ``width``, the first at the left, the last at the right."""
    style, head = layout.text["legend"], layout.text["callout_title"]
    n = len(columns)
    step = (width - col_w) / (n - 1) if n > 1 else 0.0
    sw = _sample_width([r[0] for col in columns for r in col], layout)
    for i, rows in enumerate(columns):
        x, top = i * max(step, col_w + COLUMN_GAP), 0.0
        for entry, lines, h in rows:
            if entry.heading:
                t = top
                for line in lines:
                    t = draw_text(c, line, head, x, t)
                top -= h
                continue
            text_h = len(lines) * fonts.line_height(style)
            box_h = max(entry.height, text_h)
            if entry.draw:
                entry.draw(c, x, top - (box_h + entry.height) / 2, sw, entry.height)
            t = top - (box_h - text_h) / 2
            for line in lines:
                t = draw_text(c, line, style, x + sw + GAP, t)
            top -= h


# --- samples --------------------------------------------------------------------------------------

def _stroke(c: Canvas, fam: FamilyStyle) -> None:
    c.setStrokeColor(color(fam.color))
    c.setLineWidth(fam.width)
    c.setDash(list(fam.dash), 0) if fam.dash else c.setDash()


def _family_sample(fam: FamilyStyle) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        _stroke(c, fam)
        c.line(x, y + h / 2, x + w, y + h / 2)
        c.setDash()
    return draw


def _arrowhead(c: Canvas, tip: float, y: float, sign: int, s: float) -> None:
    p = c.beginPath()
    p.moveTo(tip, y)
    p.lineTo(tip - sign * s, y + s * 0.42)
    p.lineTo(tip - sign * s, y - s * 0.42)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _direction_sample(ink: str, layout: LayoutSpec, *, both: bool) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        s, mid = layout.graph.arrow_size, y + h / 2
        c.setStrokeColor(color(ink))
        c.setFillColor(color(ink))
        c.setLineWidth(1.6)
        c.line(x + (s if both else 3), mid, x + w - s, mid)
        _arrowhead(c, x + w, mid, 1, s)
        if both:
            _arrowhead(c, x, mid, -1, s)
        else:
            c.circle(x + 3, mid, max(2.2, s * 0.32), stroke=0, fill=1)
    return draw


def _example_label(poster: Poster, layout: LayoutSpec) -> tuple[str, FamilyStyle]:
    """A label as the diagrams print it: the shortest with a port among the first family's
    drawn connections."""
    first = next((f for f in poster.families if f in layout.families), next(iter(layout.families)))
    labels = sorted((len(poster.label(c)), poster.label(c)) for w in poster.workloads
                    if w.placement == "diagram" for c in w.connections
                    if c.ports and poster.protocols[c.protocol].family == first)
    return (labels[0][1] if labels else "TCP 443"), layout.families[first]


def _pill(c: Canvas, label: str, fam: FamilyStyle, cx: float, cy: float, layout: LayoutSpec) -> None:
    style = layout.text["edge_label"]
    w, h = fonts.text_width(label, style) + 10, fonts.line_height(style) + 4
    c.setFillColor(color(layout.colors["paper"]))
    c.setStrokeColor(color(fam.color))
    c.setLineWidth(0.8)
    c.setDash()
    c.roundRect(cx - w / 2, cy - h / 2, w, h, h / 2, stroke=1, fill=1)
    draw_text(c, label, style, cx, cy + fonts.line_height(style) / 2, align="center", fill=layout.colors["ink"])


def _pill_sample(label: str, fam: FamilyStyle, layout: LayoutSpec) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        _stroke(c, fam)
        c.line(x, y + h / 2, x + w, y + h / 2)
        c.setDash()
        _pill(c, label, fam, x + w / 2, y + h / 2, layout)
    draw.width = fonts.text_width(label, layout.text["edge_label"]) + 10 + 16  # type: ignore[attr-defined]
    return draw


def _marker_sample(layout: LayoutSpec) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        r = layout.text["edge_label"].size * 0.6  # the diagrams' marker: same disc, same figure
        style = layout.text["table_small"]
        c.setFillColor(color(layout.colors["ink"]))
        c.circle(x + w / 2, y + h / 2, r, stroke=0, fill=1)
        c.setFont(style.font, style.size)
        c.setFillColor(color(layout.colors["paper"]))
        c.drawCentredString(x + w / 2, y + h / 2 - style.size * 0.35, "1")
    return draw


def _pool_sample(layout: LayoutSpec) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        c.setFillColor(color(layout.colors.get("group_fill", layout.colors["paper"])))
        c.setStrokeColor(color(layout.colors.get("group_stroke", layout.colors["rule"])))
        c.setLineWidth(1.0)
        c.setDash(4, 2.5)
        c.roundRect(x + 1, y + 1, w - 2, h - 2, 6, stroke=1, fill=1)
        c.setDash()
        title = layout.text["zone"]  # as a pool's title is drawn on the diagrams (one type scale)
        c.setFont(title.font, title.size)
        c.setFillColor(color(title.color))
        c.drawString(x + 4, y + h - 3 - title.size, "Pool")
    return draw


def _zones_sample(fills: list[str], layout: LayoutSpec) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        step = w / len(fills)
        for i, fill in enumerate(fills):
            c.setFillColor(color(fill))
            c.rect(x + i * step, y, step, h, stroke=0, fill=1)
        c.setStrokeColor(color(layout.colors["rule"]))
        c.setLineWidth(0.5)
        c.rect(x, y, w, h, stroke=1, fill=0)
        for i in range(1, len(fills)):
            c.line(x + i * step, y, x + i * step, y + h)
    return draw


def _wall_sample(layout: LayoutSpec) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        ww = min(w, 14.0)
        brick_wall(c, x + (w - ww) / 2, y, ww, h, layout)  # the wall the diagrams draw
    return draw


def _halo_sample(label: str, fam: FamilyStyle, layout: LayoutSpec) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        c.setStrokeColor(color(layout.colors.get("highlight", HALO)))
        c.setLineWidth(h * 0.8)
        c.setLineCap(1)
        c.line(x + h * 0.4, y + h / 2, x + w - h * 0.4, y + h / 2)
        c.setLineCap(0)
        _family_sample(fam)(c, x, y, w, h)
        _pill(c, label, fam, x + w / 2, y + h / 2, layout)
    return draw


def _glyph_sample(kind: str, g: float, layout: LayoutSpec) -> Draw:
    def draw(c: Canvas, x: float, y: float, w: float, h: float) -> None:
        draw_glyph(c, kind, x + (w - g) / 2, y, g, layout.colors.get("glyph", layout.colors["ink"]),
                   layout.colors.get("glyph_light", layout.colors["paper"]))
    return draw
