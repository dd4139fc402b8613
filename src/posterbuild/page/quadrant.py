"""Draw one laid-out workload: zones, firewalls, roles with glyphs, edges, labels, callouts."""

from __future__ import annotations

import math

from reportlab.pdfgen.canvas import Canvas

from posterbuild import fonts
from posterbuild.errors import LayoutError
from dataclasses import dataclass

from posterbuild.graph.geometry import Box, EdgeGeometry, Geometry
from posterbuild.graph.plan import GraphPlan
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster, Workload
from posterbuild.page.glyphs import draw_glyph
from posterbuild.page.paint import PANEL_PAD, Rect, color, draw_text, panel_frame, panel_title_height
from posterbuild.page.callouts import callouts_height, draw_callouts

__all__ = ["draw_workload", "fit_scale", "workload_areas", "label_styles", "Placement"]

WALL_WIDTH = 9.0  # points, at design size


def fit_scale(geometry: Geometry, area: Rect, layout: LayoutSpec, what: str,
              styles: set[str]) -> float:
    """The scale that fits ``geometry`` in ``area``; refuse one that prints text too small."""
    if area.w <= 0 or area.h <= 0:
        raise LayoutError(f"{what}: its panel in layout '{layout.name}' leaves no room for the "
                          "graph; give the panel more room")
    scale = min(area.w / geometry.width, area.h / geometry.height, layout.graph.max_scale)
    smallest = min(styles, key=lambda s: layout.text[s].size)
    printed = layout.text[smallest].size * scale
    if printed < layout.min_text_size - 1e-6:
        raise LayoutError(
            f"{what}: the {smallest.replace('_', ' ')} text would print at {printed:.1f} pt, "
            f"below the minimum {layout.min_text_size:g} pt of layout '{layout.name}' "
            f"({layout.width / 72:.1f} x {layout.height / 72:.1f} in); give the panel more room "
            "or split its content")
    return scale


def workload_areas(rect: Rect, workload: Workload, layout: LayoutSpec) -> dict[str, Rect]:
    """The parts of a workload panel: body, callouts strip, zone header, graph area, footer."""
    body = rect.cut_top(panel_title_height(layout))[1].inset(PANEL_PAD)
    parts: dict[str, Rect] = {}
    if workload.callouts:
        strip_h = callouts_height(workload.callouts, body.w, layout)
        parts["callouts"], body = body.cut_bottom(strip_h)
        body = Rect(body.x, body.y + PANEL_PAD, body.w, body.h - PANEL_PAD)
    parts["head"], rest = body.cut_top(fonts.line_height(layout.text["zone"]) + 6)
    parts["foot"], parts["graph"] = rest.cut_bottom(fonts.line_height(layout.text["firewall"]) + 6)
    return parts


def label_styles(plan: GraphPlan) -> set[str]:
    return {t.style for e in plan.edges for t in e.lines} | {"node", "zone"}


@dataclass(frozen=True)
class Placement:
    """Where a graph landed on the page: graph point (x, y) prints at (x0 + x*scale, y0 + y*scale)."""

    x0: float
    y0: float
    scale: float

    def box(self, b: Box) -> Rect:
        return Rect(self.x0 + b.x * self.scale, self.y0 + b.y * self.scale,
                    b.w * self.scale, b.h * self.scale)


def draw_workload(c: Canvas, rect: Rect, poster: Poster, workload: Workload, plan: GraphPlan,
                  geometry: Geometry, layout: LayoutSpec, review=None) -> Placement:
    """Draw ``workload`` in ``rect``; return where its graph was placed and at what scale."""
    panel_frame(c, rect, workload.title, layout)
    parts = workload_areas(rect, workload, layout)
    if workload.callouts:
        draw_callouts(c, parts["callouts"], workload.callouts, layout)
    head, area, foot = parts["head"], parts["graph"], parts["foot"]
    zone_style, fw_style = layout.text["zone"], layout.text["firewall"]
    scale = fit_scale(geometry, area, layout, f"{workload.origin.file}: workload '{workload.id}'",
                      label_styles(plan))
    gw, gh = geometry.width * scale, geometry.height * scale
    ox = area.x + (area.w - gw) / 2
    oy = area.top - gh - (area.h - gh) / 2
    bands = _bands(plan, geometry, ox, scale, area)
    for zone_id, x0, x1 in bands:
        c.setFillColor(color(layout.colors.get(f"zone_{zone_id}", layout.colors["paper"])))
        c.rect(x0, foot.y, x1 - x0, head.top - foot.y, stroke=0, fill=1)
        name = next(z.name for z in poster.zones if z.id == zone_id)
        draw_text(c, name, zone_style, (x0 + x1) / 2, head.top - 3, align="center")
    walls = {(f.left, f.right): f.name for f in poster.firewalls}
    for gate, left, right in plan.gates:
        x = ox + geometry.gates[gate][0] * scale
        if (left, right) in walls:
            _brick_wall(c, x - WALL_WIDTH * scale / 2, foot.y, WALL_WIDTH * scale,
                        head.top - foot.y, layout)
            name = walls[(left, right)]
            half = fonts.text_width(name, fw_style) / 2 + 4
            c.setFillColor(color(layout.colors["paper"]))
            c.setStrokeColor(color(layout.colors.get("firewall", "#b3412e")))
            c.setLineWidth(0.8)
            c.roundRect(x - half, foot.y + 1, 2 * half, foot.h - 2, 3, stroke=1, fill=1)
            draw_text(c, name, fw_style, x, foot.top - 3, align="center")
        else:
            c.setStrokeColor(color(layout.colors["rule"]))
            c.setLineWidth(1)
            c.setDash(6, 4)
            c.line(x, foot.y, x, head.top)
            c.setDash()
    c.saveState()
    c.translate(ox, oy)
    c.scale(scale, scale)
    _clusters(c, plan, geometry, layout)
    for e in plan.edges:
        _edge(c, geometry.edges[e.id], layout.families[e.family], e.direction, layout)
    for rid, box in geometry.nodes.items():
        _node(c, plan.nodes[rid], box, layout, review is not None and rid in review.roles)
    for e in plan.edges:
        marked = review is not None and any(review.highlighted(workload.id, i) for i in e.connections)
        _label(c, e, geometry.edges[e.id], layout, marked)
    _cluster_titles(c, plan, geometry, layout)
    c.restoreState()
    return Placement(ox, oy, scale)


