"""Model -> one DOT graph per workload: zones left to right, every box sized by ReportLab."""

from __future__ import annotations

from posterbuild import fonts
from posterbuild.graph.plan import ClusterPlan, EdgePlan, GraphPlan, NodePlan, TextLine
from posterbuild.graph.quoting import attr_list, dot_id, fixed_box_label
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster, Workload

__all__ = ["plan_workload", "marker_size", "VARIANTS"]

# Layout variants tried for every workload; the build keeps the one that prints largest with
# the fewest crossings. "mention" keeps the order of the data; "flow" orders each zone by who
# opens connections to whom (shorter chains, fewer columns, sometimes more crossings).
VARIANTS = ("mention", "flow")

HEAVY_WEIGHT = 8  # an edge that was drawn through a box is pulled straight with this weight


def plan_workload(poster: Poster, workload: Workload, layout: LayoutSpec,
                  variant: str = "mention", heavy: frozenset[str] = frozenset()) -> GraphPlan:
    """Plan the quadrant of ``workload`` and write its DOT source in ``variant``; the edges in
    ``heavy`` get more weight (Graphviz keeps them shorter and straighter)."""
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
    dot = _write_dot(poster, workload, layout, roles, nodes, edges, clusters, gates, variant, heavy)
    return GraphPlan(workload=workload.id, variant=variant, nodes=nodes, edges=tuple(edges),
                     clusters=tuple(clusters), zones=tuple(z.id for z in zones), gates=gates,
                     dot=dot, heavy=frozenset(heavy), notes=tuple(notes))


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
    edges, notes = [], []
    for n, ((tail, head, direction, family), members) in enumerate(grouped.items()):
        lines: list[TextLine] = []
        for i in members:
            c: Connection = workload.connections[i]
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


def _write_dot(poster: Poster, workload: Workload, layout: LayoutSpec, roles: list[str],
               nodes: dict[str, NodePlan], edges: list[EdgePlan], clusters: list[ClusterPlan],
               gates: tuple[tuple[str, str, str], ...], variant: str, heavy: frozenset[str]) -> str:
    g = layout.graph
    out = [f"// {workload.title}: generated by posterbuild from {workload.origin.file}"
           f" (variant {variant}{', heavy ' + ' '.join(sorted(heavy)) if heavy else ''})",
           f"digraph {dot_id(workload.id)} {{"]
    # newrank: the zone gates must rank globally, across clusters (zones stay left to right)
    out.append("  graph " + attr_list({"rankdir": "LR", "newrank": "true", "splines": "true",
                                       "margin": "0", "pad": "0",
                                       "nodesep": _inches(g.nodesep), "ranksep": _inches(g.ranksep)}))
    # every box has the size ReportLab measured; fontsize=1 keeps Graphviz from judging our text
    out.append("  node " + attr_list({"shape": "box", "fixedsize": "true", "fontsize": 1}))

    def node_line(rid: str, indent: str) -> str:
        n = nodes[rid]
        return indent + dot_id(rid) + " " + attr_list({
            "label": poster.roles[rid].name, "width": _inches(n.width),
            "height": _inches(n.height)})

    for zone in dict.fromkeys(poster.roles[r].zone for r in roles):
        out.append(f"  // zone {zone}")
        for c in clusters:
            if c.parent != zone:
                continue
            out.append(f"  subgraph {dot_id(c.id)} {{")
            out.append("    graph " + attr_list({
                "label": fixed_box_label(c.title, c.label_width, c.label_height),
                "labeljust": "l", "labelloc": "t", "margin": g.cluster_margin}))
            for rid in roles:
                role = poster.roles[rid]
                if role.zone == zone and role.group == c.ref:
                    out.append(node_line(rid, "    "))
            out.append("  }")
        for rid in roles:
            role = poster.roles[rid]
            if role.zone == zone and not role.group:
                out.append(node_line(rid, "  "))
    # each edge label is a node of its own, in the zone of the edge's head: Graphviz never
    # overlaps nodes, and no label can land on a firewall (the gates keep zones apart)
    zone_of = {r: poster.roles[r].zone for r in roles}
    for e in edges:
        label = " / ".join(t.text for t in e.lines if t.style == "edge_label")
        out.append(f"  {dot_id(e.label_node)} " + attr_list({
            "label": label, "width": _inches(e.label_width), "height": _inches(e.label_height)}))
        zone_of[e.label_node] = zone_of[e.head]
    # a gate follows the last nodes of its left zone and precedes the first of its right one;
    # tying it only to sinks and sources keeps the invisible edges (and their virtual nodes) few
    inner = [(e.tail, e.label_node) for e in edges] + [(e.label_node, e.head) for e in edges]
    inner = [(a, b) for a, b in inner if zone_of[a] == zone_of[b]]
    has_out = {a for a, _ in inner}
    has_in = {b for _, b in inner}
    for gate, left, right in gates:
        out.append("  " + dot_id(gate) + " " + attr_list(
            {"shape": "point", "width": 0.01, "height": 0.01, "style": "invis", "label": ""}))
        for node, zone in zone_of.items():
            if zone == left and node not in has_out:
                out.append(f"  {dot_id(node)} -> {dot_id(gate)} " + attr_list({"style": "invis", "weight": 0}))
            elif zone == right and node not in has_in:
                out.append(f"  {dot_id(gate)} -> {dot_id(node)} " + attr_list({"style": "invis", "weight": 0}))
    for e in edges:
        weight = HEAVY_WEIGHT if e.id in heavy else 2
        out.append(f"  {dot_id(e.tail)} -> {dot_id(e.label_node)} " + attr_list({
            "id": f"{e.id}a", "dir": "none", "weight": weight}))
        out.append(f"  {dot_id(e.label_node)} -> {dot_id(e.head)} " + attr_list({
            "id": f"{e.id}b", "dir": "none", "weight": weight}))
    out.append("}")
    return "\n".join(out) + "\n"
