"""draw.io export, checked against what diagrams.net reads: one <diagram> per page holding an
uncompressed <mxGraphModel><root>; unique ids; every edge's source and target an existing
vertex; geometry on every cell; orthogonal edges with the PDF's waypoints; containers.

diagrams.net's desktop build cannot be fetched here (no network but the package registries), so
the file is validated structurally, as diagrams.net's own loader walks it (mxCodec: cells by id,
parent before child, edges by source and target)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from posterbuild.exports.drawio import DRAWIO_HEAD, drawio_file

pytestmark = pytest.mark.exe


@pytest.fixture(scope="module")
def drawio(lync) -> tuple[bytes, list[str]]:
    b = lync.built
    ids = list(b.plans)
    return drawio_file(lync.loaded.poster, b.layout, b.plans, {w: b.placements[w].drawn for w in ids}, ids), ids


def _style(cell: ET.Element) -> dict[str, str]:
    out = {}
    for part in cell.get("style", "").split(";"):
        if part:
            k, _, v = part.partition("=")
            out[k] = v
    return out


def test_one_page_per_diagram_and_cells_as_diagrams_net_reads_them(lync, drawio):
    data, ids = drawio
    assert data.startswith(DRAWIO_HEAD)
    mxfile = ET.fromstring(data)
    assert mxfile.tag == "mxfile"
    pages = mxfile.findall("diagram")
    assert [p.get("name") for p in pages] == [lync.loaded.poster.workload(w).title for w in ids]
    all_ids: list[str] = []
    for page in pages:
        root = page.find("mxGraphModel/root")
        assert root is not None, "uncompressed: the model is XML, not a deflated string"
        cells = root.findall("mxCell")
        all_ids += [c.get("id") for c in cells]
        by_id = {c.get("id"): c for c in cells}
        seen: set[str] = set()
        for c in cells:  # a parent comes before its children, as mxCodec needs
            if c.get("parent") is not None:
                assert c.get("parent") in seen, c.get("id")
            seen.add(c.get("id"))
            if c.get("vertex") == "1":
                g = c.find("mxGeometry")
                assert g is not None and g.get("as") == "geometry"
                assert float(g.get("width")) > 0 and float(g.get("height")) > 0
        edges = [c for c in cells if c.get("edge") == "1"]
        assert edges
        for e in edges:
            for end in ("source", "target"):
                assert by_id.get(e.get(end)) is not None and by_id[e.get(end)].get("vertex") == "1", e.get("id")
                assert ".role." in e.get(end)
            assert _style(e)["edgeStyle"] == "orthogonalEdgeStyle"
            g = e.find("mxGeometry")
            assert g is not None and g.get("relative") == "1"
            assert g.find("mxPoint[@as='offset']") is not None  # the label where the PDF has it
            assert e.get("value")
    assert len(all_ids) == len(set(all_ids)), "ids unique across the file"


def test_edges_keep_the_pdfs_route_and_ends(lync, drawio):
    data, ids = drawio
    mxfile = ET.fromstring(data)
    b = lync.built
    page = mxfile.find("diagram[@id='page-im-presence']")
    cells = {c.get("id"): c for c in page.iter("mxCell")}
    drawn = b.placements["im-presence"].drawn
    top, left = drawn.rect.top, drawn.rect.x

    def absolute(cid: str) -> tuple[float, float]:
        x = y = 0.0
        while cid in cells and cells[cid].find("mxGeometry") is not None:
            g = cells[cid].find("mxGeometry")
            x, y = x + float(g.get("x", 0)), y + float(g.get("y", 0))
            cid = cells[cid].get("parent")
        return x, y

    for e in b.plans["im-presence"].edges:
        cell = cells[f"im-presence.connection.{e.id}"]
        assert cell.get("source") == f"im-presence.role.{e.tail}" and cell.get("target") == f"im-presence.role.{e.head}"
        pts = [(float(p.get("x")), float(p.get("y"))) for p in cell.findall("mxGeometry/Array/mxPoint")]
        want = [(x - left, top - y) for x, y in drawn.lines[e.id]][1:-1]
        assert [v for p in pts for v in p] == pytest.approx([v for p in want for v in p], abs=0.01)
        style = _style(cell)  # the attach points: where the PDF's line leaves and enters the boxes
        sx, sy = absolute(cell.get("source"))
        src = drawn.boxes[e.tail]
        first = drawn.lines[e.id][0]
        assert sx + float(style["exitX"]) * src.w == pytest.approx(first[0] - left, abs=0.05)
        assert sy + float(style["exitY"]) * src.h == pytest.approx(top - first[1], abs=0.05)
        # the box itself sits where the PDF drew it, whatever container holds it
        assert (sx, sy) == pytest.approx((src.x - left, top - src.top), abs=0.02)


def test_zones_and_pools_are_containers_that_hold_their_roles(lync, drawio):
    data, _ = drawio
    page = ET.fromstring(data).find("diagram[@id='page-im-presence']")
    cells = {c.get("id"): c for c in page.iter("mxCell")}
    pools = [c for cid, c in cells.items() if ".pool." in cid]
    zones = [c for cid, c in cells.items() if ".zone." in cid]
    assert pools and zones
    assert all(_style(c).get("container") == "1" for c in pools + zones)
    assert all(cells[p.get("parent")] in zones for p in pools)  # a pool stands in its zone
    in_pool = [c for cid, c in cells.items() if ".role." in cid and ".pool." in c.get("parent")]
    assert in_pool, "roles of a pool are its children: moving the pool moves them"
    firewalls = [c for cid, c in cells.items() if ".firewall." in cid]
    assert {c.get("value") for c in firewalls} == {"External firewall", "Internal firewall"}


MXGRAPH = Path(__file__).resolve().parents[2] / "web" / "node_modules" / "mxgraph" / "javascript" / "mxClient.min.js"
CHROMIUM = Path("/usr/bin/chromium")


@pytest.mark.browser
def test_mxgraph_reads_every_page_and_moving_a_box_drags_its_lines(drawio, tmp_path):
    """diagrams.net's engine (mxGraph, from the npm registry) decodes each page in Chromium: every
    edge ends on two vertices, and moving an edge's source box moves the line's end with it."""
    from playwright.sync_api import sync_playwright
    data, ids = drawio
    assert MXGRAPH.is_file(), "npm ci in web/ installs mxgraph (a dev dependency)"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": 1700, "height": 900})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.add_init_script("window.mxLoadResources = false; window.mxLoadStylesheets = false;"
                                 "window.mxBasePath = '.'; window.mxImageBasePath = '.';")
            page.set_content('<!doctype html><body style="margin:0"><div id="g" style="position:relative;'
                             'width:1700px;height:900px;overflow:hidden"></div></body>')
            page.add_script_tag(path=str(MXGRAPH))
            pages = page.evaluate("""(xml) => {
              const doc = mxUtils.parseXml(xml);
              return Array.from(doc.documentElement.getElementsByTagName('diagram')).map((d, i) => {
                const model = new mxGraphModel();
                new mxCodec(doc).decode(d.getElementsByTagName('mxGraphModel')[0], model);
                const graph = new mxGraph(i === 0 ? document.getElementById('g') : document.createElement('div'), model);
                const edges = Object.values(model.cells).filter(c => model.isEdge(c));
                const ended = edges.filter(e => model.isVertex(model.getTerminal(e, true))
                                             && model.isVertex(model.getTerminal(e, false)));
                const drawn = edges.filter(e => graph.view.getState(e) && graph.view.getState(e).absolutePoints.length >= 2);
                const e0 = edges[0], src = model.getTerminal(e0, true);
                const before = graph.view.getState(e0).absolutePoints[0].x;
                const boxBefore = graph.view.getState(src).x;
                graph.moveCells([src], 20, 0);
                const moved = graph.view.getState(src).x - boxBefore;
                const followed = graph.view.getState(e0).absolutePoints[0].x - before;
                if (i === 0) { graph.moveCells([src], -20, 0); }
                return {name: d.getAttribute('name'), edges: edges.length, ended: ended.length, drawn: drawn.length,
                        moved: moved, followed: followed};
              });
            }""", data.decode("utf-8"))
            page.screenshot(path=str(tmp_path / "drawio-page-1.png"))
        finally:
            browser.close()
    assert errors == []
    assert len(pages) == len(ids)
    for pg in pages:
        assert pg["edges"] > 0 and pg["ended"] == pg["edges"] == pg["drawn"], pg
        assert pg["moved"] > 0 and pg["followed"] == pytest.approx(pg["moved"], abs=0.5), pg
