"""The deep-zoom site: files, tiles and search positions, and a real browser that searches."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from posterbuild import pipeline
from posterbuild.web.pyramid import TILE, plan_pyramid
from posterbuild.web.site import write_site
from tests.conftest import LYNC

pytestmark = pytest.mark.exe
CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    loaded = pipeline.load(LYNC)
    built = pipeline.build(loaded)
    out = tmp_path_factory.mktemp("web") / "site"
    return loaded, built, write_site(loaded, built, out, dpi=40)


def _data(folder: Path) -> dict:
    text = (folder / "poster-data.js").read_text()
    return json.loads(re.fullmatch(r"window\.POSTER = (.*);\n", text, re.S).group(1))


def test_site_is_self_contained(site):
    loaded, _, result = site
    folder = result.folder
    page = (folder / "index.html").read_text()
    assert f"Version {loaded.poster.meta.version}" in page
    for ref in re.findall(r'(?:src|href)="([^"]+)"', page):
        assert not ref.startswith(("http:", "https:", "//")), ref  # no network
        assert (folder / ref).is_file(), ref
    assert (folder / "openseadragon" / "images").is_dir()
    assert 'TileSize="254"' in (folder / "poster.dzi").read_text()


def test_every_tile_of_the_pyramid_is_there(site):
    loaded, _, result = site
    pyramid = plan_pyramid(loaded.layout.width, loaded.layout.height, 40)
    files = list((result.folder / "poster_files").rglob("*.jpg"))
    assert len(files) == pyramid.tiles() == result.tiles
    top = pyramid.levels - 1
    w, h = pyramid.level_size(top)
    cols, rows = -(-w // TILE), -(-h // TILE)
    assert (result.folder / "poster_files" / str(top) / f"{cols - 1}_{rows - 1}.jpg").is_file()
    assert not (result.folder / "poster_files" / str(top) / f"{cols}_0.jpg").exists()


def test_search_positions_come_from_the_layout(site):
    loaded, built, result = site
    index = _data(result.folder)["index"]
    hits = [e for e in index if "5062" in e["text"]]
    assert hits and all(e["kind"] == "connection" for e in hits)
    # the entry lies inside its workload panel on the sheet
    panels = {e["text"]: e for e in index if e["kind"] == "panel"}
    for e in hits:
        p = panels[e["workload"]]
        assert p["x"] <= e["x"] and e["x"] + e["w"] <= p["x"] + p["w"]
        assert p["y"] <= e["y"] and e["y"] + e["h"] <= p["y"] + p["h"]
    roles = {e["text"] for e in index if e["kind"] == "role"}
    assert "Edge internal interface" in roles


@pytest.mark.browser
def test_browser_zooms_and_searches_5062(site, tmp_path):
    from playwright.sync_api import sync_playwright
    _, _, result = site
    assert CHROMIUM.is_file(), "make test installs Debian's chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((result.folder / "index.html").as_uri())  # file://: the hard case
            page.wait_for_function("window.posterViewer && posterViewer.world.getItemCount() === 1 "
                                   "&& posterViewer.world.getItemAt(0).getFullyLoaded()", timeout=30000)
            page.evaluate("posterViewer.viewport.zoomTo(3, null, true)")
            zoomed = page.evaluate("posterViewer.viewport.getZoom(true)")
            assert zoomed == pytest.approx(3, rel=0.01)
            page.fill("#q", "5062")
            page.click("button[type=submit]")
            page.wait_for_function("window.posterLastMatch !== undefined")
            time.sleep(1.5)  # the fly-to animation
            match = page.evaluate("window.posterLastMatch")
            center = page.evaluate("(() => { const c = posterViewer.viewport.getCenter(true);"
                                   " return [c.x, c.y, posterViewer.viewport.getZoom(true)]; })()")
            page.screenshot(path=str(tmp_path / "search-5062.png"))
            assert "5062" in match["text"]
            assert center[0] == pytest.approx(match["x"] + match["w"] / 2, abs=0.01)
            assert center[1] == pytest.approx(match["y"] + match["h"] / 2, abs=0.01)
            assert center[2] > 5  # flew in close
            assert "match" in page.text_content("#count")
            assert errors == []
        finally:
            browser.close()


def test_overlay_is_the_placed_geometry_in_sheet_points(site):
    loaded, built, result = site
    overlay = json.loads((result.folder / "overlay.json").read_text())
    assert overlay == _data(result.folder)["overlay"]  # the same data, also for file://
    height = built.layout.height
    d = next(x for x in overlay["diagrams"] if x["workload"] == "im-presence")
    drawn = built.placements["im-presence"].drawn
    for line in d["lines"]:  # every point as drawn, y turned to run down from the top edge
        assert line["points"] == [[round(x, 2), round(height - y, 2)] for x, y in drawn.lines[line["id"]]]
        pill = drawn.pills[line["id"]]
        assert line["label"] == [round(pill.x, 2), round(height - pill.top, 2), round(pill.w, 2), round(pill.h, 2)]
        assert line["rules"]
    rules = overlay["rules"]
    edge = next(x for x in d["lines"] if x["tail"] == "access-edge" or x["head"] == "access-edge")
    assert all("access-edge" in (rules[i]["from"], rules[i]["to"]) for i in edge["rules"])
    external = overlay["firewalls"]["internet-perimeter"]
    assert external["name"] == "External firewall" and external["rules"]
    assert all(rules[i]["source"] for i in external["rules"])
    assert {w["firewall"] for w in d["walls"]} == {"internet-perimeter", "perimeter-internal"}


def _browser(p):
    return p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=[
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"])


def _open(page, url: str) -> None:
    page.goto(url)
    page.wait_for_function("window.posterViewer && posterViewer.world.getItemCount() === 1 "
                           "&& posterViewer.world.getItemAt(0).getFullyLoaded()", timeout=30000)


@pytest.mark.browser
def test_viewer_answers_for_a_role_a_firewall_and_from_the_url(site, tmp_path):
    from playwright.sync_api import sync_playwright
    _, _, result = site
    overlay = json.loads((result.folder / "overlay.json").read_text())
    role_rules = [r for r in overlay["rules"] if "access-edge" in (r["from"], r["to"])]
    with sync_playwright() as p:
        browser = _browser(p)
        try:
            page = browser.new_page(viewport={"width": 1300, "height": 820})
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            _open(page, (result.folder / "index.html").as_uri())
            # click the Access Edge box on the poster, where the overlay says it is
            d = next(x for x in overlay["diagrams"] if x["workload"] == "im-presence")
            x, y, w, h = d["boxes"]["access-edge"]
            page.evaluate(f"posterViewer.viewport.fitBounds(new OpenSeadragon.Rect({(x - 40) / overlay['width']}, "
                          f"{(y - 40) / overlay['width']}, {(w + 80) / overlay['width']}, {(h + 80) / overlay['width']}), true)")
            time.sleep(0.5)
            px = page.evaluate(f"(() => {{ const q = posterViewer.viewport.pixelFromPoint(new OpenSeadragon.Point("
                               f"{(x + w / 2) / overlay['width']}, {(y + h / 2) / overlay['width']}), true);"
                               " const r = posterViewer.canvas.getBoundingClientRect(); return [q.x + r.left, q.y + r.top]; })()")
            page.mouse.click(px[0], px[1])
            page.wait_for_function("window.posterSelection && posterSelection.kind === 'role'")
            selection = page.evaluate("window.posterSelection")
            assert selection["id"] == "access-edge"
            lines = sum(1 for dd in overlay["diagrams"] for ln in dd["lines"] if "access-edge" in (ln["tail"], ln["head"]))
            assert selection["lines"] == lines > 0
            # highlighted on the poster: one coloured line per connection over the dimming
            assert page.locator(".answer-overlay polyline.line").count() == lines
            assert page.locator(".answer-overlay rect.dim").count() == 1
            # the list: every rule of the role, as text, focusable, in a live region
            items = page.locator("#rules li")
            assert items.count() == len(role_rules)
            assert "Access Edge" in page.text_content("#details-title")
            first = role_rules[0]
            assert first["protocol"] in items.nth(0).text_content() and first["port"] in items.nth(0).text_content()
            assert items.nth(0).get_attribute("tabindex") == "0"
            assert page.get_attribute("#details-summary", "aria-live") == "polite"
            assert page.evaluate("location.hash") == "#role=access-edge"
            page.keyboard.press("Tab")
            page.screenshot(path=str(tmp_path / "viewer-role.png"))
            # the firewall view: every rule that crosses it
            page.evaluate("posterSelect('firewall', 'internet-perimeter', {fly: true})")
            crossing = overlay["firewalls"]["internet-perimeter"]["rules"]
            assert page.locator("#rules li").count() == len(crossing)
            assert page.locator(".answer-overlay rect.wall-hit").count() >= 4
            page.screenshot(path=str(tmp_path / "viewer-firewall.png"))
            # the URL restores a view in a new page
            other = browser.new_page(viewport={"width": 1300, "height": 820})
            _open(other, (result.folder / "index.html").as_uri() + "#role=access-edge")
            other.wait_for_function("window.posterSelection && posterSelection.id === 'access-edge'")
            assert other.locator("#rules li").count() == len(role_rules)
            # it flies to the role's lines and to the boxes at both their ends (the far ends were cut off)
            view = other.evaluate("(() => { const b = posterViewer.viewport.getBounds(false);"
                                  " return [b.x, b.y, b.width, b.height]; })()")
            vx, vy, vw, vh = (v * overlay["width"] for v in view)
            for dd in overlay["diagrams"]:
                for ln in dd["lines"]:
                    if "access-edge" in (ln["tail"], ln["head"]):
                        for end in (ln["tail"], ln["head"]):
                            bx, by, bw, bh = dd["boxes"][end]
                            assert vx - 1 <= bx and bx + bw <= vx + vw + 1, (dd["workload"], end)
                            assert vy - 1 <= by and by + bh <= vy + vh + 1, (dd["workload"], end)
            # Escape clears it
            other.keyboard.press("Escape")
            assert other.evaluate("window.posterSelection") is None and other.locator("#rules li").count() == 0
            assert errors == []
        finally:
            browser.close()
