"""Placed geometry of one diagram in points (origin bottom left, y up, as in PDF), and its JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

__all__ = ["Box", "EdgeGeometry", "Geometry", "geometry_json"]

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
    """A connection line: right-angled segments from the plan's tail to its head (each end on
    its own attach point of a box side), and its label pill, which sits on the line."""

    id: str
    points: tuple[Point, ...]
    label: Box


@dataclass(frozen=True)
class Geometry:
    width: float
    height: float
    nodes: dict[str, Box]
    edges: dict[str, EdgeGeometry]
    clusters: dict[str, Box]
    cluster_labels: dict[str, Box]
    gates: dict[str, Point]  # the x of each zone boundary (a firewall when there is one)
    bands: tuple[tuple[str, float, float], ...] = ()  # (zone, left, right)
    stretch_x: tuple[float, ...] = ()  # where extra width may go (only horizontal runs cross)
    stretch_y: tuple[float, ...] = ()  # where extra height may go (only vertical runs cross)


def _r(v: float) -> float:
    return round(v, 2)


def geometry_json(g: Geometry, *, workload: str, labels: dict[str, list[str]]) -> str:
    """The placed diagram as text (kept beside the PDF and in every release, diffable)."""
    def box(b: Box) -> list[float]:
        return [_r(b.x), _r(b.y), _r(b.w), _r(b.h)]
    data = {
        "workload": workload, "width": _r(g.width), "height": _r(g.height),
        "bands": [[z, _r(a), _r(b)] for z, a, b in g.bands],
        "gates": {k: _r(v[0]) for k, v in sorted(g.gates.items())},
        "nodes": {k: box(v) for k, v in g.nodes.items()},
        "clusters": {k: {"box": box(v), "title": box(g.cluster_labels[k])} for k, v in g.clusters.items()},
        "edges": {k: {"points": [[_r(x), _r(y)] for x, y in e.points], "label": box(e.label),
                      "text": labels.get(k, [])} for k, e in g.edges.items()},
        "stretch_x": [_r(v) for v in g.stretch_x], "stretch_y": [_r(v) for v in g.stretch_y],
    }
    return json.dumps(data, indent=1, sort_keys=False) + "\n"
