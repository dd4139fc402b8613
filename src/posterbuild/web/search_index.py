"""The viewer's search index: every role, connection label and panel, placed by our own layout."""

from __future__ import annotations

from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.page.grid import panel_rects
from posterbuild.page.paint import Rect

__all__ = ["search_index"]


def _entry(text: str, kind: str, rect: Rect, layout: LayoutSpec, **extra: object) -> dict:
    """Positions in OpenSeadragon viewport units: x and y from the top left, divided by the
    sheet's width (so x runs 0..1 and y 0..height/width)."""
    w = layout.width
    return {"text": text, "kind": kind, **extra,
            "x": round(rect.x / w, 6), "y": round((layout.height - rect.top) / w, 6),
            "w": round(rect.w / w, 6), "h": round(rect.h / w, 6)}


def search_index(poster: Poster, layout: LayoutSpec, built) -> list[dict]:
    """Entries for roles (by name), connection labels (protocol, transport, ports and note) and
    panels (by title), in drawing order."""
    out = []
    layout = built.layout or layout  # as drawn: the grid sized from the diagrams
    for panel, rect in panel_rects(layout):
        if panel.type == "workload":
            out.append(_entry(poster.workload(str(panel.workload)).title, "panel", rect, layout))
        elif panel.title:
            out.append(_entry(panel.title, "panel", rect, layout))
    for wid, geometry in built.geometries.items():
        placement, plan = built.placements[wid], built.plans[wid]
        title = poster.workload(wid).title
        for rid, box in geometry.nodes.items():
            out.append(_entry(poster.roles[rid].name, "role", placement.box(box), layout, workload=title,
                              select=["role", rid]))
        for edge in plan.edges:
            box = geometry.edges[edge.id].label
            text, previous = "", None
            for line in edge.lines:  # labels and notes apart, a wrapped note's lines together
                sep = " " if line.style == previous == "edge_note" else " · "
                text = f"{text}{sep}{line.text}" if text else line.text
                previous = line.style
            ends = f"{poster.roles[edge.tail].name} – {poster.roles[edge.head].name}"
            out.append(_entry(text, "connection", placement.box(box), layout, workload=title, ends=ends,
                              select=["connection", f"{wid}.{edge.id}"]))
    return out
