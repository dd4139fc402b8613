"""Placed geometry of one diagram in points (origin bottom left, y up, as in PDF), and its JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass

__all__ = ["Box", "EdgeGeometry", "Geometry", "Positions", "parse_positions", "geometry_json"]

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


@dataclass(frozen=True)
class Positions:
    """Graphviz's layout of one DOT graph, in points with y running DOWN from its top edge:
    every node's centre and size, and the drawing's width and height."""

    nodes: dict[str, Point]
    sizes: dict[str, Point]
    width: float
    height: float


def parse_positions(text: str) -> Positions:
    """Read ``dot -Tjson`` output: node centres (y turned to run downwards) and sizes, in points.

    >>> p = parse_positions('{"bb": "0,0,100,50", "objects": [{"name": "a", "pos": "20,40", '
    ...                     '"width": "0.5", "height": "0.25"}, {"name": "cluster_x"}]}')
    >>> p.nodes["a"], p.sizes["a"], p.width, p.height
    ((20.0, 10.0), (36.0, 18.0), 100.0, 50.0)
    """
    data = json.loads(text)
    _, _, w, h = (float(v) for v in data["bb"].split(","))
    nodes, sizes = {}, {}
    for obj in data.get("objects", []):
        if "pos" not in obj:
            continue  # a subgraph
        x, y = (float(v) for v in obj["pos"].split(","))
        nodes[obj["name"]] = (x, h - y)
        sizes[obj["name"]] = (float(obj["width"]) * 72, float(obj["height"]) * 72)
    return Positions(nodes, sizes, w, h)


def _r(v: float) -> float:
    return round(v, 2)


def geometry_json(g: Geometry, *, workload: str, labels: dict[str, list[str]],
                  graphviz: str | None = None) -> str:
    """The placed diagram as text (kept beside the PDF and in every release, diffable), with
    Graphviz's own ``-Tjson`` output for its DOT under ``"graphviz"``."""
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
    if graphviz is not None:
        data["graphviz"] = json.loads(graphviz)
    return json.dumps(data, indent=1, sort_keys=False) + "\n"
