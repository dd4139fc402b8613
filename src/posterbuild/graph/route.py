"""Channel routing: the order of the vertical tracks in a channel between two columns."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

__all__ = ["Run", "order_tracks", "segment_crossings", "all_crossings", "crossing_lines"]

Segment = tuple[float, float, float, float]


@dataclass(frozen=True)
class Run:
    """One line through a channel: it enters on the left at ``left`` and leaves on the right at
    ``right`` (a U-turn, ``turn``, leaves on the left again at ``right``)."""

    eid: str
    left: float
    right: float
    turn: bool = False


def _segments(run: Run, x: float | None, x0: float, x1: float) -> list[Segment]:
    if x is None:
        return [(x0, run.left, x1, run.right)]
    back = x0 if run.turn else x1
    return [(x0, run.left, x, run.left), (x, run.left, x, run.right), (x, run.right, back, run.right)]


def _split(segs: list[Segment]):
    level, upright = [], []
    for x0, y0, x1, y1 in segs:
        if abs(y0 - y1) <= 0.01:
            level.append((y0, min(x0, x1), max(x0, x1)))
        elif abs(x0 - x1) <= 0.01:
            upright.append((x0, min(y0, y1), max(y0, y1)))
    return level, upright


def _count(level, upright) -> int:
    return sum(1 for y, hx0, hx1 in level for x, vy0, vy1 in upright
               if hx0 + 0.01 < x < hx1 - 0.01 and vy0 + 0.01 < y < vy1 - 0.01)


def _margins(level, upright):
    """Pieces with the open interval of a proper crossing: ends 0.01 inside (see :func:`_count`)."""
    return ([(y, x0 + 0.01, x1 - 0.01) for y, x0, x1 in level],
            [(x, y0 + 0.01, y1 - 0.01) for x, y0, y1 in upright])


def segment_crossings(a: list[Segment], b: list[Segment]) -> int:
    """Proper crossings of a level and an upright segment (touching ends do not count).

    >>> segment_crossings([(0, 5, 10, 5)], [(4, 0, 4, 9)])
    1
    >>> segment_crossings([(0, 5, 10, 5)], [(4, 5, 4, 9)])
    0
    """
    la, ua = _split(a)
    lb, ub = _split(b)
    return _count(la, ub) + _count(lb, ua)


def all_crossings(lines: dict[str, list[tuple[float, float]]]) -> int:
    """Crossings between different lines, each given by its points."""
    return len(_crossing_pairs(lines))


def crossing_lines(lines: dict[str, list[tuple[float, float]]]) -> set[str]:
    """The lines that cross another."""
    return {eid for pair in _crossing_pairs(lines) for eid in pair}


def _crossing_pairs(lines: dict[str, list[tuple[float, float]]]) -> list[tuple[str, str]]:
    level, upright = [], []
    for eid, pts in lines.items():
        h, v = _split([(a[0], a[1], b[0], b[1]) for a, b in zip(pts, pts[1:])])
        level += [(y, x0, x1, eid) for y, x0, x1 in h]
        upright += [(x, y0, y1, eid) for x, y0, y1 in v]
    upright.sort()
    xs = [u[0] for u in upright]
    pairs = []
    for y, x0, x1, eid in level:
        for x, y0, y1, other in upright[bisect.bisect_right(xs, x0 + 0.01):bisect.bisect_left(xs, x1 - 0.01)]:
            if other != eid and y0 + 0.01 < y < y1 - 0.01:
                pairs.append((eid, other))
    return pairs


def order_tracks(runs: list[Run], t0: float, gap: float, x0: float, x1: float) -> list[str]:
    """The lines that change height, left to right, in an order with few crossings: a
    start from the rule that keeps nested runs apart, then swaps of neighbours while they
    help (deterministic). Whether two lines cross depends only on which of them is left."""
    moving = [r for r in runs if r.turn or abs(r.left - r.right) > 0.01]

    def key(r: Run) -> tuple:
        if r.turn:
            return (1, abs(r.right - r.left), r.eid)
        if r.right > r.left:  # going down: the lower start further left
            return (0, -r.left, r.eid)
        return (2, r.left, r.eid)  # going up: the higher start further left
    order = sorted(moving, key=key)
    n = len(order)
    # each line's level and upright pieces, standing first (left) or second: split once, not per pair
    # (the same comparisons as segment_crossings, with the 0.01 margins added once per piece)
    first = [_margins(*_split(_segments(r, x0 + gap, x0, x1))) for r in order]
    second = [_margins(*_split(_segments(r, x0 + 2 * gap, x0, x1))) for r in order]
    left_of = [[0] * n for _ in range(n)]  # crossings when i stands left of j
    for i in range(n):
        level_i, upright_i = first[i]
        row = left_of[i]
        for j in range(n):
            if i == j:
                continue
            level_j, upright_j = second[j]
            count = 0
            for level, upright in ((level_i, upright_j), (level_j, upright_i)):
                for y, hx0, hx1 in level:
                    for x, vy0, vy1 in upright:
                        if hx0 < x < hx1 and vy0 < y < vy1:
                            count += 1
            row[j] = count
    idx = list(range(n))
    improved = True
    while improved:  # sifting: each line to the place where it crosses least (ties: stay)
        improved = False
        for v in list(idx):
            rest = [u for u in idx if u != v]
            here = idx.index(v)
            # the cost of v at each place p: lines before p stand left of v, the others right
            cost = sum(left_of[v][u] for u in rest)
            costs = [cost]
            for u in rest:
                cost += left_of[u][v] - left_of[v][u]
                costs.append(cost)
            best = min(range(len(costs)), key=lambda p: (costs[p], abs(p - here)))
            if costs[best] < costs[here]:
                idx = rest[:best] + [v] + rest[best:]
                improved = True
    return [order[i].eid for i in idx]
