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
    """An edge as two cubic Bezier runs: tail -> label box, and label box -> head.

    Each run is p0, (c1, c2, p)*; the first run starts on the tail's border and the second
    ends on the head's border, where the arrowheads go.
    """

    id: str
    to_label: tuple[Point, ...]
    from_label: tuple[Point, ...]
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


def _spline(pos: str) -> tuple[Point, ...]:
    """Control points of a ``pos`` spline (arrow end points, absent with dir=none, are skipped)."""
    points = []
    for token in pos.split():
        parts = token.split(",")
        if parts[0] not in ("s", "e"):
            points.append((float(parts[0]), float(parts[1])))
    return tuple(points)


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
        label_nodes = {e.label_node for e in plan.edges}
        labels: dict[str, Point] = {}
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
            elif name in label_nodes:
                labels[name] = (x, y)
            elif name in plan.nodes:
                n = plan.nodes[name]
                nodes[name] = Box.around(x - llx, y - lly, n.width, n.height)
        runs: dict[str, tuple[Point, ...]] = {}
        for obj in data.get("edges", []):
            if "id" in obj:
                runs[obj["id"]] = tuple((x - llx, y - lly) for x, y in _spline(obj["pos"]))
        edges: dict[str, EdgeGeometry] = {}
        for e in plan.edges:
            x, y = labels[e.label_node]
            edges[e.id] = EdgeGeometry(id=e.id, to_label=runs[f"{e.id}a"], from_label=runs[f"{e.id}b"],
                                       label=Box.around(x - llx, y - lly, e.label_width, e.label_height))
    except (KeyError, ValueError, TypeError, IndexError) as exc:
        raise GraphvizError(f"unexpected layout output for '{plan.workload}': {exc!r}") from None
    missing = set(plan.nodes) - set(nodes)
    if missing:
        raise GraphvizError(f"layout of '{plan.workload}' lacks {sorted(missing)}")
    return Geometry(width=urx - llx, height=ury - lly, nodes=nodes, edges=edges,
                    clusters=clusters, cluster_labels=cluster_labels, gates=gates)
