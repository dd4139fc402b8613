"""Routing: every line of one diagram from its attach points through the channels (one track
per line, ordered for few crossings) and its corridor, for each choice of corridors tried; the
choice with the fewest crossings wins. Internally y runs downwards."""

from __future__ import annotations

import math
from typing import NamedTuple

from posterbuild.graph.corridors import set_corridors
from posterbuild.graph.measure import Frame, Line, Measure, slot
from posterbuild.graph.plan import GraphPlan
from posterbuild.graph.positions import Positions
from posterbuild.graph.route import Pieces, Run, line_pieces, order_tracks, pairs_of

__all__ = ["best_routing", "CORRIDOR_OPTIONS"]


CORRIDOR_OPTIONS = 6  # heights a line that skips columns tries


class _Routing(NamedTuple):
    """One routing of every line: the columns' x, the drawing's width, each channel's
    measures, the lines' points (y down) and their pills' boxes."""

    xs: list[float]
    width: float
    chan: dict[int, dict[str, float]]
    pts: dict[str, list[tuple[float, float]]]
    pills: dict[str, tuple[float, float, float, float]]
    pieces: list[Pieces]  # each line's level and upright pieces (for crossing_pairs)


class _Memo(NamedTuple):
    """The pure sub-results of the routings of one reading (one frame), shared by its choices
    of corridors: each corridor height (by line, option and the corridors already taken; kept
    with the diagram's measure for its readings at the same heights), each channel laid out (by
    what runs through it), the corridor heights already routed and each line drawn."""

    corridors: dict[tuple, float]
    channels: dict[tuple, tuple[dict[str, float], dict[str, float]]]
    seen: set[tuple]
    lines: dict[tuple, _Drawn]  # each line drawn, by its ends, corridor and tracks


def best_routing(plan: GraphPlan, m: Measure, pos: Positions, *, frame: Frame) -> _Routing:
    """Each line that skips columns tries a few corridors; the choice with fewest crossings wins."""
    # a corridor depends on the heights alone: other readings at the same heights share them
    heights = (tuple(frame.boxes_y.items()), tuple(frame.pools.items()))
    memo = _Memo(m.memo.setdefault(("corridors", heights), {}), {}, set(), {})
    choice: dict[str, int] = {}
    first = _route(plan, m, pos, frame=frame, choice=choice, memo=memo)
    assert first is not None
    best, pairs = first, pairs_of(first.pieces)
    skipping = [ln for ln in sorted(m.lines, key=lambda l: (l.ka, l.kb, l.eid)) if ln.kb > ln.ka + 1]
    for ln in skipping:
        if not pairs:
            break
        if any(ln.eid in pair for pair in pairs):  # only a line that crosses another moves
            for option in range(CORRIDOR_OPTIONS):
                if option == choice.get(ln.eid, 0):
                    continue
                trial = dict(choice, **{ln.eid: option})
                result = _route(plan, m, pos, frame=frame, choice=trial, memo=memo)
                if result is None:  # the same corridors as a routing before: no fewer crossings
                    continue
                trial_pairs = pairs_of(result.pieces)
                if len(trial_pairs) < len(pairs):
                    best, pairs, choice = result, trial_pairs, trial
    return best  # the routing of the corridors chosen


def _route(plan: GraphPlan, m: Measure, pos: Positions, *, frame: Frame, choice: dict[str, int],
           memo: _Memo) -> _Routing | None:
    """Corridors, attach points, channels and points for one choice of corridors; None when
    the corridors are the same as in a routing before (all the rest follows from them)."""
    for ln in m.lines:
        ln.tracks = {}
    # corridors first (they decide which way a skipping line leaves its box), then attach points
    set_corridors(m, frame, choice, memo.corridors)
    heights = tuple(ln.yc for ln in m.lines)
    if heights in memo.seen:
        return None
    memo.seen.add(heights)
    _set_attach_points(m, frame.centres)
    # channels: what runs through each; the columns' x are Graphviz's
    runs = _channel_runs(m.lines, frame.nchan)
    by_id = {ln.eid: ln for ln in m.lines}
    xs: list[float] = []
    chan: dict[int, dict[str, float]] = {}
    for k in range(len(m.cols)):
        xs.append(frame.xs_fixed[k])
        if k < frame.nchan:
            # a channel is laid out from its runs alone (each pill's height is its line's left
            # end in the channel it starts in), so a channel that runs the same is the same
            key = (k, tuple(runs[k]))
            if key not in memo.channels:
                memo.channels[key] = _lay_channel(m, frame, k, runs=runs[k])
            chan[k], tracks = memo.channels[key]
            for eid, x in tracks.items():
                by_id[eid].tracks[k] = x
    width = pos.width - frame.origin if frame.nchan == len(m.cols) else xs[-1] + m.widths[-1]
    pts, pills, pieces = _line_points(plan, m, xs, memo.lines)
    return _Routing(xs, width, chan, pts, pills, pieces)


