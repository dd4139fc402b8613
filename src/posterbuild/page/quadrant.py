"""Draw one placed workload: zones, firewalls, pools, boxes, lines, label pills, notes, callouts.

A diagram prints at the layout's sizes (never scaled). It arrives placed for its panel: the
pipeline has the graph stage spread a diagram into a taller panel before anything is drawn."""

from __future__ import annotations

import bisect
import dataclasses
import math
from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.errors import LayoutError
from posterbuild.graph.dot_build import marker_size
from posterbuild.graph.placed import Box, PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster, Workload
from posterbuild.page.callouts import callouts_height, draw_callouts
from posterbuild.page.glyphs import draw_glyph
from posterbuild.page.describe import edge_text, role_text
from posterbuild.page.paint import (PANEL_PAD, Rect, brick_wall, color, css_name, draw_text, family_class, group,
                                    panel_frame, panel_title_height)

__all__ = ["draw_workload", "diagram_area", "natural_size", "Placement", "Drawn", "label_styles"]

NOTE_COLUMN = 330.0  # the narrowest column of numbered note rows, points at design size
DOT = 2.6  # radius of the "opened here" dot, at design size


def label_styles(plan: GraphPlan) -> set[str]:
    return {t.style for e in plan.edges for t in e.lines} | {"node", "zone"}


@dataclass
class Drawn:
    """What a quadrant put on the page (page points), for the lint to measure and for the
    exports and the web viewer to read (the diagram as drawn, never laid out again)."""

    rect: Rect
    boxes: dict[str, Rect] = field(default_factory=dict)
    pills: dict[str, Rect] = field(default_factory=dict)
    titles: list[Rect] = field(default_factory=list)
    lines: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    walls: list[float] = field(default_factory=list)
    wall_width: float = 0.0
    pools: list[Rect] = field(default_factory=list)
    ink: list[Rect] = field(default_factory=list)  # everything else drawn (text, strips, bars)
    sizes: set[float] = field(default_factory=set)  # text sizes used
    zones: list[tuple[str, Rect]] = field(default_factory=list)  # (zone id, its band)
    firewalls: list[tuple[str, str, Rect]] = field(default_factory=list)  # (left zone, right zone, wall)
    pool_boxes: dict[str, Rect] = field(default_factory=dict)  # pool (group id) -> its box


@dataclass(frozen=True)
class Placement:
    """Where a diagram landed: a diagram point maps to the page through its origin and the
    extra room given at its stretch points."""

    x0: float
    y0: float
    sx: tuple[float, ...] = ()  # stretch points (diagram x) and the room each adds
    dx: float = 0.0
    sy: tuple[float, ...] = ()
    dy: float = 0.0
    scale: float = 1.0  # always 1: diagrams print at the layout's sizes
    drawn: Drawn | None = None

    def x(self, v: float) -> float:
        return self.x0 + v + self.dx * bisect.bisect_left(self.sx, v - 1e-6)

    def y(self, v: float) -> float:
        return self.y0 + v + self.dy * bisect.bisect_left(self.sy, v - 1e-6)

    def point(self, p: tuple[float, float]) -> tuple[float, float]:
        return self.x(p[0]), self.y(p[1])

    def box(self, b: Box) -> Rect:
        x0, y0 = self.x(b.x), self.y(b.y)
        return Rect(x0, y0, self.x(b.x + b.w) - x0, self.y(b.y + b.h) - y0)


