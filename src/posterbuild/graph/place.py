"""Place one diagram from the site plan: columns of boxes, pools, and right-angled lines.

Every role stands in its site-plan column (zones left to right); a column's boxes share one
width. Between two columns runs a channel: first the label pills of the lines leaving the
left column (each on its own line, beside the firewall when the channel holds one), then the
wall, then one vertical track per line that changes height, then the arrival stubs. A line
that skips columns runs level through a gap between their boxes (a corridor). Every line has
its own attach point on a box side, ordered to avoid crossings; a box grows to hold them.
Internally y runs downwards; the result is in PDF points (y up).
"""

from __future__ import annotations

import bisect
import dataclasses
import math
from dataclasses import dataclass, field
from typing import NamedTuple

from posterbuild.fonts import metrics as fonts
from posterbuild.graph.geometry import Box, EdgeGeometry, Geometry, Positions
from posterbuild.graph.plan import GraphPlan
from posterbuild.graph.route import Pieces, Run, all_crossings, line_pieces, order_tracks, pairs_of
from posterbuild.graph.site import SiteColumn, columns_for, members, site_plan, stack
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster

__all__ = ["place", "both", "Placed", "measure", "Measure", "Spacing", "pool_title_node", "crossings", "bends"]


def pool_title_node(group: str, column: int) -> str:
    """The DOT node that holds a pool's title room at the top of its part of ``column``."""
    return f"pool__{group}__{column}"

CORRIDOR_OPTIONS = 6  # heights a line that skips columns tries


@dataclass(frozen=True)
class Spacing:
    """The distances the placement uses, from the layout's ``graph:`` section."""

    node_gap: float  # between two boxes of a column
    channel_min: float  # the narrowest channel
    stub: float  # a line's straight piece at a box before anything else
    line_gap: float  # between two parallel lines, two attach points, two tracks
    pill_gap: float  # between two label pills stacked on one box side
    wall: float  # a firewall's thickness
    margin: float  # a pool's padding
    title_h: float  # a pool title's height
    arrow: float

    @classmethod
    def of(cls, layout: LayoutSpec) -> "Spacing":
        g = layout.graph
        return cls(node_gap=g.nodesep, channel_min=g.ranksep, stub=2 * g.label_padding + 3,
                   line_gap=g.arrow_size * 0.95, pill_gap=g.label_padding + 1,
                   wall=g.arrow_size * 1.15, margin=g.cluster_margin,
                   title_h=fonts.line_height(layout.text["zone"]) + g.label_padding, arrow=g.arrow_size)


@dataclass
class _Line:
    eid: str
    a: str  # left end (lower column; same column: higher up)
    b: str
    ka: int
    kb: int
    pill_w: float
    pill_h: float
    ya: float = 0.0
    yb: float = 0.0
    yc: float | None = None  # corridor height for a line that skips columns
    tracks: dict[int, float] = field(default_factory=dict)  # channel -> x


@dataclass
class Measure:
    """What the placement knows before Graphviz runs: the columns, every box's size (with the
    room for its attach points), the lines, and how wide each channel must be for the most
    tracks and the widest pills it can hold (an upper bound: the flow stays one-way)."""

    cols: list[SiteColumn]
    col_of: dict[str, int]
    lines: list[_Line]
    sides: dict[tuple[str, str], list[_Line]]
    heights: dict[str, float]
    widths: list[float]
    channels: list[float]  # the width of channel k, right of column k
    pools: dict[str, list[tuple[int, tuple[str, ...]]]]  # group -> (column, its members there)
    lead: dict[int, float]
    pill_w: dict[int, float]
    sp: Spacing
    # pure sub-results of this diagram's routings, kept for its other readings at the same
    # heights (the grid's reading of Graphviz's positions shares the grid's heights)
    memo: dict = field(default_factory=dict, repr=False, compare=False)


