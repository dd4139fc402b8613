"""Channel routing: the order of the vertical tracks in a channel between two columns."""

from __future__ import annotations

import bisect
from typing import NamedTuple

__all__ = ["Run", "order_tracks", "segment_crossings", "all_crossings", "crossing_lines", "crossing_pairs",
           "line_pieces", "pairs_of", "Piece", "Pieces"]

Segment = tuple[float, float, float, float]
Piece = tuple[float, float, float, str]  # level (y, x0, x1, line) or upright (x, y0, y1, line)
Pieces = tuple[list[Piece], list[Piece]]  # one line's level and upright pieces


class Run(NamedTuple):
    """One line through a channel: it enters on the left at ``left`` and leaves on the right at
    ``right`` (a U-turn, ``turn``, leaves on the left again at ``right``). A tuple: channels
    are looked up by their runs."""

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
    return len(crossing_pairs(lines))


def crossing_lines(lines: dict[str, list[tuple[float, float]]]) -> set[str]:
    """The lines that cross another."""
    return {eid for pair in crossing_pairs(lines) for eid in pair}


def crossing_pairs(lines: dict[str, list[tuple[float, float]]]) -> list[tuple[str, str]]:
    """Each proper crossing of a level piece of one line and an upright piece of another, as
    (the level one's id, the upright one's id)."""
    return pairs_of([line_pieces(eid, pts) for eid, pts in lines.items()])


def line_pieces(eid: str, pts: list[tuple[float, float]]) -> Pieces:
    """A line's level pieces (y, x from, x to) and upright pieces (x, y from, y to), split as
    :func:`_split` does, with the open interval of a proper crossing (ends 0.01 inside)."""
    level, upright = [], []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        if abs(y0 - y1) <= 0.01:
            level.append((y0, min(x0, x1) + 0.01, max(x0, x1) - 0.01, eid))
        elif abs(x0 - x1) <= 0.01:
            upright.append((x0, min(y0, y1) + 0.01, max(y0, y1) - 0.01, eid))
    return level, upright


def pairs_of(pieces: list[Pieces]) -> list[tuple[str, str]]:
    """:func:`crossing_pairs` of lines given by their pieces: the uprights sorted by x, each
    level piece compared only with the uprights within its x span."""
    level: list[Piece] = []
    upright: list[Piece] = []
    for lv, up in pieces:
        level += lv
        upright += up
    upright.sort()
    xs = [u[0] for u in upright]
    pairs = []
    for y, x0, x1, eid in level:
        for i in range(bisect.bisect_right(xs, x0), bisect.bisect_left(xs, x1)):
            _, y0, y1, other = upright[i]
            if y0 < y < y1 and other != eid:
                pairs.append((eid, other))
    return pairs


def order_tracks(runs: list[Run], t0: float, gap: float, x0: float, x1: float,
                 memo: dict[tuple, list[str]] | None = None) -> list[str]:
    """The lines that change height, left to right, in an order with few crossings: a
    start from the rule that keeps nested runs apart, then swaps of neighbours while they
    help (deterministic). Whether two lines cross depends only on which of them is left.

    The order depends on the runs and on the few x comparisons every pair shares (not on the
    x themselves): ``memo`` keeps it by those, for channels laid out again elsewhere."""
    moving = [r for r in runs if r.turn or abs(r.left - r.right) > 0.01]

    def key(r: Run) -> tuple:
        if r.turn:
            return (1, abs(r.right - r.left), r.eid)
        if r.right > r.left:  # going down: the lower start further left
            return (0, -r.left, r.eid)
        return (2, r.left, r.eid)  # going up: the higher start further left
    order = sorted(moving, key=key)
    xf, xs = x0 + gap, x0 + 2 * gap
    shared = _spans(xf, xs, x0, x1) + _spans(xs, xf, x0, x1)
    if memo is None:
        return [order[i].eid for i in _sift(_left_of(order, shared))]
    mkey = (tuple(order), shared)
    if mkey not in memo:
        memo[mkey] = [order[i].eid for i in _sift(_left_of(order, shared))]
    return list(memo[mkey])


def _spans(x: float, at: float, x0: float, x1: float) -> tuple[bool, bool, bool]:
    """Which level pieces of a line whose track stands at ``x`` properly cross an upright at
    ``at``: the piece in (from ``x0``), the piece out of a U-turn (back to ``x0``) and of any
    other line (on to ``x1``). The same margins as :func:`_count`, and the same for every pair
    of lines. (The zero-long middle of a line that keeps its height crosses nothing: x + 0.01
    is never below x - 0.01.)"""
    return (min(x0, x) + 0.01 < at < max(x0, x) - 0.01, min(x, x0) + 0.01 < at < max(x, x0) - 0.01,
            min(x, x1) + 0.01 < at < max(x, x1) - 0.01)


def _left_of(order: list[Run], shared: tuple[bool, ...]) -> list[list[int]]:
    """Crossings when line i stands left of line j (i on the first track, j on the second),
    for every pair: the segments of :func:`_segments` compared as :func:`segment_crossings`
    does, with the x comparisons (the same for every pair: ``shared``, by :func:`_spans`)
    made once."""
    # i's level pieces over j's upright (i on the first track), j's over i's (j on the second)
    a_in, a_back, a_on, b_in, b_back, b_on = shared
    info = []
    for r in order:
        up = not abs(r.left - r.right) <= 0.01  # the middle piece is upright
        info.append((up, min(r.left, r.right) + 0.01, max(r.left, r.right) - 0.01, r.left, r.right,
                     a_in, a_back if r.turn else a_on, b_in, b_back if r.turn else b_on))
    n = len(order)
    left_of = [[0] * n for _ in range(n)]
    for i, (up_i, lo_i, hi_i, left_i, right_i, ai_l, ai_r, _, _) in enumerate(info):
        row = left_of[i]
        for j, (up_j, lo_j, hi_j, left_j, right_j, _, _, bj_l, bj_r) in enumerate(info):
            if i == j:
                continue
            count = 0
            if up_j:
                count += (ai_l and lo_j < left_i < hi_j) + (ai_r and lo_j < right_i < hi_j)
            if up_i:
                count += (bj_l and lo_i < left_j < hi_i) + (bj_r and lo_i < right_j < hi_i)
            row[j] = count
    return left_of


def _sift(left_of: list[list[int]]) -> list[int]:
    """Sifting: each line to the place where it crosses least (ties: the nearest place, then
    the leftmost), until no line moves."""
    n = len(left_of)
    idx = list(range(n))
    # swap[v][u]: how many more crossings v has standing right of u than left of it
    swap = [[left_of[u][v] - left_of[v][u] for u in range(n)] for v in range(n)]
    improved = n > 1
    while improved:
        improved = False
        for v in list(idx):
            here = idx.index(v)
            rest = idx[:here] + idx[here + 1:]
            # the cost of v at each place p: lines before p stand left of v, the others right
            cost = sum(left_of[v])  # all right of v (v's own entry is 0)
            swap_v = swap[v]
            best, best_cost, best_dist = 0, cost, here
            cost_here = cost if here == 0 else None
            for p, u in enumerate(rest, 1):
                cost += swap_v[u]
                if p == here:
                    cost_here = cost
                dist = abs(p - here)
                if cost < best_cost or (cost == best_cost and dist < best_dist):
                    best, best_cost, best_dist = p, cost, dist
            assert cost_here is not None
            if best_cost < cost_here:
                idx = rest[:best] + [v] + rest[best:]
                improved = True
    return idx
