"""Channel routing: the order of the vertical tracks in a channel between two columns."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Run", "order_tracks", "segment_crossings"]

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


def segment_crossings(a: list[Segment], b: list[Segment]) -> int:
    """Proper crossings of a level and an upright segment (touching ends do not count).

    >>> segment_crossings([(0, 5, 10, 5)], [(4, 0, 4, 9)])
    1
    >>> segment_crossings([(0, 5, 10, 5)], [(4, 5, 4, 9)])
    0
    """
    count = 0
    for s in a:
        for t in b:
            for h, v in ((s, t), (t, s)):
                if abs(h[1] - h[3]) > 0.01 or abs(v[0] - v[2]) > 0.01:
                    continue
                hx0, hx1 = sorted((h[0], h[2]))
                vy0, vy1 = sorted((v[1], v[3]))
                if hx0 + 0.01 < v[0] < hx1 - 0.01 and vy0 + 0.01 < h[1] < vy1 - 0.01:
                    count += 1
    return count


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
    left_of = [[0] * n for _ in range(n)]  # crossings when i stands left of j
    for i in range(n):
        for j in range(n):
            if i != j:
                left_of[i][j] = segment_crossings(_segments(order[i], x0 + gap, x0, x1),
                                                  _segments(order[j], x0 + 2 * gap, x0, x1))
    idx = list(range(n))
    improved = True
    while improved:
        improved = False
        for k in range(n - 1):
            a, b = idx[k], idx[k + 1]
            if left_of[b][a] < left_of[a][b]:
                idx[k], idx[k + 1] = b, a
                improved = True
    return [order[i].eid for i in idx]
