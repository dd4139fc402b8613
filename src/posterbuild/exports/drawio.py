"""draw.io (diagrams.net) files of the placed diagrams: one page per diagram, editable.

Every diagram is written from where the PDF drew it (its :class:`PlacedDiagram`), never laid
out again: zones and pools are containers (a pool inside its zone, a role inside its pool or
zone, so moving a container moves what it holds), firewalls are shapes on the zone
boundaries, and each connection is an orthogonal edge from its opener's box to its listener's
with the PDF's waypoints, attach points and label, so moving a box drags its lines.
The XML is built with :mod:`xml.etree` and written by :func:`~posterbuild.exports.xml_write.to_xml`.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster, Workload
from posterbuild.exports.xml_write import to_xml
from posterbuild.graph.plan import GraphPlan
from posterbuild.page.paint import Rect
from posterbuild.page.quadrant import Drawn

__all__ = ["drawio_file", "DRAWIO_HEAD"]

Point = tuple[float, float]
Frame = tuple[float, float, float, float]

DRAWIO_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- posterbuild'


def _n(v: float) -> str:
    text = f"{v:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _f(v: float) -> str:
    """A fraction of a box (where a line attaches), to 1/10000."""
    text = f"{v:.4f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _style(*names: str, **items: object) -> str:
    """A draw.io style: bare names (a shape), then key=value pairs.

    >>> _style("swimlane", startSize=20, fillColor="#fff")
    'swimlane;startSize=20;fillColor=#fff;'
    """
    return "".join(f"{n};" for n in names) + "".join(f"{k}={v};" for k, v in items.items())



class _Page:
    """The cells of one page; ids carry the page's prefix, so they are unique in the file."""

    def __init__(self, diagram: ET.Element, prefix: str):
        model = ET.SubElement(diagram, "mxGraphModel", {
            "dx": "0", "dy": "0", "grid": "0", "gridSize": "10", "guides": "1", "tooltips": "1",
            "connect": "1", "arrows": "1", "fold": "1", "page": "0", "pageScale": "1",
            "math": "0", "shadow": "0"})
        self.root = ET.SubElement(model, "root")
        self.prefix = prefix
        self.layer = f"{prefix}layer"
        ET.SubElement(self.root, "mxCell", {"id": f"{prefix}root"})
        ET.SubElement(self.root, "mxCell", {"id": self.layer, "parent": f"{prefix}root"})
        self.origin: dict[str, tuple[float, float]] = {self.layer: (0.0, 0.0)}

    def vertex(self, ident: str, value: str, style: str, box: Frame, *, parent: str | None = None) -> str:
        """A shape at ``box`` (x, y of its top left corner, width, height; y down, as draw.io),
        its geometry relative to its container."""
        parent = parent or self.layer
        px, py = self.origin[parent]
        cid = self.prefix + ident
        cell = ET.SubElement(self.root, "mxCell", {"id": cid, "value": value, "style": style,
                                                   "vertex": "1", "parent": parent})
        ET.SubElement(cell, "mxGeometry", {"x": _n(box[0] - px), "y": _n(box[1] - py),
                                           "width": _n(box[2]), "height": _n(box[3]), "as": "geometry"})
        self.origin[cid] = (box[0], box[1])
        return cid

    def edge(self, ident: str, value: str, style: str, *, source: str, target: str,
             points: list[Point], label_at: tuple[float, Point]) -> str:
        cid = self.prefix + ident
        cell = ET.SubElement(self.root, "mxCell", {"id": cid, "value": value, "style": style,
                                                   "edge": "1", "parent": self.layer,
                                                   "source": source, "target": target})
        t, (ox, oy) = label_at
        geo = ET.SubElement(cell, "mxGeometry", {"x": _f(2 * t - 1), "y": "0", "relative": "1",
                                                 "as": "geometry"})
        if points:
            array = ET.SubElement(geo, "Array", {"as": "points"})
            for x, y in points:
                ET.SubElement(array, "mxPoint", {"x": _n(x), "y": _n(y)})
        ET.SubElement(geo, "mxPoint", {"x": _n(ox), "y": _n(oy), "as": "offset"})
        return cid