def _set_attach_points(m: Measure, centre: dict[str, float]) -> None:
    """Give each line its attach heights (``ya``, ``yb``) on its boxes' sides, ordered by
    where each line goes so that lines leaving one side do not cross (``centre``: each box's
    middle height)."""
    sp = m.sp
    for (rid, side), here in m.sides.items():
        def other(ln: Line) -> tuple[float, str]:
            far = ln.b if rid == ln.a and side == "r" and ln.b != rid else ln.a
            if ln.ka == ln.kb:  # a U-turn attaches on its partner's side of the other
                d = centre[ln.b if rid == ln.a else ln.a] - centre[rid]  # lines, the farther
                return centre[rid] + math.copysign(1e5 - abs(d), d), ln.eid  # one outside
            return (ln.yc if ln.yc is not None else centre[far]), ln.eid
        here.sort(key=other)
        slots = [slot(ln, rid, side, sp) for ln in here]
        y = centre[rid] - sum(slots) / 2
        for ln, s in zip(here, slots):
            if rid == ln.a and side == "r":
                ln.ya = y + s / 2
            else:
                ln.yb = y + s / 2
            y += s


def _channel_runs(lines: list[Line], nchan: int) -> dict[int, list[Run]]:
    """What runs through each channel: a piece of every line that crosses it, or a U-turn."""
    runs: dict[int, list[Run]] = {k: [] for k in range(nchan)}
    for ln in lines:
        if ln.ka == ln.kb:
            runs[ln.ka].append(Run(ln.eid, ln.ya, ln.yb, turn=True))
            continue
        left = ln.ya
        for k in range(ln.ka, ln.kb):
            right = ln.yb if k == ln.kb - 1 else ln.yc
            assert right is not None
            runs[k].append(Run(ln.eid, left, right))
            left = right
    return runs


def _lay_channel(m: Measure, frame: Frame, k: int, *,
                 runs: list[Run]) -> tuple[dict[str, float], dict[str, float]]:
    """Channel ``k``'s measures (start, pills' end, wall, first track, need, end) and the x of
    each line's track there."""
    sp, cols, lead, pill_w = m.sp, m.cols, m.lead, m.pill_w
    c = cols[k]
    start = frame.xs_fixed[k] + m.widths[k]
    pills_end = start + lead[k] + (pill_w[k] + sp.stub if pill_w[k] else 0)
    info = {"start": start, "pills_end": pills_end}
    nxt = cols[k + 1].zone if k + 1 < len(cols) else c.zone
    t0 = pills_end
    if nxt != c.zone:
        wall = (c.zone, nxt) in frame.walls
        info["boundary"] = pills_end + sp.line_gap + (sp.wall / 2 if wall else 0)
        t0 = info["boundary"] + sp.line_gap + (sp.wall / 2 if wall else 0)
    order = order_tracks(runs, t0, sp.line_gap, start, t0 + sp.line_gap * (len(runs) + 1),
                         memo=m.memo.setdefault("orders", {}))
    tracks = _set_tracks(m, k, runs, order=order, start=start, boundary=info.get("boundary"))
    info["tracks"] = t0 if not order else min(t0, min(tracks[eid] for eid in order) - sp.line_gap / 2)
    last = max([t0 if "boundary" in info else start] + [tracks[eid] for eid in order])
    info["need"] = max(sp.channel_min, last + sp.line_gap + sp.arrow + sp.stub
                       + (sp.margin if k + 1 in frame.starts_pool else 0.0) - start)
    info["end"] = frame.ends_at[k]
    return info, tracks


