"""Place one diagram from the site plan: columns of boxes, pools, and right-angled lines.

Every role stands in its site-plan column (zones left to right); a column's boxes share one
width. Between two columns runs a channel: first the label pills of the lines leaving the
left column (each on its own line, beside the firewall when the channel holds one), then the
wall, then one vertical track per line that changes height, then the arrival stubs. A line
that skips columns runs level through a gap between their boxes (a corridor). Every line has
its own attach point on a box side, ordered to avoid crossings; a box grows to hold them.
Internally y runs downwards; the result is in PDF points (y up). The lines are routed by
:mod:`posterbuild.graph.routing` (corridors: :mod:`posterbuild.graph.corridors`); the records both
share are :mod:`posterbuild.graph.measure`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from posterbuild.graph.placed import Box, PlacedDiagram, PlacedLine
from posterbuild.graph.positions import Positions
from posterbuild.graph.measure import Frame, Line, Measure, Spacing, slot
from posterbuild.graph.plan import GraphPlan
from posterbuild.graph.route import all_crossings
from posterbuild.graph.routing import best_routing
from posterbuild.graph.site import SiteColumn, columns_for, members, site_plan, stack
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster

__all__ = ["place", "both", "Placed", "measure", "pool_title_node", "crossings", "bends"]


def pool_title_node(group: str, column: int) -> str:
    """The DOT node that holds a pool's title room at the top of its part of ``column``."""
    return f"pool__{group}__{column}"


def measure(poster: Poster, plan: GraphPlan, layout: LayoutSpec, sp: Spacing | None = None) -> Measure:
    """Sizes of boxes and channels for ``plan``, before any position is known."""
    sp = sp or Spacing.of(layout)
    cols = columns_for(site_plan(poster), set(plan.nodes))
    col_of = {rid: k for k, c in enumerate(cols) for rid in c.roles}
    row_of = {rid: i for c in cols for i, rid in enumerate(c.roles)}
    lines = []
    for e in plan.edges:
        a, b = sorted((e.tail, e.head), key=lambda r: (col_of[r], row_of[r]))
        lines.append(Line(e.id, a, b, col_of[a], col_of[b], e.label_width, e.label_height))

    # sides: (role, "r"|"l") -> lines attached there; a box grows to hold its attach points
    sides: dict[tuple[str, str], list[Line]] = {}
    for ln in lines:
        sides.setdefault((ln.a, "r"), []).append(ln)
        sides.setdefault((ln.b, "l" if ln.kb > ln.ka else "r"), []).append(ln)
    heights = {}
    for rid, n in plan.nodes.items():
        need = max((sum(slot(ln, rid, s, sp) for ln in sides.get((rid, s), [])) for s in "lr"), default=0)
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


