"""Model -> one DOT graph per workload: zones left to right, every box sized by ReportLab."""

from __future__ import annotations

import dataclasses
import math

from posterbuild.fonts import metrics as fonts
from posterbuild.graph.measure import Measure, Spacing
from posterbuild.graph.place import measure, pool_title_node
from posterbuild.graph.plan import ClusterPlan, EdgePlan, GraphPlan, NodePlan, TextLine
from posterbuild.graph.quoting import attr_list, comment, dot_id
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster, Workload

__all__ = ["plan_workload", "plan_and_measure", "write_dot", "channel_node", "marker_size", "VARIANTS"]

# Layout variants tried for every workload; the build keeps the one that prints largest with
# the fewest crossings. "mention" keeps the order of the data; "flow" orders each zone by who
# opens connections to whom (shorter chains, fewer columns, sometimes more crossings).
VARIANTS = ("mention", "flow")

HEAVY_WEIGHT = 8  # an edge that was drawn through a box is pulled straight with this weight


def plan_workload(poster: Poster, workload: Workload, layout: LayoutSpec,
                  variant: str = "mention", heavy: frozenset[str] = frozenset()) -> GraphPlan:
    """Plan the quadrant of ``workload`` and write its DOT source in ``variant``; the edges in
    ``heavy`` get more weight (Graphviz keeps them shorter and straighter)."""
    return plan_and_measure(poster, workload, layout, variant, heavy)[0]


def plan_and_measure(poster: Poster, workload: Workload, layout: LayoutSpec, variant: str = "mention",
                     heavy: frozenset[str] = frozenset()) -> tuple[GraphPlan, Measure]:
    """:func:`plan_workload`, and the sizes its DOT was written from."""
    order = {rid: i for i, rid in enumerate(workload.role_ids())}
    if variant not in VARIANTS:
        raise ValueError(f"unknown layout variant {variant!r}")
    depth = _depths(poster, workload, order) if variant == "flow" else dict.fromkeys(order, 0)

    def rank_key(role_id: str) -> tuple[int, int, int]:
        return poster.zone_index(poster.roles[role_id].zone), depth[role_id], order[role_id]

    roles = sorted(order, key=rank_key)
    nodes = {rid: _node(poster, rid, layout) for rid in roles}
    edges, notes = _edges(poster, workload, layout, rank_key)
    zones = [z for z in poster.zones if any(poster.roles[r].zone == z.id for r in roles)]

    # zones are bands between the gates (drawn by the page); groups are boxes inside a zone
    clusters: list[ClusterPlan] = []
    for zone in zones:
        groups = dict.fromkeys(str(poster.roles[r].group) for r in roles
                               if poster.roles[r].zone == zone.id and poster.roles[r].group)
        for gid in groups:
            clusters.append(_cluster(f"cluster_{zone.id}__{gid}", "group", gid,
                                     poster.groups[gid].name, zone.id, layout))
    gates = tuple((f"gate__{a.id}__{b.id}", a.id, b.id) for a, b in zip(zones, zones[1:]))
    plan = GraphPlan(workload=workload.id, variant=variant, nodes=nodes, edges=tuple(edges),
                     clusters=tuple(clusters), zones=tuple(z.id for z in zones), gates=gates,
                     dot="", heavy=frozenset(heavy), notes=tuple(notes))
    m = measure(poster, plan, layout)
    return dataclasses.replace(plan, dot=write_dot(poster, workload, plan, m)), m


def _node(poster: Poster, role_id: str, layout: LayoutSpec) -> NodePlan:
    role, g, style = poster.roles[role_id], layout.graph, layout.text["node"]
    widest_word = max(fonts.text_width(w, style) for w in role.name.split())
    lines = fonts.wrap(role.name, style, max(g.node_text_width, widest_word))
    text_w = max(fonts.text_width(line, style) for line in lines)
    width = g.node_padding * 3 + g.glyph_size + text_w
    height = max(g.glyph_size, fonts.block_height(len(lines), style)) + 2 * g.node_padding
    return NodePlan(id=role_id, role=role_id, kind=role.kind,
                    lines=tuple(TextLine(line, "node") for line in lines), width=width, height=height)


def marker_size(layout: LayoutSpec) -> float:
    """The diameter of a numbered marker (a note number on a label)."""
    return layout.text["edge_label"].size * 1.2


