"""Corridors: the height at which a line that skips columns runs level through the gaps between
their boxes (and pool titles), clear of the corridors already taken over the same columns."""

from __future__ import annotations

import bisect

from posterbuild.graph.measure import Frame, Line, Measure, Spacing

__all__ = ["set_corridors"]


def set_corridors(m: Measure, frame: Frame, choice: dict[str, int], memo: dict[tuple, float]) -> None:
    """Give each line that skips columns its corridor height (``yc``), shortest lines first."""
    used: list[tuple[float, int, int]] = []
    for ln in sorted(m.lines, key=lambda l: (l.kb - l.ka, l.ka, l.eid)):
        if ln.kb > ln.ka + 1:
            option = choice.get(ln.eid, 0)
            key = (ln.eid, option, tuple(used))
            if key not in memo:
                memo[key] = _corridor(ln, m.cols, frame.boxes_y, frame.pools, frame.titles, used, m.sp, option)
            ln.yc = memo[key]
            used.append((ln.yc, ln.ka, ln.kb))


def _corridor(ln: Line, cols, boxes_y, pools, titles, used, sp: Spacing, option: int = 0) -> float:
    """A height free of boxes and pool titles in every column the line skips, nearest to
    halfway between its ends and clear of other corridors over the same columns."""
    blocked = []
    for k in range(ln.ka + 1, ln.kb):
        for r in cols[k].roles:
            y0, y1 = boxes_y[r]
            blocked.append((y0 - sp.line_gap, y1 + sp.line_gap))
        for g, (top, _, a, z) in pools.items():
            if a <= k <= z:
                t0, t1 = titles[g]
                blocked.append((t0 - sp.line_gap, t1 + sp.line_gap))
    for y, a, b in used:
        if a < ln.kb and ln.ka < b:
            blocked.append((y - sp.line_gap + 0.01, y + sp.line_gap - 0.01))
    ca, cb = sum(boxes_y[ln.a]) / 2, sum(boxes_y[ln.b]) / 2
    candidates = [(ca + cb) / 2, ca, cb]
    for y0, y1 in blocked:
        candidates += [y0, y1]
    free = _outside(candidates, blocked)
    picks: list[float] = []
    wants = ((ca + cb) / 2, ca, cb, (ca + cb) / 2, -1e6, 1e6)  # ... above all, below all
    for want in wants[:min(option, len(wants) - 1) + 1]:  # the picks up to the option asked for
        rest = [y for y in free if all(abs(y - p) > sp.line_gap for p in picks)] or free if picks else free
        picks.append(min(rest, key=lambda y: (abs(y - want), y)))
    return picks[-1]


def _outside(ys: list[float], spans: list[tuple[float, float]]) -> list[float]:
    """The heights of ``ys`` (in their order) inside none of the open ``spans``: the spans
    merged where they overlap (two that only touch leave the point between them free), then
    one look-up per height.

    >>> _outside([0, 1, 2, 3, 5], [(0, 2), (2, 3), (1, 2.5)])
    [0, 3, 5]
    >>> _outside([1, 2], [(0, 2), (2, 3)])
    [2]
    """
    merged: list[list[float]] = []
    for a, b in sorted(sp for sp in spans if sp[0] < sp[1]):
        if merged and a < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    starts = [a for a, _ in merged]
    out = []
    for y in ys:
        i = bisect.bisect_left(starts, y) - 1  # the last span that starts below y
        if i < 0 or not y < merged[i][1]:
            out.append(y)
    return out
