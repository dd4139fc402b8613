"""Model -> DOT and placement: one quoting function, the site plan, right-angled lines."""

from __future__ import annotations

import pytest

from posterbuild import pipeline

from posterbuild.fonts import metrics as fonts
from posterbuild.graph.dot_build import plan_workload
from posterbuild.graph.arrange import arrange
from posterbuild.graph.cache import LayoutCache


@pytest.fixture
def loaded(mini):
    return pipeline.load(mini)


def test_dot_keywords_as_role_ids_are_quoted(loaded):
    plan = plan_workload(loaded.poster, loaded.poster.workloads[0], loaded.layout)
    assert '"edge" [' in plan.dot and '"node" [' in plan.dot


def test_connection_direction_is_canonical(loaded):
    plan = plan_workload(loaded.poster, loaded.poster.workloads[0], loaded.layout)
    by_pair = {(e.tail, e.head): e for e in plan.edges}
    assert by_pair[("user", "edge")].direction == "forward"
    assert by_pair[("edge", "node")].direction == "both"


def test_label_boxes_are_reportlab_sizes(loaded):
    plan = plan_workload(loaded.poster, loaded.poster.workloads[0], loaded.layout)
    edge = next(e for e in plan.edges if e.tail == "user")
    style = loaded.layout.text["edge_label"]
    expected = fonts.text_width("SIP/TLS 443", style) + 2 * loaded.layout.graph.label_padding
    assert edge.label_width == pytest.approx(expected)


def test_user_text_cannot_change_the_graph(mini):
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text().replace("name: Chat server", 'name: "x\\"]; node [shape=circle"'))
    loaded = pipeline.load(mini)
    plan = plan_workload(loaded.poster, loaded.poster.workloads[0], loaded.layout)
    assert 'label="x\\"]; node [shape=circle"' in plan.dot


def _arranged(loaded, workload=0):
    wid = loaded.poster.workloads[workload].id
    return wid, arrange(loaded.poster, loaded.layout, [wid], LayoutCache(None))


def _placed(loaded, workload=0):
    wid, arranged = _arranged(loaded, workload)
    return arranged.plans[wid], arranged.geometries[wid]


def test_the_dot_gives_graphviz_one_rank_per_column_and_a_spacer_per_channel(loaded):
    plan = plan_workload(loaded.poster, loaded.poster.workloads[0], loaded.layout)
    assert "rankdir=LR" in plan.dot
    ranks = [line for line in plan.dot.splitlines() if line.strip().startswith("{rank=same;")]
    spacers = [r for r in ranks if "channel__" in r]
    # user | edge | chat server over db; a channel after each (the last for a U-turn)
    assert len(ranks) - len(spacers) == 3 and len(spacers) == 3
    assert '{rank=same; "node"; db}' in plan.dot and '"node" -> db [weight=1]' in plan.dot  # order
    assert 'fixedsize=true' in plan.dot


@pytest.mark.exe
def test_graphviz_places_the_boxes_and_its_output_is_kept(loaded):
    import json
    wid, arranged = _arranged(loaded)
    assert arranged.dot_runs == 1
    data = json.loads(arranged.layouts[wid])
    gv = data["graphviz"]
    assert {o["name"] for o in gv["objects"] if "pos" in o} >= {"user", "edge", "node", "db", "channel__0"}
    # the columns stand where Graphviz put them (the drawing starts at the first column's left
    # edge; a box keeps its measured width, Graphviz's is rounded to whole points)
    centre = {o["name"]: float(o["pos"].split(",")[0]) for o in gv["objects"] if "pos" in o}
    nodes = arranged.geometries[wid].nodes
    shift = {rid: box.cx - centre[rid] for rid, box in nodes.items()}
    assert max(shift.values()) - min(shift.values()) < 1.0 and abs(shift["user"]) < 1.0, shift


