"""Model -> DOT: one quoting function, zones left to right, boxes sized by ReportLab."""

from __future__ import annotations

import pytest

from posterbuild import fonts, pipeline
from posterbuild.graph.dot_build import VARIANTS, plan_workload
from posterbuild.graph.geometry import parse_geometry
from posterbuild.graph.run_dot import layout_json


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


@pytest.mark.exe
@pytest.mark.parametrize("variant", VARIANTS)
def test_zones_run_left_to_right(loaded, variant):
    plan = plan_workload(loaded.poster, loaded.poster.workloads[0], loaded.layout, variant)
    geometry = parse_geometry(layout_json(plan.dot, name="chat"), plan)
    x = {rid: box.cx for rid, box in geometry.nodes.items()}
    gates = [geometry.gates[g][0] for g, _, _ in plan.gates]
    assert x["user"] < gates[0] < x["edge"] < gates[1] < x["node"] < x["db"]
    for e in plan.edges:  # no label sits on a firewall
        label = geometry.edges[e.id].label
        assert all(not (label.x <= gx <= label.x + label.w) for gx in gates)


@pytest.mark.exe
def test_layout_is_deterministic(loaded):
    plan = plan_workload(loaded.poster, loaded.poster.workloads[0], loaded.layout)
    assert layout_json(plan.dot, name="a") == layout_json(plan.dot, name="b")
