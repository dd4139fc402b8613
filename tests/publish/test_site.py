"""`posterbuild site`: every link resolves inside the site, the data is escaped, the feed is
Atom, an unchanged site is not made again, a folder it did not write is refused, and the ports
filter works in a real browser."""

from __future__ import annotations

import os
import shutil
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from posterbuild.core.errors import PosterError
from posterbuild.publish.site.build import write_posters_site
from posterbuild.publish.site.feed import ATOM
from posterbuild.source.snapshot import published_versions
from tests.conftest import LYNC, ROOT
from tests.helpers import cli, tree

pytestmark = pytest.mark.exe
SFB = ROOT / "data" / "sfb2015"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site") / "site"
    first = write_posters_site([LYNC, SFB], out, dpi=20)
    again = write_posters_site([LYNC, SFB], out, dpi=20)
    return out, first, again


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.links += [v for k, v in attrs if k in ("href", "src") and v]


def test_every_link_resolves_to_a_file_of_the_site(site):
    out, _, _ = site
    pages = list(out.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        assert set(parser.tags) <= {"html", "head", "meta", "title", "link", "body", "header", "p", "a",
                                    "nav", "main", "h1", "h2", "h3", "ul", "li", "img", "div", "span",
                                    "strong", "br", "table", "thead", "tbody", "tr", "th", "td", "form",
                                    "label", "select", "option", "input", "output", "script", "ol",
                                    "button", "del", "ins", "aside", "section"}, page
        for link in parser.links:
            if link.startswith(("https://", "http://", "mailto:")):
                continue
            target = (page.parent / link.split("#")[0]).resolve()
            assert target.is_file() and target.is_relative_to(out.resolve()), (page, link)


def test_each_published_version_has_its_pdf_and_release_notes(site):
    out, first, _ = site
    lync = next(p for p in first.posters if p.slug == "lync2010")
    published = published_versions(ROOT / "data" / "lync2010")
    assert [r.version for r in lync.releases] == published[::-1] and {"5.16", "5.15"} <= set(published)
    for r in lync.releases:
        assert (out / r.pdf).read_bytes().startswith(b"%PDF-")
    notes = (out / "lync2010" / "v5.16.html").read_text(encoding="utf-8")
    assert "change(s) from version 5.15" in notes and "Rob L." in notes


@pytest.mark.parametrize("version", ["5.17", "5.15"])
def test_a_published_pdf_is_the_one_its_snapshot_builds_without_the_cache(site, tmp_path, version):
    """The site's PDF of a published version (made through the build cache, or kept from the
    previous site) is byte for byte `build DIR@X.Y` with no cache at all."""
    out, _, _ = site
    env = dict(os.environ, POSTERBUILD_CACHE="0")
    proc = cli("build", f"data/lync2010@{version}", "-o", str(tmp_path / "rebuilt.pdf"), cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    rebuilt = (tmp_path / "rebuilt.pdf").read_bytes()
    assert rebuilt.startswith(b"%PDF-")
    assert (out / "lync2010" / f"lync2010-v{version}.pdf").read_bytes() == rebuilt


def test_the_feed_is_atom(site):
    out, _, _ = site
    root = ET.parse(out / "lync2010" / "feed.xml").getroot()
    assert root.tag == f"{{{ATOM}}}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{{{ATOM}}}{name}").text
    entries = root.findall(f"{{{ATOM}}}entry")
    assert len(entries) == len(published_versions(ROOT / "data" / "lync2010"))
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{{{ATOM}}}{name}").text
        href = entry.find(f"{{{ATOM}}}link[@rel='alternate']").get("href")
        assert (out / "lync2010" / href).is_file()


def test_an_unchanged_site_is_not_made_again(site):
    _, first, again = site
    assert first.made > 0 and again.made == 0 and again.reused == first.made + first.reused


def test_a_folder_it_did_not_write_is_refused(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep me")
    with pytest.raises(PosterError, match="is not empty"):
        write_posters_site([SFB], mine, dpi=20)
    assert (mine / "notes.txt").read_text() == "keep me" and len(list(mine.iterdir())) == 1


def test_a_failed_run_leaves_the_previous_site_whole(site, tmp_path):
    out, _, _ = site
    copy = tmp_path / "site"
    shutil.copytree(out, copy)
    before = tree(copy)
    bad = tmp_path / "bad"
    shutil.copytree(SFB, bad)
    (bad / "poster.yaml").write_text("title: [\n", encoding="utf-8")
    with pytest.raises(PosterError, match="poster.yaml"):
        write_posters_site([LYNC, bad], copy, dpi=20)
    assert tree(copy) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad", "site"]  # no .site.*.part left


def test_web_and_site_replace_each_others_sites_only(site, tmp_path):
    """One marker, one rule: a folder `web` wrote may become a site and back; a folder of the
    user's is refused by both, and left as it was."""
    out, _, _ = site
    viewer = tmp_path / "viewer"
    shutil.copytree(out / "lync2010" / "viewer", viewer)  # a folder `web` wrote
    write_posters_site([SFB], viewer, dpi=20)
    assert (viewer / "sfb2015" / "index.html").is_file() and not (viewer / "poster.dzi").exists()
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "index.html").write_text("my page", encoding="utf-8")
    proc = cli("web", str(LYNC), "-o", str(mine), "--dpi", "10", cwd=ROOT)
    assert proc.returncode == 2 and "is not empty and is not a site" in proc.stderr
    assert [p.name for p in mine.iterdir()] == ["index.html"] and (mine / "index.html").read_text() == "my page"


@pytest.mark.browser
def test_the_ports_table_filters_in_a_browser(site, tmp_path):
    from playwright.sync_api import sync_playwright
    out, _, _ = site
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page()
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto((out / "lync2010" / "ports.html").as_uri())
            total = page.evaluate("document.querySelectorAll('#ports tbody tr').length")
            page.select_option("#f-workload", "Enterprise Voice")
            page.fill("#f-port", "5068")
            shown = page.evaluate("Array.from(document.querySelectorAll('#ports tbody tr'))"
                                  ".filter(r => !r.hidden).map(r => [r.cells[0].textContent, r.cells[5].textContent])")
            assert shown and all(w == "Enterprise Voice" and "5068" in port for w, port in shown)
            page.fill("#f-port", "55000")  # inside a range such as 50000-59999
            ranged = page.evaluate("Array.from(document.querySelectorAll('#ports tbody tr'))"
                                   ".filter(r => !r.hidden).map(r => r.cells[5].textContent)")
            assert ranged and all("-" in port for port in ranged)
            assert page.text_content("#f-count").endswith(f"of {total} connections")
            page.screenshot(path=str(tmp_path / "ports.png"))
            assert errors == []
        finally:
            browser.close()