def _along(points: list[Point], at: Point) -> tuple[float, Point]:
    """Where ``at`` lies along the polyline: (the fraction of its length at the nearest point,
    the offset from that point to ``at``), as draw.io places an edge label."""
    lengths = [math.dist(a, b) for a, b in zip(points, points[1:])]
    total = sum(lengths) or 1.0
    best = (math.inf, 0.0, (0.0, 0.0))
    run = 0.0
    for (a, b), seg in zip(zip(points, points[1:]), lengths):
        u = 0.0 if seg == 0 else max(0.0, min(1.0, ((at[0] - a[0]) * (b[0] - a[0]) + (at[1] - a[1]) * (b[1] - a[1])) / seg ** 2))
        p = (a[0] + u * (b[0] - a[0]), a[1] + u * (b[1] - a[1]))
        d = math.dist(p, at)
        if d < best[0]:
            best = (d, (run + u * seg) / total, (at[0] - p[0], at[1] - p[1]))
        run += seg
    return best[1], best[2]


def _dash(dash: tuple[float, ...]) -> str:
    return f"dashed=1;dashPattern={' '.join(_n(v) for v in dash)};" if dash else "dashed=0;"


def _page(mxfile: ET.Element, w: Workload, plan: GraphPlan, drawn: Drawn, poster: Poster,
          layout: LayoutSpec) -> None:
    """One diagram as one page: sheet points, y running down from the top of its panel."""
    diagram = ET.SubElement(mxfile, "diagram", {"id": f"page-{w.id}", "name": w.title})
    page = _Page(diagram, f"{w.id}.")
    top, left = drawn.rect.top, drawn.rect.x

    def box(r: Rect) -> Frame:
        return (r.x - left, top - r.top, r.w, r.h)

    def point(p: Point) -> Point:
        return (p[0] - left, top - p[1])

    text, colors = layout.text, layout.colors
    zone_style = text["zone"]
    names = {z.id: z.name for z in poster.zones}
    zone_cells = []
    for zone, r in drawn.zones:  # containers as tall as the bands, their names at the top
        b = box(r)
        zone_cells.append((b, page.vertex(f"zone.{zone}", names[zone], _style(
            "swimlane", horizontal=1, verticalAlign="top", align="center", startSize=_n(zone_style.size * zone_style.leading + 6), container=1,
            collapsible=0, fillColor=colors.get(f"zone_{zone}", colors["paper"]),
            swimlaneFillColor=colors.get(f"zone_{zone}", colors["paper"]), strokeColor="none",
            fontFamily=zone_style.font, fontSize=_n(zone_style.size), fontColor=zone_style.color), b)))

    def zone_of(b: Frame) -> str:
        cx = b[0] + b[2] / 2
        for z, cid in zone_cells:
            if z[0] <= cx <= z[0] + z[2]:
                return cid
        return page.layer

    titles = {cl.ref: cl.title for cl in plan.clusters}
    pool_cells = []
    for ref, r in drawn.pool_boxes.items():
        b = box(r)
        pool_cells.append((b, page.vertex(f"pool.{ref}", titles.get(ref, ""), _style(
            rounded=1, arcSize=6, absoluteArcSize=1, container=1, collapsible=0, dashed=1, dashPattern="4 2.5",
            fillColor=colors.get("group_fill", colors["paper"]), strokeColor=colors.get("group_stroke", colors["rule"]),
            verticalAlign="top", align="left", spacingLeft=2, spacingTop=-2, fontFamily=zone_style.font,
            fontSize=_n(zone_style.size), fontColor=zone_style.color), b, parent=zone_of(b))))

    def holder(b: Frame) -> str:
        cx, cy = b[0] + b[2] / 2, b[1] + b[3] / 2
        for p, cid in pool_cells:
            if p[0] <= cx <= p[0] + p[2] and p[1] <= cy <= p[1] + p[3]:
                return cid
        return zone_of(b)

    node_style, g = text["node"], layout.graph
    role_cells = {}
    for rid, r in drawn.boxes.items():
        b = box(r)
        lines = "\n".join(t.text for t in plan.nodes[rid].lines)  # broken where the PDF breaks them
        role_cells[rid] = page.vertex(f"role.{rid}", lines, _style(
            rounded=1, arcSize=5, absoluteArcSize=1, html=0, align="left",
            spacingLeft=_n(g.glyph_size + 2 * g.node_padding - 2),
            fillColor=colors.get("node_fill", colors["paper"]), strokeColor=colors.get("node_stroke", colors["ink"]),
            strokeWidth=1.1, fontFamily=node_style.font, fontSize=_n(node_style.size), fontColor=node_style.color),
            b, parent=holder(b))

    fw_style = text["firewall"]
    walls = {(f.left, f.right): f.name for f in poster.firewalls}
    for a, z, r in drawn.firewalls:
        page.vertex(f"firewall.{a}-{z}", walls[(a, z)], _style(
            fillColor=colors.get("firewall", "#3d3d3d"), strokeColor=colors.get("firewall", "#3d3d3d"),
            fillStyle="cross-hatch", verticalLabelPosition="bottom", verticalAlign="top", labelBackgroundColor=colors["paper"],
            labelBorderColor=colors.get("firewall", "#3d3d3d"), fontFamily=fw_style.font,
            fontSize=_n(fw_style.size), fontColor=fw_style.color), box(r))

    label_style = text["edge_label"]
    arrow = g.arrow_size
    for e in plan.edges:
        fam = layout.families[e.family]
        pts = [point(p) for p in drawn.lines[e.id]]
        sb, db = box(drawn.boxes[e.tail]), box(drawn.boxes[e.head])
        start, end = {"forward": ("oval", "block"), "back": ("block", "oval"), "both": ("block", "block")}[e.direction]
        pill = box(drawn.pills[e.id])
        centre = (pill[0] + pill[2] / 2, pill[1] + pill[3] / 2)
        style = _style(
            edgeStyle="orthogonalEdgeStyle", rounded=0, html=0, orthogonalLoop=1,
            strokeColor=fam.color, strokeWidth=_n(fam.width), startArrow=start, endArrow=end,
            startFill=1, endFill=1, startSize=_n(arrow * 0.6 if start == "oval" else arrow),
            endSize=_n(arrow * 0.6 if end == "oval" else arrow),
            exitX=_f((pts[0][0] - sb[0]) / sb[2]), exitY=_f((pts[0][1] - sb[1]) / sb[3]), exitPerimeter=0,
            entryX=_f((pts[-1][0] - db[0]) / db[2]), entryY=_f((pts[-1][1] - db[1]) / db[3]), entryPerimeter=0,
            fontFamily=label_style.font, fontSize=_n(label_style.size), fontColor=fam.color,
            labelBackgroundColor=colors["paper"], labelBorderColor=fam.color) + _dash(fam.dash)
        label = "\n".join((f"({t.marker}) " if t.marker else "") + t.text for t in e.lines)  # (n): note n
        page.edge(f"connection.{e.id}", label, style,
                  source=role_cells[e.tail], target=role_cells[e.head], points=pts[1:-1],
                  label_at=_along(pts, centre))
    if plan.notes:  # the numbered rows beside the diagram, as one text block under it
        note_style = text["edge_note"]
        lowest = max(b[1] + b[3] for b, _ in zone_cells) if zone_cells else 0.0
        page.vertex("notes", "\n".join(f"{n}. {t}" for n, t in plan.notes), _style(
            "text", html=0, fillColor="none", strokeColor="none", align="left", verticalAlign="top",
            fontFamily=note_style.font,
            fontSize=_n(note_style.size), fontColor=note_style.color),
            (0, lowest + 8, drawn.rect.w, (len(plan.notes) + 1) * note_style.size * note_style.leading))


def drawio_file(poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan], drawn: dict[str, Drawn],
                workloads: list[str]) -> bytes:
    """The .drawio file (diagrams.net's uncompressed XML) of ``workloads``: one page each, from
    what the page drew (``drawn``: each workload's :class:`Drawn`)."""
    mxfile = ET.Element("mxfile", {"host": "posterbuild", "type": "device"})
    for wid in workloads:
        _page(mxfile, poster.workload(wid), plans[wid], drawn[wid], poster, layout)
    return (DRAWIO_HEAD + b" export: draw.io -->\n" + to_xml(mxfile, indent=True).encode("utf-8") + b"\n")