def _set_tracks(m: Measure, k: int, runs: list[Run], *, order: list[str], start: float,
                boundary: float | None) -> dict[str, float]:
    """Each track of channel ``k``, in ``order``, as far left as it can stand: right of every
    pill beside its height range (its own pill first), off the wall, and right of the track
    before it."""
    sp, lines = m.sp, m.lines
    tracks: dict[str, float] = {}
    pills_here = [(ln.ya - ln.pill_h / 2 - sp.line_gap / 2, ln.ya + ln.pill_h / 2 + sp.line_gap / 2,
                   start + m.lead[k] + ln.pill_w, ln.eid) for ln in lines if ln.ka == k]
    by_id = {r.eid: r for r in runs}
    prev = start + m.lead[k]
    for eid in order:
        r = by_id[eid]
        lo, hi = sorted((r.left, r.right))
        x_t = prev + sp.line_gap
        for y0, y1, right, owner in pills_here:
            if owner == eid or (y0 < hi and lo < y1):
                x_t = max(x_t, right + sp.line_gap)
        if boundary is not None:
            b0 = boundary - sp.wall / 2 - sp.line_gap
            b1 = boundary + sp.wall / 2 + sp.line_gap
            if x_t > b0 - 0.01:
                x_t = max(x_t, b1)
        tracks[eid] = x_t
        prev = x_t
    return tracks


def _line_points(plan: GraphPlan, m: Measure, xs: list[float], memo: dict[tuple, _Drawn]) -> tuple[
        dict[str, list[tuple[float, float]]], dict[str, tuple[float, float, float, float]], list[Pieces]]:
    """The lines' points (y down), left end to right end, their pills' boxes and their pieces
    (for :func:`crossing_pairs`). A line is drawn from its ends, corridor and tracks alone (the
    columns' x are the reading's): one that did not move since a routing before is not drawn
    again."""
    col_of, widths = m.col_of, m.widths
    right_of = {rid: xs[col_of[rid]] + widths[col_of[rid]] for rid in plan.nodes}
    left_of = {rid: xs[col_of[rid]] for rid in plan.nodes}
    pts: dict[str, list[tuple[float, float]]] = {}
    pills: dict[str, tuple[float, float, float, float]] = {}
    pieces: list[Pieces] = []
    for ln in m.lines:
        key = (ln.eid, ln.ya, ln.yb, ln.yc, tuple(ln.tracks.items()))
        drawn = memo.get(key)
        if drawn is None:
            p = _simplify(_line_path(ln, right_of, left_of))
            pill = (right_of[ln.a] + m.lead[ln.ka], ln.ya - ln.pill_h / 2, ln.pill_w, ln.pill_h)
            drawn = memo[key] = _Drawn(p, pill, line_pieces(ln.eid, p))
        pts[ln.eid], pills[ln.eid] = drawn.pts, drawn.pill
        pieces.append(drawn.pieces)
    return pts, pills, pieces


class _Drawn(NamedTuple):
    pts: list[tuple[float, float]]
    pill: tuple[float, float, float, float]
    pieces: Pieces


def _line_path(ln: Line, right_of: dict[str, float], left_of: dict[str, float]) -> list[tuple[float, float]]:
    """One line's corners before :func:`_simplify`: out of its box, along its tracks and
    corridor, into the other box."""
    p = [(right_of[ln.a], ln.ya)]
    y = ln.ya
    for k in range(ln.ka, max(ln.kb, ln.ka + 1)):
        t = ln.tracks.get(k)
        if ln.ka == ln.kb:
            assert t is not None
            p += [(t, ln.ya), (t, ln.yb), (right_of[ln.b], ln.yb)]
            break
        target = ln.yb if k == ln.kb - 1 else ln.yc
        assert target is not None
        if t is not None:
            p += [(t, y), (t, target)]
        y = target
    if ln.ka != ln.kb:
        p.append((left_of[ln.b], ln.yb))
    return p


def _simplify(points):
    """Drop repeated points and points in the middle of a straight run."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and abs(out[-1][0] - p[0]) < 0.01 and abs(out[-1][1] - p[1]) < 0.01:
            continue
        out.append(p)
    i = 1
    while i < len(out) - 1:
        a, b, c = out[i - 1], out[i], out[i + 1]
        if (abs(a[0] - b[0]) < 0.01 and abs(b[0] - c[0]) < 0.01) or \
                (abs(a[1] - b[1]) < 0.01 and abs(b[1] - c[1]) < 0.01):
            out.pop(i)
        else:
            i += 1
    return out
