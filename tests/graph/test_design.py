"""The design targets of the default poster, measured on what was drawn (``posterbuild.lint``)."""

from __future__ import annotations

import pytest

from posterbuild.graph.site import site_plan
from posterbuild.lint import TARGETS, lint, text_sizes


@pytest.fixture(scope="module")
def report(lync):
    return {q.workload: q for q in lint(lync.built)}


def test_few_crossings(report):
    assert {w: q.crossings for w, q in report.items() if q.crossings > TARGETS["crossings"]} == {}


def test_space_used(report):
    over = {w: q.empty_fraction for w, q in report.items() if q.empty_fraction > TARGETS["empty_fraction"]}
    assert over == {}


def test_no_line_through_a_box_a_title_or_another_label(report):
    for q in report.values():
        assert (q.lines_through_boxes, q.lines_through_titles, q.lines_through_labels) == (0, 0, 0), q.workload


def test_every_line_has_its_own_attach_points(report):
    assert {w: q.shared_attach_points for w, q in report.items() if q.shared_attach_points} == {}


def test_labels_sit_on_their_lines_and_lines_cross_walls_level(report):
    for q in report.values():
        assert q.max_label_distance_pt == 0.0, q.workload
        assert q.max_firewall_angle_deg <= TARGETS["max_firewall_angle_deg"], q.workload


def test_one_type_scale(lync, report):
    node = lync.built.layout.text["node"].size
    assert all(node in q.text_sizes for q in report.values())
    sizes = text_sizes(lync.pdf_path.read_bytes())
    assert len(sizes) <= TARGETS["distinct_text_sizes"], sizes
    # role names print at the layout's size in every quadrant (read back from the PDF)
    in_boxes = set()
    for placement in lync.built.placements.values():
        for box in placement.drawn.boxes.values():
            in_boxes |= {round(w["size"], 1) for w in lync.words
                         if box.x <= w["x0"] and w["x1"] <= box.right
                         and box.y <= lync.page_height - w["bottom"] and lync.page_height - w["top"] <= box.top}
    assert in_boxes == {round(node, 1)}, in_boxes


def test_one_site_plan(lync):
    """A role stands in the same column, in the same order, in every quadrant it appears in."""
    plan = {rid: (col.zone, col.index, i) for col in site_plan(lync.loaded.poster)
            for i, rid in enumerate(col.roles)}
    for wid, geometry in lync.built.geometries.items():
        boxes = geometry.nodes
        for a in boxes:
            for b in boxes:
                za, ca, ia = plan[a]
                zb, cb, ib = plan[b]
                if za == zb and ca == cb and ia < ib:  # same column: a above b
                    assert boxes[a].x == boxes[b].x and boxes[a].y > boxes[b].y, (wid, a, b)
                if za == zb and ca < cb:  # a column further left
                    assert boxes[a].x + boxes[a].w < boxes[b].x, (wid, a, b)


@pytest.mark.exe
def test_a_denser_poster_keeps_the_rules(tmp_path):
    """Half as many connections again (new ports between connected roles, new pairs of roles),
    on a larger sheet: still no line through a box, title or label, every line its own ends,
    every label on its line, every wall crossed level."""
    import random
    import shutil

    import yaml

    from tests.conftest import LYNC, ROOT
    from posterbuild import pipeline

    shutil.copytree(LYNC, tmp_path / "data" / "lync2010", ignore=shutil.ignore_patterns("releases"))
    for part in ("layouts", "fonts"):
        shutil.copytree(ROOT / part, tmp_path / part)
    layout = tmp_path / "layouts" / "default.yaml"
    layout.write_text(layout.read_text().replace("page: {width: 48in, height: 36in}",
                                                 "page: {width: 60in, height: 44in}"))
    rng = random.Random(7)
    added = 0
    for path in sorted((tmp_path / "data" / "lync2010" / "workloads").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        conns = data["connections"]
        roles = sorted({c["from"] for c in conns} | {c["to"] for c in conns})
        for i in range(len(conns) // 2):
            if i % 2 == 0:
                extra = {k: v for k, v in conns[i].items() if k != "note"}
            else:
                a, b = rng.sample(roles, 2)
                extra = {"from": a, "to": b, "source": "poster 5.15"}
            extra.update(protocol=rng.choice(["https", "sip", "sql", "rtp"]), transport="TCP",
                         port=40000 + i)
            conns.append(extra)
            added += 1
        path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert added > 40
    built = pipeline.build(pipeline.load(tmp_path / "data" / "lync2010"))
    for q in lint(built):
        assert (q.lines_through_boxes, q.lines_through_titles, q.lines_through_labels,
                q.shared_attach_points) == (0, 0, 0, 0), q
        assert q.max_label_distance_pt == 0.0 and q.max_firewall_angle_deg == 0.0, q


def test_callout_steps_are_numbered_on_the_diagram(lync):
    """Connections that are steps of a callout carry the step's number on their label."""
    steps = {(wid, t.step) for wid, plan in lync.built.plans.items() for e in plan.edges
             for t in e.lines if t.step}
    assert {("im-presence", 2), ("im-presence", 3), ("im-presence", 4)} <= steps


def test_a_step_of_an_unknown_callout_is_refused(mini, tmp_path):
    from tests.commands.test_build_cli import _run
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("    port: 443\n", "    port: 443\n    step: {callout: nope, number: 1}\n", 1))
    proc = _run("build", str(mini), "-o", str(tmp_path / "x.pdf"))
    assert proc.returncode == 2
    assert "chat.yaml:9: connections[0].step.callout: unknown callout 'nope' (this workload has no callouts)" in proc.stderr, proc.stderr


def test_pools_stay_inside_their_panels(lync):
    """A pool in a diagram's first column (the Edge pool in CMS) keeps its padding inside the panel."""
    from posterbuild.page.paint import PANEL_PAD
    for wid, placement in lync.built.placements.items():
        r = placement.drawn.rect.inset(PANEL_PAD)
        for pool in placement.drawn.pools:
            assert r.x - 0.5 <= pool.x and pool.right <= r.right + 0.5, wid


@pytest.mark.exe
def test_the_second_poster_meets_the_same_targets():
    """The Skype for Business poster, on the same default layout and its own site plan."""
    from posterbuild import pipeline
    from tests.conftest import ROOT
    built = pipeline.build(pipeline.load(ROOT / "data" / "sfb2015"))
    for q in lint(built):
        assert q.crossings <= TARGETS["crossings"], (q.workload, q.crossings)
        assert q.empty_fraction <= TARGETS["empty_fraction"], (q.workload, q.empty_fraction)
        assert q.problems == 0 and q.max_label_distance_pt == 0.0, q
        assert q.max_firewall_angle_deg <= TARGETS["max_firewall_angle_deg"], q.workload
    assert len(text_sizes(built.pdf)) <= TARGETS["distinct_text_sizes"]