@pytest.mark.exe
def test_zones_run_left_to_right(loaded):
    plan, geometry = _placed(loaded)
    x = {rid: box.cx for rid, box in geometry.nodes.items()}
    gates = [geometry.gates[g][0] for g, _, _ in plan.gates]
    assert x["user"] < gates[0] < x["edge"] < gates[1] < x["node"]
    for e in plan.edges:  # no label sits on a firewall
        label = geometry.edges[e.id].label
        assert all(not (label.x <= gx <= label.x + label.w) for gx in gates)


@pytest.mark.exe
def test_lines_are_right_angled_and_end_on_their_boxes(loaded):
    plan, geometry = _placed(loaded)
    for e in plan.edges:
        pts = geometry.edges[e.id].points
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            assert abs(x0 - x1) < 1e-6 or abs(y0 - y1) < 1e-6, (e.id, pts)
        for rid, (x, y) in ((e.tail, pts[0]), (e.head, pts[-1])):
            box = geometry.nodes[rid]
            assert x in (pytest.approx(box.x), pytest.approx(box.x + box.w)), (e.id, rid)
            assert box.y < y < box.y + box.h, (e.id, rid)


@pytest.mark.exe
def test_a_note_becomes_a_numbered_row(loaded):
    plan, _ = _placed(loaded)
    assert plan.notes == ((1, "Inner hop"),)
    marked = [t for e in plan.edges for t in e.lines if t.marker]
    assert [t.marker for t in marked] == [1] and marked[0].text == "SIP/MTLS 5061"


@pytest.mark.exe
def test_site_plan_column_and_order(mini):
    roles = mini / "roles.yaml"
    text = roles.read_text()
    # the database before the chat server, in a column of its own to the left of it
    roles.write_text(text.replace("zone: internal, kind: storage}", "zone: internal, kind: storage, order: -1}"))
    loaded = pipeline.load(mini)
    _, geometry = _placed(loaded)
    node, db = geometry.nodes["node"], geometry.nodes["db"]
    assert node.x == db.x and db.y > node.y  # one column, the database on top (y up)
    roles.write_text(text.replace("zone: internal, kind: storage}", "zone: internal, kind: storage, column: 2}"))
    _, geometry = _placed(pipeline.load(mini))
    assert geometry.nodes["db"].x > geometry.nodes["node"].x + geometry.nodes["node"].w


@pytest.mark.exe
def test_layout_is_deterministic(loaded):
    wid, first = _arranged(loaded)
    _, again = _arranged(loaded)
    assert first.layouts[wid] == again.layouts[wid] and first.plans[wid].dot == again.plans[wid].dot


@pytest.mark.exe
def test_a_column_stands_where_graphviz_put_it_within_the_room(loaded):
    """Graphviz decides a column's height: move the remote user down in Graphviz's output and
    the box follows (as far as the tallest column leaves room); the row grid ignores it."""
    import dataclasses

    from posterbuild.graph.arrange import run_all
    from posterbuild.graph.dot_build import plan_and_measure
    from posterbuild.graph.positions import parse_positions
    from posterbuild.graph.place import place

    plan, m = plan_and_measure(loaded.poster, loaded.poster.workloads[0], loaded.layout)
    pos = parse_positions(run_all({"chat": plan.dot})[0]["chat"])
    follow = dataclasses.replace(plan, follows_graphviz=True)
    tops = {}
    for dy in (-500.0, 500.0):  # far above, far below: the box goes to the top, then the bottom
        moved = dataclasses.replace(pos, nodes={**pos.nodes, "user": (pos.nodes["user"][0], pos.nodes["user"][1] + dy)})
        tops[dy] = place(loaded.poster, follow, m, moved).nodes["user"].y
        assert place(loaded.poster, plan, m, moved).nodes["user"].y == \
            place(loaded.poster, plan, m, pos).nodes["user"].y  # the grid reading ignores Graphviz's y
    assert tops[-500.0] > tops[500.0] + 10  # PDF y runs up: moved up in Graphviz, higher on the sheet