def measure(poster: Poster, plan: GraphPlan, layout: LayoutSpec, sp: Spacing | None = None) -> Measure:
    """Sizes of boxes and channels for ``plan``, before any position is known."""
    sp = sp or Spacing.of(layout)
    cols = columns_for(site_plan(poster), set(plan.nodes))
    col_of = {rid: k for k, c in enumerate(cols) for rid in c.roles}
    row_of = {rid: i for c in cols for i, rid in enumerate(c.roles)}
    lines = []
    for e in plan.edges:
        a, b = sorted((e.tail, e.head), key=lambda r: (col_of[r], row_of[r]))
        lines.append(_Line(e.id, a, b, col_of[a], col_of[b], e.label_width, e.label_height))

    # sides: (role, "r"|"l") -> lines attached there; a box grows to hold its attach points
    sides: dict[tuple[str, str], list[_Line]] = {}
    for ln in lines:
        sides.setdefault((ln.a, "r"), []).append(ln)
        sides.setdefault((ln.b, "l" if ln.kb > ln.ka else "r"), []).append(ln)
    heights = {}
    for rid, n in plan.nodes.items():
        need = max((sum(_slot(ln, rid, s, sp) for ln in sides.get((rid, s), [])) for s in "lr"), default=0)
        heights[rid] = max(n.height, need + 2 * sp.stub)
    widths = [max(plan.nodes[r].width for r in c.roles) for c in cols]
    for cl in plan.clusters:  # a pool's title fits over its first column
        first = min((k for k, c in enumerate(cols) if members(poster, cl.ref, c.roles)), default=None)
        if first is not None:
            widths[first] = max(widths[first], cl.label_width)
    pools = _pool_parts(poster, cols)
    channels, lead, pill_w = _channel_widths(poster, cols, lines, pools=pools, sp=sp)
    m = Measure(cols, col_of, lines, sides, heights, widths, channels, pools, lead, pill_w, sp)
    return dataclasses.replace(m, channels=_grid_needs(poster, plan, m))