def _channel_widths(poster: Poster, cols: list[SiteColumn], lines: list[Line], *,
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
    chan = best_routing(plan, m, pos, frame=_frame(poster, plan, m, pos=pos, follow=False)).chan
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


@dataclass
class Placed:
    """Both readings of one Graphviz layout: ``followed`` (each column moved as Graphviz placed
    it; ``needs`` the channel widths its lines need) and ``grid`` (the row grid, each zone
    centred on the tallest; it always fits the channels it was measured for)."""

    followed: PlacedDiagram
    needs: list[float]
    grid: PlacedDiagram

    def fits(self, m: Measure) -> bool:
        return all(need <= have + 0.01 for need, have in zip(self.needs, m.channels))

    def followed_wins(self, grid: PlacedDiagram | None = None) -> bool:
        """Graphviz's placement is kept when it is no worse than the grid in any measure:
        crossings, bends, width and height."""
        g, f = grid or self.grid, self.followed
        return (crossings(f) <= crossings(g) and bends(f) <= bends(g)
                and f.width <= g.width + 0.5 and f.height <= g.height + 0.5)


def crossings(g: PlacedDiagram) -> int:
    return all_crossings({k: list(e.points) for k, e in g.edges.items()})


def bends(g: PlacedDiagram) -> int:
    return sum(len(e.points) - 2 for e in g.edges.values())


def both(poster: Poster, plan: GraphPlan, m: Measure, pos: Positions, grid: PlacedDiagram | None = None) -> Placed:
    """The diagram routed around Graphviz's positions ``pos`` of the boxes measured in ``m``
    (the columns at Graphviz's x), read both ways (``grid``: the grid's reading, known already)."""
    followed, needs = _place(poster, plan, m, pos, follow=True)
    if grid is None:
        grid = _place(poster, plan, m, pos, follow=False)[0]
    return Placed(followed, needs, grid)


def place(poster: Poster, plan: GraphPlan, m: Measure, pos: Positions) -> PlacedDiagram:
    """The diagram from Graphviz's positions, read as ``plan`` was chosen: each column where
    Graphviz put it (when that still fits the channels), or on the row grid."""
    if plan.follows_graphviz:
        followed, needs = _place(poster, plan, m, pos, follow=True)
        if all(need <= have + 0.01 for need, have in zip(needs, m.channels)):
            return followed
    return _place(poster, plan, m, pos, follow=False)[0]


def _place(poster: Poster, plan: GraphPlan, m: Measure, pos: Positions, *,
           follow: bool) -> tuple[PlacedDiagram, list[float]]:
    """The diagram's geometry from Graphviz's positions (each column where Graphviz put it
    when ``follow``, else on the row grid) and the channel widths its lines need."""
    frame = _frame(poster, plan, m, pos=pos, follow=follow)
    xs, width, chan, pts, pills, _ = best_routing(plan, m, pos, frame=frame)
    needs = [chan[k]["need"] for k in sorted(chan)]
    return _flip(plan, m.cols, m.col_of, xs, m.widths, width, frame.boxes_y, frame.pools, m.sp, pts, pills,
                 chan, m.lines), needs


def _frame(poster: Poster, plan: GraphPlan, m: Measure, *, pos: Positions, follow: bool) -> Frame:
    """The columns' x and the boxes' and pools' heights for one reading of ``pos``."""
    col_x = {m.col_of[rid]: pos.nodes[rid][0] - m.widths[m.col_of[rid]] / 2 for rid in plan.nodes}
    origin = col_x[0]  # the drawing starts at the first column (a pool's margin reaches left of it)
    xs_fixed = [col_x[k] - origin for k in range(len(m.cols))]
    tops, pools = _level(poster, plan, m, pos, follow)
    nchan = len(m.channels)
    boxes_y = {rid: (tops[rid], tops[rid] + m.heights[rid]) for rid in plan.nodes}
    return Frame(
        origin=origin, xs_fixed=xs_fixed, boxes_y=boxes_y,
        pools=pools, titles={gid: (t[0], t[0] + m.sp.title_h) for gid, t in pools.items()},
        walls={(f.left, f.right) for f in poster.firewalls},
        ends_at=[xs_fixed[k + 1] if k + 1 < len(m.cols) else pos.width - origin for k in range(nchan)],
        starts_pool={v[0][0] for v in m.pools.values()}, nchan=nchan,
        centres={rid: sum(y) / 2 for rid, y in boxes_y.items()})


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
        edges[e.id] = PlacedLine(e.id, tuple(p), Box(px, fy(py + ph), pw, ph))
    gates, bounds = {}, [0.0]
    for gate, left, right in plan.gates:
        k = next(k for k in range(len(cols) - 1) if cols[k].zone == left and cols[k + 1].zone == right)
        gates[gate] = (chan[k]["boundary"], 0.0)
        bounds.append(chan[k]["boundary"])
    bounds.append(width)
    bands = tuple((z, bounds[i], bounds[i + 1]) for i, z in enumerate(plan.zones))
    stretch_x = tuple(chan[k]["pills_end"] for k in sorted(chan)) + (width,)
    stretch_y = _free_heights(nodes, clusters, titles, edges, height)
    return PlacedDiagram(width=width, height=height, nodes=nodes, edges=edges, clusters=clusters,
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
