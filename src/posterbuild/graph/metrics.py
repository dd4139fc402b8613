"""Measures of a laid-out graph: edge crossings, edges through boxes, overlapping boxes."""

from __future__ import annotations

from posterbuild.graph.geometry import Geometry

__all__ = ["polyline", "crossings", "edges_through_nodes", "overlapping_boxes"]

Point = tuple[float, float]
STEPS = 5  # straight pieces per Bezier segment


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


def _segments(points: list[Point]) -> list[tuple[float, float, float, float]]:
    return [(a[0], a[1], b[0], b[1]) for a, b in zip(points, points[1:])]


def _cross(s: tuple[float, float, float, float], t: tuple[float, float, float, float]) -> bool:
    """Do two segments cross (properly: touching ends do not count)?"""
    ax, ay, bx, by = s
    cx, cy, dx, dy = t
    if max(ax, bx) < min(cx, dx) or max(cx, dx) < min(ax, bx) \
            or max(ay, by) < min(cy, dy) or max(cy, dy) < min(ay, by):
        return False
    d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)
    d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx)
    if d1 * d2 >= 0:
        return False
    d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax)
    return d3 * d4 < 0


def _bbox(points: list[Point]) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _runs(g: Geometry) -> list[tuple[str, list[Point]]]:
    return [(eid, polyline(r)) for eid, e in g.edges.items() for r in (e.to_label, e.from_label)]


def crossings(g: Geometry) -> int:
    """How many times two different edges cross (each pair of runs counted once per crossing)."""
    runs = _runs(g)
    segs = [_segments(p) for _, p in runs]
    boxes = [_bbox(p) for _, p in runs]
    count = 0
    for i in range(len(runs)):
        a = boxes[i]
        for j in range(i + 1, len(runs)):
            if runs[i][0] == runs[j][0]:
                continue
            b = boxes[j]
            if a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]:
                continue
            for s in segs[i]:
                for t in segs[j]:
                    if _cross(s, t):
                        count += 1
    return count


def edges_through_nodes(g: Geometry, margin: float = 2.0) -> list[tuple[str, str]]:
    """(edge, box) pairs where an edge passes through a role or label box it does not join."""
    boxes = list(g.nodes.items()) + [(f"label of {eid}", e.label) for eid, e in g.edges.items()]
    hits = set()
    for eid, pts in _runs(g):
        inner = pts[1:-1]
        x0, y0, x1, y1 = _bbox(pts)
        for name, box in boxes:
            if name == f"label of {eid}" or box.x > x1 or box.x + box.w < x0 \
                    or box.y > y1 or box.y + box.h < y0:
                continue
            bx0, by0 = box.x + margin, box.y + margin
            bx1, by1 = box.x + box.w - margin, box.y + box.h - margin
            if any(bx0 < px < bx1 and by0 < py < by1 for px, py in inner):
                hits.add((eid, name))
    return sorted(hits)


def overlapping_boxes(g: Geometry) -> list[tuple[str, str]]:
    """Pairs of role or label boxes that overlap."""
    boxes = list(g.nodes.items()) + [(f"label of {eid}", e.label) for eid, e in g.edges.items()]
    out = []
    for i, (na, a) in enumerate(boxes):
        for nb, b in boxes[i + 1:]:
            if a.overlaps(b, tolerance=0.5):
                out.append((na, nb))
    return out
