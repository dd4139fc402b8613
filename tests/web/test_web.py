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