def _bands(plan: GraphPlan, g: Geometry, ox: float, scale: float,
           area: Rect) -> list[tuple[str, float, float]]:
    """(zone, left, right) on the page: each zone runs from gate to gate, the outer ones to the edge."""
    xs = [area.x] + [ox + g.gates[gate][0] * scale for gate, _, _ in plan.gates] + [area.right]
    return [(zone, xs[i], xs[i + 1]) for i, zone in enumerate(plan.zones)]


def _clusters(c: Canvas, plan: GraphPlan, g: Geometry, layout: LayoutSpec) -> None:
    c.setFillColor(color(layout.colors.get("group_fill", layout.colors["paper"])))
    c.setStrokeColor(color(layout.colors.get("group_stroke", layout.colors["rule"])))
    c.setLineWidth(1.0)
    c.setDash(4, 2.5)
    for cl in plan.clusters:
        box = g.clusters[cl.id]
        c.roundRect(box.x, box.y, box.w, box.h, 6, stroke=1, fill=1)
    c.setDash()


def _cluster_titles(c: Canvas, plan: GraphPlan, g: Geometry, layout: LayoutSpec) -> None:
    style = layout.text["zone"]
    for cl in plan.clusters:
        lb = g.cluster_labels[cl.id]
        draw_text(c, cl.title, style, lb.x + 2, lb.y + lb.h - 1)


def _brick_wall(c: Canvas, x: float, y: float, w: float, h: float, layout: LayoutSpec) -> None:
    c.setFillColor(color(layout.colors.get("firewall", "#b3412e")))
    c.rect(x, y, w, h, stroke=0, fill=1)
    c.setStrokeColor(color(layout.colors.get("firewall_mortar", "#ffffff")))
    c.setLineWidth(0.6)
    course = 5.0
    rows = int(h // course)
    for i in range(1, rows + 1):
        yy = y + i * course
        c.line(x, yy, x + w, yy)
        xx = x + (w / 2 if i % 2 else w / 4)
        c.line(xx, yy - course, xx, yy)


def _edge(c: Canvas, e: EdgeGeometry, fam, direction: str, layout: LayoutSpec) -> None:
    c.setStrokeColor(color(fam.color))
    c.setLineWidth(fam.width)
    if fam.dash:
        c.setDash(list(fam.dash), 0)
    else:
        c.setDash()
    for run in (e.to_label, e.from_label):
        p = c.beginPath()
        p.moveTo(*run[0])
        for i in range(1, len(run) - 2, 3):
            p.curveTo(*run[i], *run[i + 1], *run[i + 2])
        c.drawPath(p, stroke=1, fill=0)
    c.setDash()
    c.setFillColor(color(fam.color))
    size = layout.graph.arrow_size
    if direction in ("forward", "both"):
        _arrow(c, e.from_label[-2], e.from_label[-1], size)
    if direction in ("back", "both"):
        _arrow(c, e.to_label[1], e.to_label[0], size)


def _arrow(c: Canvas, base: tuple[float, float], tip: tuple[float, float], size: float) -> None:
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


def _node(c: Canvas, n, box, layout: LayoutSpec, marked: bool = False) -> None:
    g, style = layout.graph, layout.text["node"]
    c.setFillColor(color(layout.colors.get("highlight" if marked else "node_fill", layout.colors["paper"])))
    c.setStrokeColor(color(layout.colors.get("highlight_ink" if marked else "node_stroke", layout.colors["ink"])))
    c.setLineWidth(3 if marked else 1.1)
    c.roundRect(box.x, box.y, box.w, box.h, 5, stroke=1, fill=1)
    gx = box.x + g.node_padding
    draw_glyph(c, n.kind, gx, box.cy - g.glyph_size / 2, g.glyph_size,
               layout.colors.get("glyph", layout.colors["ink"]),
               layout.colors.get("glyph_light", layout.colors["paper"]))
    text_h = fonts.block_height(len(n.lines), style)
    top = box.cy + text_h / 2
    tx = gx + g.glyph_size + g.node_padding
    for line in n.lines:
        top = draw_text(c, line.text, style, tx, top)


def _label(c: Canvas, e, geom: EdgeGeometry, layout: LayoutSpec, marked: bool = False) -> None:
    box = geom.label
    c.setFillColor(color(layout.colors.get("highlight", "#fff2a8") if marked else layout.colors["paper"]))
    c.setStrokeColor(color(layout.colors.get("highlight_ink", "#000000") if marked
                           else layout.families[e.family].color))
    c.setLineWidth(2.5 if marked else 0.5)
    c.roundRect(box.x, box.y, box.w, box.h, 2, stroke=1, fill=1)
    pad = layout.graph.label_padding
    top = box.y + box.h - pad
    for line in e.lines:
        style = layout.text[line.style]
        fill = layout.families[line.family].color if line.family else None
        top = draw_text(c, line.text, style, box.x + pad, top, fill=fill)