def _edges(poster: Poster, workload: Workload, layout: LayoutSpec,
           rank_key) -> tuple[list[EdgePlan], list[tuple[int, str]]]:
    """One edge per (pair, direction, family); pairs written in one canonical order. A
    connection's note becomes a numbered row beside the diagram, its number on the label."""
    grouped: dict[tuple[str, str, str, str], list[int]] = {}
    for i, c in enumerate(workload.connections):
        tail, head = sorted((c.initiator, c.listener), key=rank_key)
        direction = "both" if c.both_ways else ("forward" if tail == c.initiator else "back")
        family = poster.protocols[c.protocol].family
        grouped.setdefault((tail, head, direction, family), []).append(i)
    style = layout.text["edge_label"]
    marker = marker_size(layout) + layout.graph.label_padding
    edges: list[EdgePlan] = []
    notes: list[tuple[int, str]] = []
    for n, ((tail, head, direction, family), members) in enumerate(grouped.items()):
        lines: list[TextLine] = []
        for i in members:
            c = workload.connections[i]
            number = None
            if c.note:
                number = len(notes) + 1
                notes.append((number, c.note))
            lines.append(TextLine(poster.label(c), "edge_label", family, number,
                                  c.step[1] if c.step else None))
        width = max(fonts.text_width(t.text, style) + (marker if t.marker else 0)
                    + (marker if t.step else 0) for t in lines)
        height = len(lines) * fonts.line_height(style)
        pad = layout.graph.label_padding
        edges.append(EdgePlan(id=f"e{n}", tail=tail, head=head, direction=direction, family=family,
                              connections=tuple(members), lines=tuple(lines),
                              label_width=width + 2 * pad, label_height=height + 2 * pad))
    return edges, notes


def _depths(poster: Poster, workload: Workload, order: dict[str, int]) -> dict[str, int]:
    """How far along its zone's connections a role stands: initiators before listeners.

    Writing each pair in this order keeps chains short (a role that opens connections to two
    others sits before both), so a zone needs fewer columns. Cycles are broken by the order
    in which the data first mentions the roles.
    """
    zone = {r: poster.roles[r].zone for r in order}
    preds: dict[str, set[str]] = {r: set() for r in order}
    for c in workload.connections:
        if zone[c.initiator] == zone[c.listener]:
            preds[c.listener].add(c.initiator)
    depth: dict[str, int] = {}
    while len(depth) < len(order):
        ready = [r for r in order if r not in depth and preds[r] <= depth.keys()]
        if not ready:  # a cycle: take the first-mentioned role still waiting
            ready = [min((r for r in order if r not in depth), key=order.__getitem__)]
        for r in ready:
            depth[r] = 1 + max((depth[p] for p in preds[r] if p in depth), default=-1)
    return depth


def _cluster(cid: str, kind: str, ref: str, title: str, parent: str | None,
             layout: LayoutSpec) -> ClusterPlan:
    style = layout.text["zone"]
    return ClusterPlan(id=cid, kind=kind, ref=ref, title=title,
                       label_width=fonts.text_width(title, style) + 4,
                       label_height=fonts.line_height(style) + 2, parent=parent)


def _inches(points: float) -> float:
    return points / 72.0


def _spacer(m: Measure, k: int) -> int:
    """The width (whole points) of channel ``k``'s spacer: Graphviz puts the spacer's rank
    ``RANKSEP_PT`` from each column's rank, and each column's box, its width rounded to whole
    points, half its rounding from its centre; the channel from box to box comes out as
    ``m.channels[k]`` (to half a point)."""
    def excess(j: int) -> float:
        return (round(m.widths[j]) - m.widths[j]) / 2
    # a pool's cluster reaches its margin beyond its columns: Graphviz keeps the ranks apart by that too
    ends = {parts[-1][0] for parts in m.pools.values()}
    starts = {parts[0][0] for parts in m.pools.values()}
    pooled = m.sp.margin * ((k in ends) + (k + 1 in starts))
    if k + 1 < len(m.cols):
        gap = m.channels[k] - 2 * RANKSEP_PT - excess(k) - excess(k + 1) - pooled
    else:  # the last channel (U-turns beside the last column) ends with the drawing
        gap = m.channels[k] - RANKSEP_PT - excess(k) - pooled
    return max(1, round(gap))


def _whole(points: float) -> float:
    """``points`` in inches, rounded up to whole points (Graphviz keeps sizes in whole points)."""
    return math.ceil(points - 1e-6) / 72.0


CHAIN_WEIGHT = 1  # the order of a column's boxes (and how hard they are kept together)
CONNECTION_WEIGHT = 4  # how hard Graphviz pulls the two ends of a line level
POOL_WEIGHT = 8  # how hard it pulls the tops of a pool's parts level
RANKSEP_PT = 8  # Graphviz keeps ranks at least about this far apart (8 pt): the spacers make the rest


def channel_node(k: int) -> str:
    """The invisible spacer that makes channel ``k`` (right of column ``k``) as wide as it must be."""
    return f"channel__{k}"


