"""Hostile data on the site: a poster whose text holds HTML, script, quotes and `javascript:`
links is shown as text on every page (read back with html.parser: no element, attribute or
link comes from the data) and in the Atom feed (read back with an XML parser); a `feedback:`
that is not http(s) or mailto is refused at load."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from posterbuild.publish.site.build import write_posters_site
from posterbuild.publish.site.feed import ATOM
from tests.helpers import cli, refused

pytestmark = pytest.mark.exe

TITLE = '<script>alert("t")</script> & "Q" \'s <b>poster</b>'
PRODUCT = "<img src=x onerror=alert(1)>"
AUTHOR = '"A" <b>B</b> & C'
HOME = 'https://example.org/p?a=1&b="><script>alert(6)</script>'
FEEDBACK = 'https://example.org/report?x="onmouseover="alert(1)&y=<b>'
NOTE = '<script>alert(2)</script> "x"'
SOURCE = 'https://example.org/docs"><script>alert(3)</script>\'x'
ROLE = "Edge <i>server</i>"
RELEASE_NOTE = '<script>alert(4)</script> "fixed" & javascript:alert(5)'
CREDIT = '<b>Eve</b> "E"'
# what the data may put on a page: ours, never theirs
OUR_TAGS = {"html", "head", "meta", "title", "link", "body", "header", "p", "a", "nav", "main", "h1",
            "h2", "h3", "ul", "li", "img", "div", "span", "strong", "br", "table", "thead", "tbody",
            "tr", "th", "td", "form", "label", "select", "option", "input", "output", "script", "del",
            "ins"}


def _q(text: str) -> str:
    """A YAML single-quoted scalar."""
    return "'" + text.replace("'", "''") + "'"


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _hostile_poster(work: Path, *, feedback: str) -> Path:
    proc = cli("init", "evil", cwd=work)
    assert proc.returncode == 0, proc.stderr
    folder = work / "evil"
    poster = folder / "poster.yaml"
    _replace(poster, "title: Example Product Protocol Workloads Poster", f"title: {_q(TITLE)}")
    _replace(poster, "product: Example Product", f"product: {_q(PRODUCT)}")
    _replace(poster, "author: Your Name", f"author: {_q(AUTHOR)}")
    _replace(poster, "home: https://example.org/your-poster",
             f"home: {_q(HOME)}\nfeedback: {_q(feedback)}")
    workload = folder / "workloads" / "sign-in.yaml"
    _replace(workload, "note: Mutual TLS inside", f"note: {_q(NOTE)}")
    _replace(workload, "source: https://example.org/docs/ports", f"source: {_q(SOURCE)}")
    _replace(folder / "roles.yaml", "name: Edge server", f"name: {_q(ROLE)}")
    return folder


class _Page(HTMLParser):
    """Every element, attribute and link of a page, and its text as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.script_text: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        (self.script_text if self._in_script else self.text).append(data)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    work = tmp_path_factory.mktemp("hostile")
    folder = _hostile_poster(work, feedback=FEEDBACK)
    proc = cli("release", "evil", "--version", "0.2", "--note", RELEASE_NOTE, "--credit", CREDIT, cwd=work)
    assert proc.returncode == 0, proc.stderr
    out = work / "site"
    report = write_posters_site([folder], out, dpi=20)
    assert [p.status for p in report.posters] == ["published"]  # a poster whose layout extends the built-in one
    return out


def _pages(out: Path) -> dict[str, _Page]:
    pages = {}
    for path in sorted(out.glob("*.html")) + sorted((out / "evil").glob("*.html")):
        parser = _Page()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()
        pages[path.relative_to(out).as_posix()] = parser
    return pages


