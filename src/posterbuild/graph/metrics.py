"""Measures of a laid-out graph: edge crossings, edges through boxes, overlapping boxes."""

from __future__ import annotations

from collections.abc import Iterator

from posterbuild.graph.geometry import Box, Geometry

__all__ = ["polyline", "crossings", "edges_through_nodes", "overlapping_boxes"]

Point = tuple[float, float]
STEPS = 6  # straight pieces per Bezier segment


def polyline(run: tuple[Point, ...], steps: int = STEPS) -> list[Point]:
    """A cubic Bezier run (p0, (c1, c2, p)*) flattened to points.

    >>> polyline(((0, 0), (0, 0), (10, 0), (10, 0)), steps=2)
    [(0, 0), (5.0, 0.0), (10.0, 0.0)]
    """
    out = [run[0]]
    for i in range(1, len(run) - 2, 3):
        p0, c1, c2, p1 = run[i - 1], run[i], run[i + 1], run[i + 2]
        for k in range(1, steps + 1):
            t = k / steps
            a, b, c, d = (1 - t) ** 3, 3 * t * (1 - t) ** 2, 3 * t * t * (1 - t), t ** 3
            out.append((a * p0[0] + b * c1[0] + c * c2[0] + d * p1[0],
                        a * p0[1] + b * c1[1] + c * c2[1] + d * p1[1]))
    return out


def _segments(points: list[Point]) -> Iterator[tuple[Point, Point]]:
    return zip(points, points[1:])


def _cross(a: Point, b: Point, c: Point, d: Point) -> bool:
    def orient(p: Point, q: Point, r: Point) -> float:
        return (q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0])
    d1, d2 = orient(c, d, a), orient(c, d, b)
    d3, d4 = orient(a, b, c), orient(a, b, d)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def _bbox(points: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def crossings(g: Geometry) -> int:
    """How many times two different edges cross (each pair of runs counted once per crossing)."""
    runs = [(eid, polyline(r)) for eid, e in g.edges.items() for r in (e.to_label, e.from_label)]
    boxes = [_bbox(p) for _, p in runs]
    count = 0
    for i in range(len(runs)):
        for j in range(i + 1, len(runs)):
            if runs[i][0] == runs[j][0]:
                continue
            a, b = boxes[i], boxes[j]
            if a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]:
                continue
            for s in _segments(runs[i][1]):
                for t in _segments(runs[j][1]):
                    if _cross(*s, *t):
                        count += 1
    return count


def _inside(p: Point, box: Box, margin: float) -> bool:
    return (box.x + margin < p[0] < box.x + box.w - margin
            and box.y + margin < p[1] < box.y + box.h - margin)


def edges_through_nodes(g: Geometry, margin: float = 2.0) -> list[tuple[str, str]]:
    """(edge, box) pairs where an edge passes through a role or label box it does not join."""
    boxes = dict(g.nodes)
    boxes.update({f"label of {eid}": e.label for eid, e in g.edges.items()})
    hits = []
    for eid, e in g.edges.items():
        own = {f"label of {eid}"}
        for run in (e.to_label, e.from_label):
            pts = polyline(run)
            for name, box in boxes.items():
                if name in own:
                    continue
                if any(_inside(p, box, margin) for p in pts[1:-1]):
                    hits.append((eid, name))
    return sorted(set(hits))


def overlapping_boxes(g: Geometry) -> list[tuple[str, str]]:
    """Pairs of role or label boxes that overlap."""
    boxes = list(g.nodes.items()) + [(f"label of {eid}", e.label) for eid, e in g.edges.items()]
    out = []
    for i, (na, a) in enumerate(boxes):
        for nb, b in boxes[i + 1:]:
            if a.overlaps(b, tolerance=0.5):
                out.append((na, nb))
    return out