def write_dot(poster: Poster, workload: Workload, plan: GraphPlan, m: Measure) -> str:
    """The DOT that Graphviz lays out: one rank per site-plan column (boxes of fixed size, in the
    site plan's order), one spacer rank per channel, connections as weighted invisible edges."""
    out = _dot_header(workload, m.sp)
    zone = None
    for k, col in enumerate(m.cols):
        if col.zone != zone:
            zone = col.zone
            out.append(f"  // zone {zone}")
        out.append(f"  // column {col.index} of zone {col.zone}")
        chain = _column_nodes(poster, m, k, out=out)
        out.append("  {rank=same; " + "; ".join(dot_id(n) for n in chain) + "}")
        if len(chain) > 1:  # the site plan's order, top to bottom (a flat edge's tail stands above)
            out.append("  " + " -> ".join(dot_id(n) for n in chain) + " " + attr_list({"weight": CHAIN_WEIGHT}))
        if k < len(m.channels):
            out += _channel_spacer(m, k, chain)
    out += _pool_lines(m)
    out.append("  // the connections (drawn by posterbuild): each pulls its ends level")
    for ln in m.lines:
        if ln.ka == ln.kb:
            continue  # a U-turn beside its column: no pull across ranks
        out.append(f"  {dot_id(ln.a)} -> {dot_id(ln.b)} " + attr_list({
            "id": ln.eid, "weight": CONNECTION_WEIGHT}))
    out.append("}")
    return "\n".join(out) + "\n"


def _dot_header(workload: Workload, sp: Spacing) -> list[str]:
    """The DOT's opening comments, graph line and default node and edge attributes."""
    out = [comment(f"{workload.title}: generated by posterbuild from {workload.origin.file}"),
           "// one rank per site-plan column, top to bottom in the site plan's order; a spacer rank",
           "// per channel as wide as its pills and tracks; the connections pull their ends level",
           f"digraph {dot_id(workload.id)} {{"]
    out.append("  graph " + attr_list({"rankdir": "LR", "newrank": "true", "splines": "false", "margin": "0", "pad": "0",
                                       "outputorder": "nodesfirst",
                                       "nodesep": _whole(sp.node_gap), "ranksep": RANKSEP_PT / 72}))
    # every box has the size ReportLab measured; fontsize=1 keeps Graphviz from judging our text
    out.append("  node " + attr_list({"shape": "box", "fixedsize": "true", "fontsize": 1}))
    out.append("  edge " + attr_list({"style": "invis", "arrowhead": "none"}))
    return out


def _column_nodes(poster: Poster, m: Measure, k: int, *, out: list[str]) -> list[str]:
    """Append column ``k``'s nodes to ``out`` (its boxes, with a pool's title room above its
    first member and its foot below its last); return their names, top to bottom."""
    sp = m.sp
    width = round(m.widths[k]) / 72  # Graphviz keeps whole points; the spacers make up the rest
    chain: list[str] = []
    pools = {g: rs for g, parts in m.pools.items() for j, rs in parts if j == k}
    for rid in m.cols[k].roles:
        group = poster.roles[rid].group
        if group and group in pools and rid == pools[group][0]:
            title = pool_title_node(group, k)
            out.append(f"  {dot_id(title)} " + attr_list({
                "label": "", "style": "invis", "width": width,
                "height": _whole(max(sp.title_h, sp.title_h + sp.margin - sp.node_gap))}))
            chain.append(title)
        out.append(f"  {dot_id(rid)} " + attr_list({
            "label": poster.roles[rid].name, "width": width, "height": _whole(m.heights[rid])}))
        chain.append(rid)
        if group and group in pools and rid == pools[group][-1] and sp.margin > sp.node_gap:
            foot = pool_title_node(group, k) + "__foot"
            out.append(f"  {dot_id(foot)} " + attr_list({
                "label": "", "style": "invis", "width": width,
                "height": _whole(sp.margin - sp.node_gap)}))
            chain.append(foot)
    return chain


def _channel_spacer(m: Measure, k: int, chain: list[str]) -> list[str]:
    """The invisible spacer rank of channel ``k``, tied to the middle of the columns beside it."""
    spacer = channel_node(k)
    out = [f"  {dot_id(spacer)} " + attr_list({
        "label": "", "style": "invis", "width": _spacer(m, k) / 72,
        "height": 0.01})]
    out.append(f"  {{rank=same; {dot_id(spacer)}}}")
    middle = chain[len(chain) // 2]
    out.append(f"  {dot_id(middle)} -> {dot_id(spacer)} " + attr_list({"weight": 1}))
    if k + 1 < len(m.cols):
        nxt = m.cols[k + 1].roles
        out.append(f"  {dot_id(spacer)} -> {dot_id(nxt[len(nxt) // 2])} " + attr_list({"weight": 1}))
    return out


def _pool_lines(m: Measure) -> list[str]:
    """The pools: their parts pulled level across columns, then each one as a cluster."""
    out = []
    # a pool's parts start level in all its columns
    for g, parts in m.pools.items():
        for (ka, _), (kb, _) in zip(parts, parts[1:]):
            out.append(f"  {dot_id(pool_title_node(g, ka))} -> {dot_id(pool_title_node(g, kb))} "
                       + attr_list({"weight": POOL_WEIGHT}))
    for g, parts in m.pools.items():  # a pool is a cluster: its title room and its members
        names = [pool_title_node(g, k) for k, _ in parts] + [r for _, rs in parts for r in rs]
        out.append(f"  subgraph {dot_id('cluster_' + g)} {{ graph " + attr_list({"margin": m.sp.margin})
                   + " " + "; ".join(dot_id(n) for n in names) + " }")
    return out