def test_no_element_attribute_or_script_comes_from_the_data(hostile_site):
    pages = _pages(hostile_site)
    assert {"index.html", "evil/index.html", "evil/ports.html", "evil/v0.2.html"} <= set(pages)
    for name, page in pages.items():
        tags = {tag for tag, _ in page.tags}
        assert tags <= OUR_TAGS, (name, tags - OUR_TAGS)
        for tag, attrs in page.tags:
            assert not any(a.startswith("on") for a in attrs), (name, tag, attrs)
            if tag == "script":
                assert attrs.get("src") == "../ports.js", (name, attrs)  # ours, no inline script
            if tag == "img":
                assert attrs["src"] in ("preview.png", "evil/preview.png"), (name, attrs)
        assert page.script_text == [], name


def test_every_link_is_ours_or_http_or_mailto(hostile_site):
    for name, page in _pages(hostile_site).items():
        for tag, attrs in page.tags:
            for key in ("href", "src"):
                link = attrs.get(key)
                if link is None:
                    continue
                assert not link.lower().lstrip().startswith(("javascript:", "data:", "vbscript:")), (name, link)
                if ":" in link.split("/")[0]:
                    assert link.startswith(("https://", "http://", "mailto:")), (name, link)


def test_the_hostile_text_is_shown_as_text(hostile_site):
    pages = _pages(hostile_site)
    home = " ".join(pages["evil/index.html"].text)
    for text in (TITLE, PRODUCT, AUTHOR, RELEASE_NOTE, "Eve"):
        assert text.replace("<b>Eve</b>", "Eve") in home or text in home, text
    assert CREDIT in " ".join(pages["evil/v0.2.html"].text)
    ports = pages["evil/ports.html"]
    ports_text = " ".join(ports.text)
    assert NOTE in ports_text and ROLE in ports_text
    # the whole URL, one attribute each (the cell's text is its short form)
    assert any(attrs.get("href") == SOURCE and attrs.get("title") == SOURCE for _, attrs in ports.tags)
    title = [t for t in pages["index.html"].text if TITLE in t]
    assert title  # the index names the poster by its whole title, as text


def test_links_from_the_data_keep_their_exact_value(hostile_site):
    """The quotes in `home` and `feedback` stay inside their attribute (escaped, read back whole)."""
    links = [attrs for tag, attrs in _pages(hostile_site)["evil/index.html"].tags if tag == "a"]
    hrefs = [a["href"] for a in links]
    assert HOME in hrefs and FEEDBACK in hrefs  # a URL with '?' keeps its own query, no subject
    report = next(a for a in links if a["href"] == FEEDBACK)
    assert set(report) <= {"href", "rel"}


def test_the_feed_parses_and_carries_the_text(hostile_site):
    root = ET.parse(hostile_site / "evil" / "feed.xml").getroot()
    assert root.tag == f"{{{ATOM}}}feed"
    assert root.find(f"{{{ATOM}}}title").text == f"{TITLE}: versions"
    assert root.find(f"{{{ATOM}}}author/{{{ATOM}}}name").text == AUTHOR
    (entry,) = root.findall(f"{{{ATOM}}}entry")
    summary = entry.find(f"{{{ATOM}}}summary")
    assert summary.get("type") in (None, "text") and len(summary) == 0  # text, no markup inside
    assert summary.text.startswith(RELEASE_NOTE) and CREDIT in summary.text


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)",
                                 "data:text/html,<script>alert(1)</script>", "vbscript:msgbox(1)",
                                 "file:///etc/passwd", "//example.org/x", "mailto"],
                         ids=["javascript", "mixed-case", "leading-space", "data", "vbscript", "file",
                              "scheme-relative", "no-colon"])
def test_a_feedback_link_that_is_not_http_or_mailto_is_refused_at_load(tmp_path, url):
    _hostile_poster(tmp_path, feedback=url)
    refused(cli("check", "evil", cwd=tmp_path), "poster.yaml", "feedback")


def test_a_source_that_is_not_a_documentation_url_is_refused_at_load(tmp_path):
    folder = _hostile_poster(tmp_path, feedback=FEEDBACK)
    _replace(folder / "workloads" / "sign-in.yaml", f"source: {_q(SOURCE)}", "source: 'javascript:alert(3)'")
    refused(cli("check", "evil", cwd=tmp_path), "sign-in.yaml", "source", "javascript:alert(3)")