def _pool_parts(poster: Poster, cols: list[SiteColumn]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Each pool's parts, left to right: the column and the pool's members in it."""
    pools: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for k, c in enumerate(cols):
        for r in c.roles:
            g = poster.roles[r].group
            if g and (not pools.get(g) or pools[g][-1][0] != k):
                pools.setdefault(g, []).append((k, tuple(members(poster, g, c.roles))))
    return pools


def _channel_widths(poster: Poster, cols: list[SiteColumn], lines: list[_Line], *,
                    pools: dict[str, list[tuple[int, tuple[str, ...]]]],
                    sp: Spacing) -> tuple[list[float], dict[int, float], dict[int, float]]:
    """The most each channel can need (every line through it on a track of its own, the widest
    pills, the wall), each column's lead (the room before its pills) and its widest pill."""
    ends_pool = {v[-1][0] for v in pools.values()}
    starts_pool = {v[0][0] for v in pools.values()}
    nchan = len(cols) if any(ln.ka == ln.kb == len(cols) - 1 for ln in lines) else len(cols) - 1
    through = {k: 0 for k in range(nchan)}
    for ln in lines:
        for k in range(ln.ka, max(ln.kb, ln.ka + 1)):
            through[k] += 1
    pill_w = {k: max([ln.pill_w for ln in lines if ln.ka == k], default=0.0) for k in range(nchan)}
    lead = {k: (sp.margin if k in ends_pool else 0.0) + sp.stub for k in range(len(cols))}
    walls = {(f.left, f.right) for f in poster.firewalls}
    channels = []
    for k in range(nchan):
        nxt = cols[k + 1].zone if k + 1 < len(cols) else cols[k].zone
        # the most the router can need: every line through the channel on a track of its own
        w = lead[k] + pill_w[k] + (through[k] + 1) * sp.line_gap
        if nxt != cols[k].zone:
            wall = sp.wall if (cols[k].zone, nxt) in walls else 0.0
            w += (sp.stub if pill_w[k] else 0.0) + sp.line_gap + wall
        w += sp.arrow + sp.stub + (sp.margin if k + 1 in starts_pool else 0.0)
        channels.append(max(sp.channel_min, w))
    return channels, lead, pill_w


def _grid_needs(poster: Poster, plan: GraphPlan, m: Measure) -> list[float]:
    """The channels as wide as the lines need on the row grid (columns centred): routed once
    with room to spare; a Graphviz placement that needs more falls back to it."""
    nchan = len(m.channels)
    x, centres = 0.0, {}
    for k, c in enumerate(m.cols):
        for r in c.roles:
            centres[r] = (x + m.widths[k] / 2, 0.0)
        x += m.widths[k] + (m.channels[k] if k < nchan else 0.0)
    pos = Positions(centres, {}, x, 0.0)
    chan = _best_routing(plan, m, pos, frame=_frame(poster, plan, m, pos=pos, follow=False)).chan
    return [chan[k]["need"] for k in sorted(chan)]  # as _place finds them (no geometry needed)


def _level(poster: Poster, plan: GraphPlan, m: Measure, pos: Positions, follow: bool):
    """Every box's top (y down) and the pools: each column stacked in the site plan's order on
    the row grid, then moved up or down as Graphviz placed it (the mean offset of its boxes),
    within the room the tallest column leaves (a pool's columns move together)."""
    sp = m.sp
    tops, pools = stack(poster, m.cols, m.heights, node_gap=sp.node_gap, title_h=sp.title_h,
                        margin=sp.margin)
    extent = {}
    for k, c in enumerate(m.cols):
        ys = [v for r in c.roles for v in (tops[r], tops[r] + m.heights[r])]
        ys += [v for t, b, a, z in pools.values() if a <= k <= z for v in (t, b)]
        extent[k] = (min(ys), max(ys))
    top_all, bottom_all = min(e[0] for e in extent.values()), max(e[1] for e in extent.values())
    want = {k: sum(pos.nodes[r][1] - (tops[r] + m.heights[r] / 2) for r in c.roles) / len(c.roles)
            for k, c in enumerate(m.cols)}
    # Graphviz's drawing is taller than the grid: centre its offsets in the room there is
    room = {k: (top_all - extent[k][0], bottom_all - extent[k][1]) for k in extent}
    centre = sum(want.values()) / len(want) - sum((lo + hi) / 2 for lo, hi in room.values()) / len(room)
    linked = {k: {k} for k in extent}  # columns a pool spans move as one
    for _, _, a, z in pools.values():
        block = set().union(*(linked[k] for k in range(a, z + 1)))
        for k in block:
            linked[k] = block
    shift = {}
    for k in extent:
        cols_k = sorted(linked[k])
        lo = max(room[j][0] for j in cols_k)
        hi = min(room[j][1] for j in cols_k)
        wanted = sum(want[j] for j in cols_k) / len(cols_k) - centre if follow else 0.0
        shift[k] = min(max(wanted, lo), hi)
    tops = {r: tops[r] + shift[k] for k, c in enumerate(m.cols) for r in c.roles}
    pools = {g: (t + shift[a], b + shift[a], a, z) for g, (t, b, a, z) in pools.items()}
    return tops, pools


def _slot(ln: _Line, rid: str, side: str, sp: Spacing) -> float:
    return ln.pill_h + sp.pill_gap if (rid, side) == (ln.a, "r") else sp.line_gap


@dataclass
class Placed:
    """Both readings of one Graphviz layout: ``followed`` (each column moved as Graphviz placed
    it; ``needs`` the channel widths its lines need) and ``grid`` (the row grid, each zone
    centred on the tallest; it always fits the channels it was measured for)."""

    followed: Geometry
    needs: list[float]
    grid: Geometry

    def fits(self, m: Measure) -> bool:
        return all(need <= have + 0.01 for need, have in zip(self.needs, m.channels))

    def followed_wins(self, grid: Geometry | None = None) -> bool:
        """Graphviz's placement is kept when it is no worse than the grid in any measure:
        crossings, bends, width and height."""
        g, f = grid or self.grid, self.followed
        return (crossings(f) <= crossings(g) and bends(f) <= bends(g)
                and f.width <= g.width + 0.5 and f.height <= g.height + 0.5)


def crossings(g: Geometry) -> int:
    return all_crossings({k: list(e.points) for k, e in g.edges.items()})


def bends(g: Geometry) -> int:
    return sum(len(e.points) - 2 for e in g.edges.values())


def both(poster: Poster, plan: GraphPlan, m: Measure, pos: Positions, grid: Geometry | None = None) -> Placed:
    """The diagram routed around Graphviz's positions ``pos`` of the boxes measured in ``m``
    (the columns at Graphviz's x), read both ways (``grid``: the grid's reading, known already)."""
    followed, needs = _place(poster, plan, m, pos, follow=True)
    if grid is None:
        grid = _place(poster, plan, m, pos, follow=False)[0]
    return Placed(followed, needs, grid)


def place(poster: Poster, plan: GraphPlan, m: Measure, pos: Positions) -> Geometry:
    """The diagram from Graphviz's positions, read as ``plan`` was chosen: each column where
    Graphviz put it (when that still fits the channels), or on the row grid."""
    if plan.follows_graphviz:
        followed, needs = _place(poster, plan, m, pos, follow=True)
        if all(need <= have + 0.01 for need, have in zip(needs, m.channels)):
            return followed
    return _place(poster, plan, m, pos, follow=False)[0]


@dataclass
class _Frame:
    """One reading of a Graphviz layout before any line is routed: each column's x (from the
    drawing's left edge), every box's top and bottom and the pools (y down), the firewalls,
    and where each channel ends."""

    origin: float  # Graphviz's x of the first column
    xs_fixed: list[float]
    boxes_y: dict[str, tuple[float, float]]
    pools: dict
    titles: dict[str, tuple[float, float]]
    walls: set[tuple[str, str]]
    ends_at: list[float]
    starts_pool: set[int]
    nchan: int
    centres: dict[str, float]  # each box's middle height


class _Routing(NamedTuple):
    """One routing of every line: the columns' x, the drawing's width, each channel's
    measures, the lines' points (y down) and their pills' boxes."""

    xs: list[float]
    width: float
    chan: dict[int, dict[str, float]]
    pts: dict[str, list[tuple[float, float]]]
    pills: dict[str, tuple[float, float, float, float]]
    pieces: list[Pieces]  # each line's level and upright pieces (for crossing_pairs)


def _place(poster: Poster, plan: GraphPlan, m: Measure, pos: Positions, *,
           follow: bool) -> tuple[Geometry, list[float]]:
    """The diagram's geometry from Graphviz's positions (each column where Graphviz put it
    when ``follow``, else on the row grid) and the channel widths its lines need."""
    frame = _frame(poster, plan, m, pos=pos, follow=follow)
    xs, width, chan, pts, pills, _ = _best_routing(plan, m, pos, frame=frame)
    needs = [chan[k]["need"] for k in sorted(chan)]
    return _flip(plan, m.cols, m.col_of, xs, m.widths, width, frame.boxes_y, frame.pools, m.sp, pts, pills,
                 chan, m.lines), needs


def _frame(poster: Poster, plan: GraphPlan, m: Measure, *, pos: Positions, follow: bool) -> _Frame:
    """The columns' x and the boxes' and pools' heights for one reading of ``pos``."""
    col_x = {m.col_of[rid]: pos.nodes[rid][0] - m.widths[m.col_of[rid]] / 2 for rid in plan.nodes}
    origin = col_x[0]  # the drawing starts at the first column (a pool's margin reaches left of it)
    xs_fixed = [col_x[k] - origin for k in range(len(m.cols))]
    tops, pools = _level(poster, plan, m, pos, follow)
    nchan = len(m.channels)
    boxes_y = {rid: (tops[rid], tops[rid] + m.heights[rid]) for rid in plan.nodes}
    return _Frame(
        origin=origin, xs_fixed=xs_fixed, boxes_y=boxes_y,
        pools=pools, titles={gid: (t[0], t[0] + m.sp.title_h) for gid, t in pools.items()},
        walls={(f.left, f.right) for f in poster.firewalls},
        ends_at=[xs_fixed[k + 1] if k + 1 < len(m.cols) else pos.width - origin for k in range(nchan)],
        starts_pool={v[0][0] for v in m.pools.values()}, nchan=nchan,
        centres={rid: sum(y) / 2 for rid, y in boxes_y.items()})


class _Memo(NamedTuple):
    """The pure sub-results of the routings of one reading (one frame), shared by its choices
    of corridors: each corridor height (by line, option and the corridors already taken; kept
    with the diagram's measure for its readings at the same heights), each channel laid out (by
    what runs through it), the corridor heights already routed and each line drawn."""

    corridors: dict[tuple, float]
    channels: dict[tuple, tuple[dict[str, float], dict[str, float]]]
    seen: set[tuple]
    lines: dict[tuple, _Drawn]  # each line drawn, by its ends, corridor and tracks


def _best_routing(plan: GraphPlan, m: Measure, pos: Positions, *, frame: _Frame) -> _Routing:
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


def _route(plan: GraphPlan, m: Measure, pos: Positions, *, frame: _Frame, choice: dict[str, int],
           memo: _Memo) -> _Routing | None:
    """Corridors, attach points, channels and points for one choice of corridors; None when
    the corridors are the same as in a routing before (all the rest follows from them)."""
    for ln in m.lines:
        ln.tracks = {}
    # corridors first (they decide which way a skipping line leaves its box), then attach points
    _set_corridors(m, frame, choice, memo.corridors)
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


def _set_corridors(m: Measure, frame: _Frame, choice: dict[str, int], memo: dict[tuple, float]) -> None:
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


def _set_attach_points(m: Measure, centre: dict[str, float]) -> None:
    """Give each line its attach heights (``ya``, ``yb``) on its boxes' sides, ordered by
    where each line goes so that lines leaving one side do not cross (``centre``: each box's
    middle height)."""
    sp = m.sp
    for (rid, side), here in m.sides.items():
        def other(ln: _Line) -> tuple[float, str]:
            far = ln.b if rid == ln.a and side == "r" and ln.b != rid else ln.a
            if ln.ka == ln.kb:  # a U-turn attaches on its partner's side of the other
                d = centre[ln.b if rid == ln.a else ln.a] - centre[rid]  # lines, the farther
                return centre[rid] + math.copysign(1e5 - abs(d), d), ln.eid  # one outside
            return (ln.yc if ln.yc is not None else centre[far]), ln.eid
        here.sort(key=other)
        slots = [_slot(ln, rid, side, sp) for ln in here]
        y = centre[rid] - sum(slots) / 2
        for ln, s in zip(here, slots):
            if rid == ln.a and side == "r":
                ln.ya = y + s / 2
            else:
                ln.yb = y + s / 2
            y += s


def _channel_runs(lines: list[_Line], nchan: int) -> dict[int, list[Run]]:
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


def _lay_channel(m: Measure, frame: _Frame, k: int, *,
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


def _line_path(ln: _Line, right_of: dict[str, float], left_of: dict[str, float]) -> list[tuple[float, float]]:
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


def _corridor(ln: _Line, cols, boxes_y, pools, titles, used, sp: Spacing, option: int = 0) -> float:
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


def _flip(plan, cols, col_of, xs, widths, width, boxes_y, pools, sp, pts, pills, chan, lines):
    """Turn the y-down placement into PDF geometry, trimmed to what is drawn."""
    ys = [v for y0, y1 in boxes_y.values() for v in (y0, y1)]
    ys += [v for t, b, _, _ in pools.values() for v in (t, b)]
    ys += [y for p in pts.values() for _, y in p]
    top, bottom = min(ys) - sp.line_gap, max(ys) + sp.line_gap
    height = bottom - top

    def fy(y: float) -> float:
        return bottom - y
    nodes = {}
    for rid in plan.nodes:
        k = col_of[rid]
        y0, y1 = boxes_y[rid]
        nodes[rid] = Box(xs[k], fy(y1), widths[k], y1 - y0)
    clusters, titles = {}, {}
    for cl in plan.clusters:
        if cl.ref not in pools:
            continue
        t, b, a, z = pools[cl.ref]
        x0, x1 = xs[a] - sp.margin, xs[z] + widths[z] + sp.margin
        clusters[cl.id] = Box(x0, fy(b), x1 - x0, b - t)
        titles[cl.id] = Box(x0 + sp.margin / 2, fy(t + sp.title_h), cl.label_width, sp.title_h)
    edges = {}
    by_id = {ln.eid: ln for ln in lines}
    for e in plan.edges:
        p = [(x, fy(y)) for x, y in pts[e.id]]
        if by_id[e.id].a != e.tail:
            p.reverse()
        px, py, pw, ph = pills[e.id]
        edges[e.id] = EdgeGeometry(e.id, tuple(p), Box(px, fy(py + ph), pw, ph))
    gates, bounds = {}, [0.0]
    for gate, left, right in plan.gates:
        k = next(k for k in range(len(cols) - 1) if cols[k].zone == left and cols[k + 1].zone == right)
        gates[gate] = (chan[k]["boundary"], 0.0)
        bounds.append(chan[k]["boundary"])
    bounds.append(width)
    bands = tuple((z, bounds[i], bounds[i + 1]) for i, z in enumerate(plan.zones))
    stretch_x = tuple(chan[k]["pills_end"] for k in sorted(chan)) + (width,)
    stretch_y = _free_heights(nodes, clusters, titles, edges, height)
    return Geometry(width=width, height=height, nodes=nodes, edges=edges, clusters=clusters,
                    cluster_labels=titles, gates=gates, bands=bands, stretch_x=stretch_x,
                    stretch_y=stretch_y)


def _free_heights(nodes, clusters, titles, edges, height) -> tuple[float, ...]:
    """Heights where a horizontal cut meets no box, pill or title and no level run: extra
    height can be added there without stretching anything but vertical runs and pools."""
    spans = [(b.y, b.y + b.h) for b in nodes.values()]
    spans += [(e.label.y, e.label.y + e.label.h) for e in edges.values()]
    spans += [(b.y, b.y + b.h) for b in titles.values()]
    level = sorted({round(a[1], 2) for e in edges.values() for a, b in zip(e.points, e.points[1:])
                    if abs(a[1] - b[1]) < 0.01})
    spans += [(y - 0.5, y + 0.5) for y in level]
    spans += [(b.y - 0.5, b.y + 0.5) for b in clusters.values()]
    spans += [(b.y + b.h - 0.5, b.y + b.h + 0.5) for b in clusters.values()]
    spans.sort()
    out, reach = [], 0.0
    for a, b in spans:
        if a > reach + 4:
            out.append((reach + a) / 2)
        reach = max(reach, b)
    if height > reach + 4:
        out.append((reach + height) / 2)
    return tuple(out)
