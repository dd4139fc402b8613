"""The placed diagram: one diagram as the graph stage hands it to every renderer, and its JSON.

:class:`PlacedDiagram` is where everything of one workload's diagram stands, by id, in points
(origin bottom left, y up, as in PDF), at the layout's own sizes. What each thing *says* (a box's
text and glyph, a line's protocol family, direction and label lines, a pool's title, which zones
a boundary separates, the numbered notes) is its :class:`~posterbuild.graph.plan.GraphPlan`,
under the same ids. The PDF (``page/quadrant.py``) draws from these two records, with the
poster's names for zones and firewalls and the layout's styles; an SVG or draw.io renderer reads
the same. Kept beside every PDF and in every release as JSON
(:func:`placed_json`), and in the layout cache (``graph/placed_cache.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

__all__ = ["Box", "PlacedLine", "PlacedDiagram", "placed_json"]

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
class PlacedLine:
    """A connection line: right-angled segments from the plan's tail to its head (each end on
    its own attach point of a box side), and its label pill, which sits on the line."""

    id: str
    points: tuple[Point, ...]
    label: Box


@dataclass(frozen=True)
class PlacedDiagram:
    """One diagram placed: every box, pool, zone, boundary and line, by id.

    - ``width``, ``height``: the drawing's size; everything below lies within it (a pool's
      margin may reach a little left of 0 or right of ``width``).
    - ``nodes``: role id -> the role's box.
    - ``edges``: edge id (the plan's ``EdgePlan.id``, one per connection) -> :class:`PlacedLine`:
      its points from tail to head and its label pill's box.
    - ``clusters``: cluster id (the plan's ``ClusterPlan.id``: a pool, the roles of one group)
      -> the pool's box; ``cluster_labels``: the same ids -> the pool title's box.
    - ``bands``: each zone left to right, ``(zone id, left x, right x)``.
    - ``gates``: gate id (the plan's ``gates``: ``(gate, left zone, right zone)``) -> the x of that
      zone boundary (as a point, y 0); a firewall stands there when the poster has one between
      those two zones, else a dashed rule.
    - ``stretch_x``, ``stretch_y``: where a renderer may add width or height to fill a larger
      panel (cuts that cross only level, respectively upright, runs of lines).
    """

    width: float
    height: float
    nodes: dict[str, Box]
    edges: dict[str, PlacedLine]
    clusters: dict[str, Box]
    cluster_labels: dict[str, Box]
    gates: dict[str, Point]  # the x of each zone boundary (a firewall when there is one)
    bands: tuple[tuple[str, float, float], ...] = ()  # (zone, left, right)
    stretch_x: tuple[float, ...] = ()  # where extra width may go (only horizontal runs cross)
    stretch_y: tuple[float, ...] = ()  # where extra height may go (only vertical runs cross)


def _r(v: float) -> float:
    return round(v, 2)


def placed_json(g: PlacedDiagram, *, workload: str, labels: dict[str, list[str]],
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
