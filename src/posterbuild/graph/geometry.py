"""Graphviz's JSON -> placed geometry in points (origin bottom left, y up, as in PDF)."""

from __future__ import annotations

import json
from dataclasses import dataclass

from posterbuild.errors import GraphvizError
from posterbuild.graph.plan import GraphPlan

__all__ = ["Box", "EdgeGeometry", "Geometry", "parse_geometry"]

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """A rectangle by its lower-left corner and size."""

    x: float
    y: float
    w: float
    h: float

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @classmethod
    def around(cls, cx: float, cy: float, w: float, h: float) -> "Box":
        return cls(cx - w / 2, cy - h / 2, w, h)

    def overlaps(self, other: "Box", tolerance: float = 0.0) -> bool:
        return (self.x < other.x + other.w - tolerance and other.x < self.x + self.w - tolerance
                and self.y < other.y + other.h - tolerance and other.y < self.y + self.h - tolerance)


@dataclass(frozen=True)
class EdgeGeometry:
    id: str
    points: tuple[Point, ...]  # cubic Bezier control points: p0, (c1, c2, p)*
    start_arrow: Point | None  # tip of an arrow at the tail end
    end_arrow: Point | None  # tip of an arrow at the head end
    label: Box


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    nodes: dict[str, Box]
    edges: dict[str, EdgeGeometry]
    clusters: dict[str, Box]
    cluster_labels: dict[str, Box]
    gates: dict[str, Point]


def _floats(text: str) -> list[float]:
    return [float(v) for v in text.replace(",", " ").split()]


def _spline(pos: str) -> tuple[tuple[Point, ...], Point | None, Point | None]:
    start = end = None
    points: list[Point] = []
    for token in pos.split()[0:]:
        parts = token.split(",")
        if parts[0] == "s":
            start = (float(parts[1]), float(parts[2]))
        elif parts[0] == "e":
            end = (float(parts[1]), float(parts[2]))
        else:
            points.append((float(parts[0]), float(parts[1])))
    return tuple(points), start, end


def parse_geometry(text: str, plan: GraphPlan) -> Geometry:
    """Read ``dot -Tjson`` output for ``plan``; label boxes get the sizes the plan gave them."""
    try:
        data = json.loads(text)
        llx, lly, urx, ury = _floats(data["bb"])
        nodes: dict[str, Box] = {}
        clusters: dict[str, Box] = {}
        cluster_labels: dict[str, Box] = {}
        gates: dict[str, Point] = {}
        gate_names = {g[0] for g in plan.gates}
        by_cluster = {c.id: c for c in plan.clusters}
        for obj in data.get("objects", []):
            name = obj["name"]
            if "nodes" in obj or name.startswith("cluster"):
                if name in by_cluster:
                    bx0, by0, bx1, by1 = _floats(obj["bb"])
                    clusters[name] = Box(bx0 - llx, by0 - lly, bx1 - bx0, by1 - by0)
                    lx, ly = _floats(obj["lp"])
                    c = by_cluster[name]
                    cluster_labels[name] = Box.around(lx - llx, ly - lly, c.label_width, c.label_height)
                continue
            x, y = _floats(obj["pos"])
            if name in gate_names:
                gates[name] = (x - llx, y - lly)
            elif name in plan.nodes:
                n = plan.nodes[name]
                nodes[name] = Box.around(x - llx, y - lly, n.width, n.height)
        edges: dict[str, EdgeGeometry] = {}
        by_edge = {e.id: e for e in plan.edges}
        for obj in data.get("edges", []):
            eid = obj.get("id")
            if eid not in by_edge:
                continue
            pts, start, end = _spline(obj["pos"])
            shift = lambda p: (p[0] - llx, p[1] - lly)  # noqa: E731
            lx, ly = _floats(obj["lp"])
            e = by_edge[eid]
            edges[eid] = EdgeGeometry(
                id=eid, points=tuple(shift(p) for p in pts),
                start_arrow=shift(start) if start else None, end_arrow=shift(end) if end else None,
                label=Box.around(lx - llx, ly - lly, e.label_width, e.label_height))
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise GraphvizError(f"unexpected layout output for '{plan.workload}': {exc!r}") from None
    missing = set(plan.nodes) - set(nodes) or set(by_edge) - set(edges)
    if missing:
        raise GraphvizError(f"layout of '{plan.workload}' lacks {sorted(missing)}")
    return Geometry(width=urx - llx, height=ury - lly, nodes=nodes, edges=edges,
                    clusters=clusters, cluster_labels=cluster_labels, gates=gates)