def _note_columns(width: float, layout: LayoutSpec, count: int) -> int:
    unit = NOTE_COLUMN * layout.text["edge_note"].size / 12.5
    return max(1, min(count, int(width // unit)))


def _notes_layout(plan: GraphPlan, width: float, layout: LayoutSpec):
    """Numbered note rows in balanced columns: [(column, number, lines, top offset)], height."""
    if not plan.notes:
        return [], 0.0
    style = layout.text["edge_note"]
    ncol = _note_columns(width, layout, len(plan.notes))
    indent = marker_size(layout) + 6
    colw = (width - 12 * (ncol - 1)) / ncol
    rows = [(n, fonts.wrap(t, style, colw - indent)) for n, t in plan.notes]
    lh = fonts.line_height(style)
    total = sum(max(1, len(r[1])) * lh + 2 for r in rows)
    target = total / ncol
    out, col, y = [], 0, 0.0
    height = 0.0
    for n, lines in rows:
        h = max(1, len(lines)) * lh + 2
        if y > 0 and y + h > target + lh and col < ncol - 1:
            col, y = col + 1, 0.0
        out.append((col, n, lines, y, colw))
        y += h
        height = max(height, y)
    return out, height + 4


def _parts(rect: Rect, workload: Workload, plan: GraphPlan, layout: LayoutSpec) -> dict[str, Rect]:
    body = rect.cut_top(panel_title_height(layout))[1].inset(PANEL_PAD)
    parts: dict[str, Rect] = {}
    if workload.callouts:
        parts["callouts"], body = body.cut_bottom(callouts_height(workload.callouts, body.w, layout))
        body = Rect(body.x, body.y + PANEL_PAD, body.w, body.h - PANEL_PAD)
    if plan.notes:
        parts["notes"], body = body.cut_bottom(_notes_layout(plan, body.w, layout)[1])
        body = Rect(body.x, body.y + PANEL_PAD / 2, body.w, body.h - PANEL_PAD / 2)
    parts["head"], rest = body.cut_top(fonts.line_height(layout.text["zone"]) + 6)
    parts["foot"], parts["graph"] = rest.cut_bottom(fonts.line_height(layout.text["firewall"]) + 6)
    return parts


def natural_size(workload: Workload, plan: GraphPlan, geometry: PlacedDiagram,
                 layout: LayoutSpec) -> tuple[float, float]:
    """The smallest panel that holds the diagram at the layout's sizes."""
    w = geometry.width + sum(_overhang(geometry)) + 2 * PANEL_PAD
    probe = Rect(0, 0, w, 10_000)
    parts = _parts(probe, workload, plan, layout)
    return w, 10_000 - parts["graph"].h + geometry.height


def diagram_area(rect: Rect, workload: Workload, plan: GraphPlan, geometry: PlacedDiagram,
                 layout: LayoutSpec) -> Rect:
    """Where the diagram goes in the workload panel ``rect``: what the title, the zone names,
    the walls' names, the notes and the callouts leave (a diagram taller than it needs may be
    spread to fill it before it is drawn)."""
    return _diagram_area(_parts(rect, workload, plan, layout)["graph"], geometry)


def _diagram_area(full: Rect, geometry: PlacedDiagram) -> Rect:
    lead, trail = _overhang(geometry)  # a pool's padding beyond the first or last column
    return Rect(full.x + lead, full.y, full.w - lead - trail, full.h)


def draw_workload(c: Canvas, rect: Rect, poster: Poster, workload: Workload, plan: GraphPlan,
                  geometry: PlacedDiagram, layout: LayoutSpec, review=None) -> Placement:
    """Draw ``workload`` in ``rect``; return where its diagram was placed."""
    drawn = Drawn(rect)
    panel_frame(c, rect, workload.title, layout)
    drawn.ink.append(rect.cut_top(panel_title_height(layout))[0])
    drawn.sizes.add(layout.text["panel_title"].size)
    parts = _parts(rect, workload, plan, layout)
    if workload.callouts:
        draw_callouts(c, parts["callouts"], workload.callouts, layout,
                      frozenset(x.step[0] for x in workload.connections if x.step))
        drawn.ink.append(parts["callouts"])
        drawn.sizes |= {layout.text["callout_title"].size, layout.text["callout"].size}
    head, full, foot = parts["head"], parts["graph"], parts["foot"]
    area = _diagram_area(full, geometry)
    if area.w < geometry.width - 0.5 or area.h < geometry.height - 0.5:
        raise LayoutError(
            f"{workload.origin.file}: workload '{workload.id}' needs {geometry.width / 72:.1f} x "
            f"{geometry.height / 72:.1f} in for its diagram at the sizes of layout '{layout.name}' "
            f"and its panel leaves {area.w / 72:.1f} x {area.h / 72:.1f} in")
    pl = _placement(geometry, area)
    if plan.notes:
        _draw_notes(c, parts["notes"], plan, layout, drawn)
    _zones_and_walls(c, poster, plan, geometry, pl, head, foot, full, layout, drawn)
    drawn.pool_boxes = _pools(c, plan, geometry, pl, layout)
    drawn.pools = list(drawn.pool_boxes.values())
    marked_edges = {e.id for e in plan.edges
                    if review is not None and any(review.highlighted(workload.id, i) for i in e.connections)}
    for e in plan.edges:  # review halos under everything else
        if e.id in marked_edges:
            _halo(c, [pl.point(p) for p in geometry.edges[e.id].points], pl.box(geometry.edges[e.id].label), layout)
    ends = {rid: sum(1 for e in plan.edges if rid in (e.tail, e.head)) for rid in geometry.nodes}
    for rid, box in geometry.nodes.items():
        r = pl.box(box)
        drawn.boxes[rid] = r
        with group(c, css_name(workload.id, "role", rid), ("role", css_name("kind", plan.nodes[rid].kind)),
                   role_text(poster, rid, ends[rid])):
            _node(c, plan.nodes[rid], r, layout, review is not None and rid in review.roles)
    for e in plan.edges:
        pts = [pl.point(p) for p in geometry.edges[e.id].points]
        drawn.lines[e.id] = pts
        with group(c, css_name(workload.id, "connection", e.id), ("connection", family_class(e.family)),
                   edge_text(poster, workload.id, e.connections)):
            _line(c, pts, layout.families[e.family], e.direction, layout)
    for e in plan.edges:
        r = pl.box(geometry.edges[e.id].label)
        drawn.pills[e.id] = r
        with group(c, css_name(workload.id, "label", e.id), ("connection-label", family_class(e.family)),
                   " / ".join(t.text for t in e.lines)):
            _pill(c, e, r, layout, e.id in marked_edges)
    for cl in plan.clusters:
        if cl.id in geometry.cluster_labels:
            t = pl.box(geometry.cluster_labels[cl.id])
            drawn.titles.append(t)
            draw_text(c, cl.title, layout.text["zone"], t.x + 2, t.top - 1)
    drawn.sizes |= {layout.text[s].size for s in ("node", "zone", "edge_label", "firewall")}
    if any(t.marker for e in plan.edges for t in e.lines):
        drawn.sizes |= {layout.text["table_small"].size, layout.text["edge_note"].size}
    return dataclasses.replace(pl, drawn=drawn)


def _overhang(g: PlacedDiagram) -> tuple[float, float]:
    """How far the pools reach left of the diagram's first column and right of its last."""
    boxes = list(g.clusters.values())
    if not boxes:
        return 0.0, 0.0
    return max(0.0, -min(b.x for b in boxes)), max(0.0, max(b.x + b.w for b in boxes) - g.width)


def _placement(g: PlacedDiagram, area: Rect) -> Placement:
    sx, sy = tuple(sorted(g.stretch_x)), tuple(sorted(g.stretch_y))
    extra_w, extra_h = area.w - g.width, area.h - g.height
    dx = extra_w / len(sx) if sx else 0.0
    x0 = area.x if sx else area.x + extra_w / 2
    if sy:
        dy = extra_h / (len(sy) + 1)  # the ends share one part: half above, half below
        y0 = area.y + dy / 2
    else:
        dy, y0 = 0.0, area.y + extra_h / 2
    return Placement(x0, y0, sx, dx, sy, dy)


def _zones_and_walls(c, poster, plan, g, pl, head, foot, area, layout, drawn) -> None:
    zone_style, fw_style = layout.text["zone"], layout.text["firewall"]
    names = {z.id: z.name for z in poster.zones}
    last = len(g.bands) - 1
    for i, (zone_id, x0, x1) in enumerate(g.bands):
        left = area.x if i == 0 else pl.x(x0)
        right = area.right if i == last else pl.x(x1)
        c.setFillColor(color(layout.colors.get(f"zone_{zone_id}", layout.colors["paper"])))
        c.rect(left, foot.y, right - left, head.top - foot.y, stroke=0, fill=1)
        drawn.zones.append((zone_id, Rect(left, foot.y, right - left, head.top - foot.y)))
        draw_text(c, names[zone_id], zone_style, (left + right) / 2, head.top - 3, align="center")
        w = fonts.text_width(names[zone_id], zone_style)
        drawn.ink.append(Rect((left + right - w) / 2, head.top - 3 - fonts.line_height(zone_style), w,
                              fonts.line_height(zone_style)))
    walls = {(f.left, f.right): f.name for f in poster.firewalls}
    wall_w = layout.graph.arrow_size * 1.15
    drawn.wall_width = wall_w
    for gate, left, right in plan.gates:
        x = pl.x(g.gates[gate][0])
        if (left, right) in walls:
            drawn.walls.append(x)
            drawn.ink.append(Rect(x - wall_w / 2, foot.y, wall_w, head.top - foot.y))
            drawn.firewalls.append((left, right, Rect(x - wall_w / 2, foot.y, wall_w, head.top - foot.y)))
            name = walls[(left, right)]
            with group(c, css_name(plan.workload, "firewall", left, right), ("firewall",), name):
                brick_wall(c, x - wall_w / 2, foot.y, wall_w, head.top - foot.y, layout)
                half = fonts.text_width(name, fw_style) / 2 + 4
                c.setFillColor(color(layout.colors["paper"]))
                c.setStrokeColor(color(layout.colors.get("firewall", "#3d3d3d")))
                c.setLineWidth(0.8)
                c.roundRect(x - half, foot.y + 1, 2 * half, foot.h - 2, 3, stroke=1, fill=1)
                draw_text(c, name, fw_style, x, foot.top - 3, align="center")
            drawn.ink.append(Rect(x - half, foot.y + 1, 2 * half, foot.h - 2))
        else:
            c.setStrokeColor(color(layout.colors["rule"]))
            c.setLineWidth(1)
            c.setDash(6, 4)
            c.line(x, foot.y, x, head.top)
            c.setDash()
            drawn.ink.append(Rect(x - 0.5, foot.y, 1, head.top - foot.y))


def _pools(c: Canvas, plan: GraphPlan, g: PlacedDiagram, pl: Placement, layout: LayoutSpec) -> dict[str, Rect]:
    out = {}
    c.setFillColor(color(layout.colors.get("group_fill", layout.colors["paper"])))
    c.setStrokeColor(color(layout.colors.get("group_stroke", layout.colors["rule"])))
    c.setLineWidth(1.0)
    c.setDash(4, 2.5)
    for cl in plan.clusters:
        if cl.id in g.clusters:
            r = pl.box(g.clusters[cl.id])
            with group(c, css_name(plan.workload, "pool", cl.ref), ("pool",), cl.title):
                c.roundRect(r.x, r.y, r.w, r.h, 6, stroke=1, fill=1)
            out[cl.ref] = r
    c.setDash()
    return out


def _halo(c: Canvas, pts, pill: Rect, layout: LayoutSpec) -> None:
    c.setStrokeColor(color(layout.colors.get("highlight", "#ffe45c")))
    c.setFillColor(color(layout.colors.get("highlight", "#ffe45c")))
    c.setLineWidth(9)
    c.setLineJoin(1)
    c.setLineCap(1)
    p = c.beginPath()
    p.moveTo(*pts[0])
    for q in pts[1:]:
        p.lineTo(*q)
    c.drawPath(p, stroke=1, fill=0)
    c.roundRect(pill.x - 4, pill.y - 4, pill.w + 8, pill.h + 8, 5, stroke=0, fill=1)
    c.setLineCap(0)
    c.setLineJoin(0)


def _line(c: Canvas, pts, fam, direction: str, layout: LayoutSpec) -> None:
    size = layout.graph.arrow_size
    c.setStrokeColor(color(fam.color))
    c.setFillColor(color(fam.color))
    c.setLineWidth(fam.width)
    c.setDash(list(fam.dash), 0) if fam.dash else c.setDash()
    # the line stops where an arrowhead begins, so its dash never shows through the head
    body = list(pts)
    if direction in ("forward", "both"):
        body[-1] = _back_off(body[-2], body[-1], size * 0.8)
    if direction in ("back", "both"):
        body[0] = _back_off(body[1], body[0], size * 0.8)
    p = c.beginPath()
    p.moveTo(*body[0])
    for q in body[1:]:
        p.lineTo(*q)
    c.drawPath(p, stroke=1, fill=0)
    c.setDash()
    if direction in ("forward", "both"):
        _arrow(c, pts[-2], pts[-1], size)
    else:
        c.circle(pts[-1][0], pts[-1][1], DOT * size / 8, stroke=0, fill=1)
    if direction in ("back", "both"):
        _arrow(c, pts[1], pts[0], size)
    else:
        c.circle(pts[0][0], pts[0][1], DOT * size / 8, stroke=0, fill=1)


def _back_off(base, tip, by: float):
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy) or 1.0
    by = min(by, length)
    return tip[0] - dx / length * by, tip[1] - dy / length * by


def _arrow(c: Canvas, base, tip, size: float) -> None:
    dx, dy = tip[0] - base[0], tip[1] - base[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    half = size * 0.42
    bx, by = tip[0] - ux * size, tip[1] - uy * size
    p = c.beginPath()
    p.moveTo(*tip)
    p.lineTo(bx - uy * half, by + ux * half)
    p.lineTo(bx + uy * half, by - ux * half)
    p.close()
    c.drawPath(p, stroke=0, fill=1)


def _node(c: Canvas, n, box: Rect, layout: LayoutSpec, marked: bool = False) -> None:
    g, style = layout.graph, layout.text["node"]
    if marked:
        c.setStrokeColor(color(layout.colors.get("highlight", "#ffe45c")))
        c.setLineWidth(8)
        c.roundRect(box.x, box.y, box.w, box.h, 5, stroke=1, fill=0)
    c.setFillColor(color(layout.colors.get("node_fill", layout.colors["paper"])))
    c.setStrokeColor(color(layout.colors.get("node_stroke", layout.colors["ink"])))
    c.setLineWidth(1.1)
    c.roundRect(box.x, box.y, box.w, box.h, 5, stroke=1, fill=1)
    cy = box.y + box.h / 2
    gx = box.x + g.node_padding
    draw_glyph(c, n.kind, gx, cy - g.glyph_size / 2, g.glyph_size,
               layout.colors.get("glyph", layout.colors["ink"]),
               layout.colors.get("glyph_light", layout.colors["paper"]))
    top = cy + fonts.block_height(len(n.lines), style) / 2
    tx = gx + g.glyph_size + g.node_padding
    for line in n.lines:
        top = draw_text(c, line.text, style, tx, top)


def _marker(c: Canvas, number: int, cx: float, cy: float, layout: LayoutSpec, step: bool = False) -> None:
    """A note number (ink disc, white figure) or a callout step (the callouts' accent colour)."""
    d = marker_size(layout)
    c.setFillColor(color(layout.colors.get("title_accent", "#f2a900") if step else layout.colors["ink"]))
    c.circle(cx, cy, d / 2, stroke=0, fill=1)
    style = layout.text["table_small"]
    draw_text(c, str(number), style, cx, cy + fonts.line_height(style) / 2, align="center",
              fill=layout.colors["ink"] if step else layout.colors["paper"])


def _pill(c: Canvas, e, box: Rect, layout: LayoutSpec, marked: bool = False) -> None:
    fam = layout.families[e.family]
    c.setFillColor(color(layout.colors["paper"]))
    c.setStrokeColor(color(fam.color))
    c.setLineWidth(0.8)
    c.roundRect(box.x, box.y, box.w, box.h, min(4, box.h / 2), stroke=1, fill=1)
    pad = layout.graph.label_padding
    style = layout.text["edge_label"]
    lh = fonts.line_height(style)
    top = box.top - pad
    for line in e.lines:
        x = box.x + pad
        if line.step:
            d = marker_size(layout)
            _marker(c, line.step, x + d / 2, top - lh / 2, layout, step=True)
            x += d + pad
        if line.marker:
            d = marker_size(layout)
            _marker(c, line.marker, x + d / 2, top - lh / 2, layout)
            x += d + pad
        top = draw_text(c, line.text, style, x, top, fill=fam.color)


def _draw_notes(c: Canvas, rect: Rect, plan: GraphPlan, layout: LayoutSpec, drawn: Drawn) -> None:
    rows, _ = _notes_layout(plan, rect.w, layout)
    style = layout.text["edge_note"]
    d = marker_size(layout)
    lh = fonts.line_height(style)
    for col, number, lines, y, colw in rows:
        x = rect.x + col * (colw + 12)
        top = rect.top - 2 - y
        _marker(c, number, x + d / 2, top - lh / 2, layout)
        for line in lines:
            top = draw_text(c, line, style, x + d + 6, top)
        drawn.ink.append(Rect(x, top, colw, rect.top - 2 - y - top))
