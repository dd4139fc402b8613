"""Text fuzzing: every text field of the data hostile, every output read back by a real parser.

Each case copies the test poster (with a callout, a history and notes added, so that every kind
of text field exists) and fills every text field with a hostile string: formula starts (``=``,
``+``, ``-``, ``@``, tab), HTML and script, Markdown (pipes, brackets, backticks, line breaks),
DOT syntax (quotes, braces, ``->``, keywords, HTML-like labels), right-to-left text and marks,
emoji, text up to the 400-character limit; URLs and sources get links a schema lets through
(``http:///etc/passwd``, quotes and tags in the path). A quarter of the cases also put a
control character, a bidi override, a line separator, a CR or a noncharacter in one to three
fields: ``check`` and ``build`` must refuse them, exit 2, each once with its file, line and field.

Every other case runs the real commands and reads each output back:

- ``ports --format csv``: the ``csv`` module; as many cells as columns, each equal to the JSON
  output's value, with the single quote OWASP prescribes before ``=``, ``+``, ``-``, ``@``, tab;
- ``ports --format markdown`` and ``diff --format markdown``: markdown-it (CommonMark + tables)
  and ``html.parser``: only the table/list tags, every cell equal to the data;
- ``ports``/``diff --format json`` and the layout JSON beside the PDF: ``json``;
- the DOT files beside the PDF: ``dot -Tjson`` parses them; the visible nodes are the roles,
  labelled with their names;
- the PDF: ``pypdf``: the hostile text of titles and role names is on the page as text, and
  every link annotation is http(s) or mailto;
- ``export`` SVG and draw.io: ``xml.etree``: no script, event handler or foreign object, every
  link safe, the role names there as text; draw.io's cells those of the plain poster;
- ``web`` and (every third case) ``site``: ``html.parser``: the same tags and attributes as for
  the plain poster; the viewer's search data parses as JSON and carries the names as they are;
  the site's CSV, JSON and Atom feed read back (csv, json, xml.etree).

    .venv/bin/python benchmarks/text_fuzz.py [--cases 20] [--seed 1] [--workers 2] [--minutes 15]

Prints the counts (cases, outputs read back per format, refusals, layout refusals, problems);
exits 1 if anything went wrong.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from posterbuild.core.escape import safe_href

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cli_fuzz import scratch_project  # noqa: E402  (a script beside this one)

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 180
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HOSTILE = {
    "formula": ['=HYPERLINK("http://evil.example/x","click")', "+1+cmd|' /C calc'!A0", "-2+3",
                "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "=cmd|'/C calc'!A0", "-", "@"],
    "html": ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "</title><h1>x</h1>",
             "&amp; &lt;b&gt; &#x41;", "<!-- x", "</script><script>alert(2)</script>",
             "' onmouseover='x", "<a href=\"javascript:x\">y</a>", "]]><![CDATA[x"],
    "markdown": ["a | b | c", "[click](javascript:alert(1))", "`code` **bold** _em_", "line one\nline two",
                 "# heading", "- item\n- item", "<br>", "\\|escaped\\", "| --- |", "![i](http://x/y.png)",
                 "~~s~~ $m$ #12 @you", "* star", "1. one", "> quote", "a  \nb", "<http://x.example>"],
    "dot": ['"]; node [shape=box', "{x -> y}", "a -> b", "edge", "node", "graph", "strict",
            "<b>bold</b>", "<<TABLE><TR><TD>x</TD></TR></TABLE>>", "\\N \\l \\G \\E", "subgraph cluster_x { }",
            "x\\", '"', "}", "a;b", "a=b", "/* c */ // d", "<x>"],
    "rtl": ["\u0645\u0631\u062d\u0628\u0627 Edge", "Edge\u200f", "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
            "abc\u200e\u0644\u0627", "\u0627\u0644\u062e\u0627\u062f\u0645 5061"],
    "emoji": ["\U0001F600 pool", "\U0001F468\u200d\U0001F469\u200d\U0001F467", "e\u0301", "\U0001F1FA\U0001F1F8 US",
              "\u2603 \u00e9\u00e8 \u00df"],
}
CLASSES = list(HOSTILE) + ["long"]
# what loading must refuse: C0 controls (NUL, ESC, BEL, CR), DEL, C1 (NEL), bidi override and
# isolate, line separator, noncharacter
CONTROLS = {"\x00": "U+0000", "\x1b[31m": "U+001B", "\x07": "U+0007", "\x7f": "U+007F", "\x85": "U+0085",
            "\u202e": "U+202E", "\u2066": "U+2066", "\u2028": "U+2028", "\r": "U+000D", "\uffff": "U+FFFF",
            "\x0b": "U+000B", "\x9b": "U+009B"}
URLS = ["http:///etc/passwd", 'https://example.org/a"onmouseover=x', "https://example.org/<script>x",
        "mailto:a@example.org?subject=<b>", "https://example.org/|a|b", "https://example.org/=1+1",
        "http://[::1]:99999/x", "https://example.org/doc"]
SOURCES = ['https://example.org/a"b', "https://example.org/<i>", "https://example.org/doc",
           "http:///x", "https://example.org/=cmd|x", "poster 1.0"]

# the text fields: their keys; "name" of a role is a role name, and so on
TEXT_KEYS = {"title", "product", "author", "subtitle", "copyright", "name", "note", "description", "summary",
             "usage", "subject", "san", "scenario", "target", "credits", "steps"}
URL_KEYS = {"home", "feedback", "url"}
SOURCE_KEYS = {"source", "also_source"}
LONG_LIMIT = {"note": 400, "description": 400, "summary": 400}


def hostile(rng: random.Random, cls: str, limit: int = 400) -> str:
    if cls == "long":
        pieces = [rng.choice(HOSTILE[rng.choice(list(HOSTILE))]) for _ in range(80)]
        text = " ".join(pieces)[:rng.randint(limit - 20, limit)]
        return text.rstrip() or "x"
    return rng.choice(HOSTILE[cls])


def _enrich(folder: Path) -> None:
    """Give the test poster every kind of text field: notes everywhere, a callout, a history."""
    def edit(name: str, change) -> None:
        path = folder / name
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")
    edit("poster.yaml", lambda d: d.update(subtitle="Mini subtitle", feedback="mailto:fix@example.org"))
    edit("roles.yaml", lambda d: d["roles"][0].update(note="A role note"))
    edit("certificates.yaml", lambda d: d["certificates"][0].update(note="A certificate note"))
    edit("dns.yaml", lambda d: d["records"][0].update(note="A record note"))
    edit("resources.yaml", lambda d: d["links"][0].update(note="A link note"))

    def chat(d):
        d["summary"] = "A summary"
        d["connections"][0]["step"] = {"callout": "sign-in", "number": 1}
        d["callouts"] = [{"id": "sign-in", "title": "Sign-in", "steps": ["First step"], "source": "poster 1.0"}]
    edit("workloads/chat.yaml", chat)
    (folder / "history.yaml").write_text(yaml.safe_dump({"versions": [
        {"version": "0.9", "date": "2019-06-01", "note": "An earlier version", "credits": ["A reader"]}]}),
        encoding="utf-8")


def build_template(folder: Path) -> None:
    scratch_project(folder, "base")
    _enrich(folder / "data" / "base")


def _field(path: tuple) -> str:
    """``roles[2].name`` for ("roles", 2, "name"), as loading names a field."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def _leaves(data, path=()):
    """(path, key, value) of every string under ``data``; key is the mapping key above it."""
    if isinstance(data, dict):
        for k, v in data.items():
            yield from _leaves(v, path + (k,))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            yield from _leaves(v, path + (i,))
    elif isinstance(data, str):
        key = next((p for p in reversed(path) if isinstance(p, str)), "")
        yield path, key, data


def _set(data, path, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


class _Quoted(yaml.SafeDumper):
    """Every string double-quoted, so every character (a NEL too) is written as an escape and
    read back as itself."""


_Quoted.add_representer(str, lambda d, s: d.represent_scalar("tag:yaml.org,2002:str", s, style='"'))


def make_case(rng: random.Random, folder: Path, controls: bool) -> tuple[dict, list[tuple[str, str, str]]]:
    """Fill every text field of the poster in ``folder``; return what was written where, and the
    (file, field, U+XXXX) of each control character put in."""
    written: dict[tuple[str, str], str] = {}
    fields: list[tuple[str, tuple]] = []
    docs = {}
    for path in sorted(folder.rglob("*.yaml")):
        name = path.relative_to(folder).as_posix()
        docs[name] = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, key, _ in list(_leaves(docs[name])):
            if key in TEXT_KEYS:
                limit = 1200 if name == "history.yaml" and key == "note" else LONG_LIMIT.get(key, 400)
                cls = rng.choices(CLASSES, weights=[3, 3, 3, 3, 2, 2, 1])[0]
                value = hostile(rng, cls, limit)
                fields.append((name, where))
            elif key == "feedback":  # the site's feedback paragraph is there only with a safe one
                value = rng.choice([u for u in URLS if safe_href(u)])
            elif key in URL_KEYS:
                value = rng.choice(URLS)
            elif key in SOURCE_KEYS:
                value = rng.choice(SOURCES)
            else:
                continue
            _set(docs[name], where, value)
            written[(name, _field(where))] = value
    # an SRV record's target is a name of the records below it: keep that reference
    records = docs.get("dns.yaml", {}).get("records", [])
    targets = {r["name"] for r in records if r["type"] != "SRV"}
    for r in records:
        if r["type"] == "SRV" and targets:
            r["target"] = sorted(targets)[0]
            written[("dns.yaml", _field(("records", records.index(r), "target")))] = r["target"]
    planted = []
    if controls:
        for name, where in rng.sample(fields, rng.randint(1, 3)):
            char = rng.choice(list(CONTROLS))
            text = written[(name, _field(where))]
            at = rng.randint(0, len(text))
            value = (text[:at] + char + text[at:])[:400]
            if char not in value:
                value = char + text[:399 - len(char)]
            _set(docs[name], where, value)
            written[(name, _field(where))] = value
            planted.append((name, _field(where), CONTROLS[char]))
    for name, data in docs.items():
        (folder / name).write_text(yaml.dump(data, Dumper=_Quoted, allow_unicode=True, sort_keys=False,
                                             width=10_000), encoding="utf-8")
    return written, planted


# ---- reading outputs back ------------------------------------------------------------------

class _Html(HTMLParser):
    """Start tags with their attribute names (a <br> left out), the text of each table cell and
    list item (a <br> as a line break), all text, and every href."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, tuple[str, ...]]] = []
        self.rows: list[list[str]] = []
        self.items: list[str] = []
        self.text: list[str] = []
        self.hrefs: list[str] = []
        self.scripts: list[str] = []
        self._cell: list[str] | None = None
        self._item: list[str] | None = None
        self._script = False

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            for buf in (self._cell, self._item):
                if buf is not None:
                    buf.append("\n")
            return
        self.tags.append((tag, tuple(sorted(a for a, _ in attrs))))
        self.hrefs += [v for a, v in attrs if a == "href" and v is not None]
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li":
            self._item = []
        elif tag == "script":
            self._script = True
            self.scripts.append("")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell))
            self._cell = None
        elif tag == "li" and self._item is not None:
            self.items.append("".join(self._item))
            self._item = None
        elif tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script:
            self.scripts[-1] += data
            return
        self.text.append(data)
        for buf in (self._cell, self._item):
            if buf is not None:
                buf.append(data)


def parse_html(text: str) -> _Html:
    parser = _Html()
    parser.feed(text)
    parser.close()
    return parser


def markdown_html(text: str) -> _Html:
    return parse_html(MarkdownIt("commonmark").enable("table").render(text))


def _owasp(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def check_csv(text: str, truth: list[dict]) -> list[str]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    problems = []
    if len(rows) != len(truth) + 1:
        return [f"csv: {len(rows)} rows for {len(truth)} connections"]
    for n, (row, expected) in enumerate(zip(rows[1:], truth), 1):
        if len(row) != len(expected):
            problems.append(f"csv row {n}: {len(row)} cells, not {len(expected)}")
        for cell, value in zip(row, expected.values()):
            if cell != _owasp(value):
                problems.append(f"csv row {n}: {cell!r} is not {value!r}")
            if cell.startswith(FORMULA_STARTS):
                problems.append(f"csv row {n}: a formula cell {cell!r}")
    return problems


def check_markdown_table(text: str, truth: list[dict]) -> list[str]:
    page = markdown_html(text)
    problems = [f"markdown: tag <{t}>" for t, _ in page.tags if t not in {"table", "thead", "tbody", "tr", "th", "td"}]
    want = [list(r.values()) for r in truth]
    if page.rows[1:] != want:
        got = page.rows[1:]
        bad = next((f"row {i + 1}: {g!r} is not {w!r}" for i, (g, w) in enumerate(zip(got, want)) if g != w),
                   f"{len(got)} rows, not {len(want)}")
        problems.append(f"markdown: {bad}"[:400])
    return problems


def check_diff_markdown(text: str, report: dict) -> list[str]:
    page = markdown_html(text)
    problems = [f"diff markdown: tag <{t}>" for t, _ in page.tags
                if t not in {"h2", "h3", "ul", "li", "strong", "p"}]
    for change in report["changes"]:
        head = f"{change['action']}: {change['key']}"
        item = next((i for i in page.items if i.startswith(head)), None)
        if item is None:
            problems.append(f"diff markdown: no item {head!r}"[:300])
            continue
        for f in change["fields"]:
            if isinstance(f["old"], str) and isinstance(f["new"], str) \
                    and f"{f['field']}: {f['old']} → {f['new']}" not in item:
                problems.append(f"diff markdown: {item!r} lacks {f['field']}: {f['old']!r} → {f['new']!r}"[:300])
    return problems


def check_dot(gv: Path, names: dict[str, str], base_nodes: set[str]) -> list[str]:
    proc = subprocess.run(["dot", "-Tjson", str(gv)], capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        return [f"{gv.name}: dot -Tjson failed: {proc.stderr.strip()[:200]}"]
    graph = json.loads(proc.stdout)
    nodes = [o for o in graph.get("objects", []) if "nodes" not in o and "subgraphs" not in o
             and not o.get("name", "").startswith("cluster")]
    problems = []
    if {o["name"] for o in nodes} != base_nodes:
        problems.append(f"{gv.name}: nodes {sorted(o['name'] for o in nodes)[:6]} are not the plain poster's")
    roles = [o for o in nodes if o.get("style") != "invis"]
    if len(roles) != len(names):
        problems.append(f"{gv.name}: {len(roles)} visible nodes for {len(names)} roles")
    for o in roles:
        label = o.get("label", "").replace("\\\\", "\\")
        if o["name"] not in names or label != names[o["name"]]:
            problems.append(f"{gv.name}: node {o['name']!r} labelled {label!r}, not {names.get(o['name'])!r}"[:300])
    return problems


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _printable(text: str) -> str:
    """``text`` as the poster prints it: a character the fonts (Roboto) lack becomes "?"."""
    from reportlab.pdfbase.ttfonts import TTFont  # noqa: PLC0415
    global _CMAP
    if _CMAP is None:
        _CMAP = set(TTFont("probe", str(ROOT / "fonts" / "Roboto-Medium.ttf")).face.charToGlyph)
    return "".join(ch if ord(ch) in _CMAP or ch in "\n\t" else "?" for ch in text)


_CMAP: set[int] | None = None


def check_pdf(pdf: Path, expected: list[tuple[str, str]]) -> list[str]:
    import pypdf  # noqa: PLC0415 (only this reader needs it)
    reader = pypdf.PdfReader(pdf)
    page = reader.pages[0]
    text = _compact(page.extract_text() or "")
    problems = []
    for field, value in expected:
        if _compact(_printable(value)) not in text:
            problems.append(f"pdf: {field} {value[:60]!r} is not on the page as text")
    for annot in page.get("/Annots", []) or []:
        target = annot.get_object().get("/A", {}).get("/URI")
        if target is not None and safe_href(str(target)) != str(target):
            problems.append(f"pdf: a link to {target!r}")
    return problems


def check_svg(folder: Path, names: list[str]) -> tuple[list[str], int]:
    """Each SVG parses; no script, event handler or foreign object; every link safe; the role
    names are there as text."""
    problems, read, text = [], 0, ""
    for svg in sorted(folder.glob("*.svg")):
        root = ET.parse(svg).getroot()
        read += 1
        for e in root.iter():
            tag = e.tag.rsplit("}", 1)[-1]
            if tag in ("script", "foreignObject", "iframe"):
                problems.append(f"{svg.name}: a <{tag}>")
            for attr, value in e.attrib.items():
                name = attr.rsplit("}", 1)[-1]
                if name.startswith("on") or (name == "href" and not value.startswith("#") and safe_href(value) != value):
                    problems.append(f"{svg.name}: {name}={value[:60]!r}")
        text += _compact("".join(root.itertext()))
    for name in names:
        if _compact(name) not in text and _compact(_printable(name)) not in text:
            problems.append(f"svg: the role {name[:60]!r} is not there as text")
    return problems, read


def check_drawio(path: Path, names: list[str], base_cells: int) -> list[str]:
    """The draw.io file parses, has the plain poster's cells, and a cell whose value is each
    role's name (in the lines the PDF draws); no cell is HTML."""
    root = ET.parse(path).getroot()
    cells = list(root.iter("mxCell"))
    problems = [] if len(cells) == base_cells else [f"drawio: {len(cells)} cells, not {base_cells}"]
    values = {_compact(c.get("value") or "") for c in cells}  # broken into lines as on the PDF
    problems += [f"drawio: the role {n[:60]!r} is no cell's value" for n in names
                 if _compact(n) not in values and _compact(_printable(n)) not in values]
    problems += [f"drawio: an HTML label {c.get('value', '')[:60]!r}" for c in cells
                 if "html=1" in (c.get("style") or "") and c.get("value")]
    return problems


FILTER_TAGS = ("a", "option", "select", "label")


def check_site_pages(folder: Path, base: dict[str, list], names: list[str]) -> tuple[list[str], int]:
    problems, read = [], 0
    text = []
    for page in sorted(folder.rglob("*.html")):
        rel = page.relative_to(folder).as_posix()
        parsed = parse_html(page.read_text(encoding="utf-8"))
        read += 1
        text += parsed.text
        # the same tags as for the plain poster, but for links (a source the plain poster
        # does not link, a URL safe_href refused, written as text) and the ports filter's choices (one
        # <option> per distinct value, a <select> only where there is a choice: hostile text
        # may repeat)
        ours = [t for t in parsed.tags if t[0] not in FILTER_TAGS]
        theirs = [t for t in base.get(rel, []) if t[0] not in FILTER_TAGS]
        if rel in base and ours != theirs:
            diff = next(((a, b) for a, b in zip(ours, theirs) if a != b), (ours[-1:], theirs[-1:]))
            problems.append(f"site {rel}: tags differ from the plain poster's: {diff}"[:300])
        for href in parsed.hrefs:  # the site's own files, or a link safe_href lets through
            if re.match(r"[a-z][a-z0-9+.-]*:", href, re.I) and safe_href(href) != href:
                problems.append(f"site {rel}: href {href!r}")
        for script in parsed.scripts:
            if script.strip():
                problems.append(f"site {rel}: an inline script {script[:80]!r}")
    for js in folder.rglob("poster-data.js"):
        body = js.read_text(encoding="utf-8").strip()
        data = json.loads(body.removeprefix("window.POSTER = ").rstrip(";"))
        read += 1
        found = {e["text"] for e in data.get("index", [])}
        missing = [n for n in names if n not in found]
        if missing:
            problems.append(f"{js.relative_to(folder)}: search data lacks {missing[0]!r}"[:300])
    for feed in folder.rglob("feed.xml"):
        ET.parse(feed)
        read += 1
    for data in folder.rglob("*.json"):
        json.loads(data.read_text(encoding="utf-8"))
        read += 1
    return problems, read


def html_shapes(folder: Path) -> dict[str, list]:
    return {p.relative_to(folder).as_posix(): parse_html(p.read_text(encoding="utf-8")).tags
            for p in sorted(folder.rglob("*.html"))}


# ---- one case --------------------------------------------------------------------------------

def _run(case: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "posterbuild", *args], cwd=case, capture_output=True, text=True,
                          timeout=TIMEOUT, env=_env(case.parent))


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("POSTERBUILD_CACHE_DIR", str(work / "layout-cache"))
    return env


def _clean(proc: subprocess.CompletedProcess, what: str) -> list[str]:
    problems = []
    if proc.returncode not in (0, 2):
        problems.append(f"{what}: exit {proc.returncode}")
    if "Traceback" in proc.stderr or "internal error" in proc.stderr:
        problems.append(f"{what}: {proc.stderr.strip().splitlines()[-1][:200]}")
    if "\x1b" in proc.stderr or "\x1b" in proc.stdout:
        problems.append(f"{what}: raw ESC on the terminal")
    return problems


def run_case(n: int, seed: int, template: Path, work: Path, base: dict) -> dict:
    rng = random.Random(seed * 100_003 + n)
    case = work / f"case{n}"
    shutil.copytree(template, case)
    poster = case / "data" / "mini"
    shutil.copytree(case / "data" / "base", poster)
    controls = rng.random() < 0.25
    written, planted = make_case(rng, poster, controls)
    result: dict = {"n": n, "read": Counter(), "problems": [], "refusals": 0, "layout": 0}
    problems = result["problems"]
    try:
        if planted:
            for command in ("check", "build"):
                proc = _run(case, command, "data/mini", *(["-o", "out/p.pdf"] if command == "build" else []))
                problems += _clean(proc, command)
                if proc.returncode != 2:
                    problems.append(f"{command}: exit {proc.returncode} with {planted}")
                for name, field, code in planted:
                    mark = re.compile(rf"data/mini/{re.escape(name)}:\d+: {re.escape(field)}: {re.escape(code)} ")
                    if len(mark.findall(proc.stderr)) != 1:
                        problems.append(f"{command}: {name} {field} {code} not refused once: "
                                        f"{proc.stderr.strip()[-300:]!r}")
                    else:
                        result["refusals"] += 1
                if (case / "out" / "p.pdf").exists():
                    problems.append(f"{command}: wrote a PDF despite the refusal")
            return result
        # the tables: JSON is the truth the CSV and Markdown are read against
        proc = _run(case, "ports", "data/mini", "--format", "json")
        problems += _clean(proc, "ports json")
        if proc.returncode != 0:
            problems.append(f"ports json: {proc.stderr.strip()[-200:]}")
            return result
        truth = json.loads(proc.stdout)
        result["read"]["ports json"] += 1
        for fmt, check in (("csv", check_csv), ("markdown", check_markdown_table)):
            proc = _run(case, "ports", "data/mini", "--format", fmt, "-o", f"out/ports.{fmt}")
            problems += _clean(proc, f"ports {fmt}")
            problems += check((case / "out" / f"ports.{fmt}").read_text(encoding="utf-8"), truth)
            result["read"][f"ports {fmt}"] += 1
        proc = _run(case, "diff", "data/base", "data/mini", "--format", "json")
        problems += _clean(proc, "diff json")
        report = json.loads(proc.stdout)
        result["read"]["diff json"] += 1
        proc = _run(case, "diff", "data/base", "data/mini", "--format", "markdown")
        problems += _clean(proc, "diff markdown")
        problems += check_diff_markdown(proc.stdout, report)
        result["read"]["diff markdown"] += 1
        # the PDF, its DOT and layout JSON
        proc = _run(case, "build", "data/mini", "-o", "out/p.pdf")
        problems += _clean(proc, "build")
        if proc.returncode == 2:
            if "in the input" in proc.stderr or "Graphviz failed" in proc.stderr:
                problems.append(f"build refused allowed text: {proc.stderr.strip()[-300:]}")
            result["layout"] += 1
            result["why"] = re.sub(r"\d+(\.\d+)?", "N", proc.stderr.strip().splitlines()[-1])[:140]
            return result
        role_ids = yaml.safe_load((poster / "roles.yaml").read_text(encoding="utf-8"))["roles"]
        by_id = {r["id"]: r["name"] for r in role_ids}
        for gv in sorted((case / "out" / "p").glob("*.gv")):
            problems += check_dot(gv, by_id, base["dot_nodes"][gv.name])
            result["read"]["dot"] += 1
        for layout_json in sorted((case / "out" / "p").glob("*.json")):
            json.loads(layout_json.read_text(encoding="utf-8"))
            result["read"]["layout json"] += 1
        poster_doc = yaml.safe_load((poster / "poster.yaml").read_text(encoding="utf-8"))
        chat = yaml.safe_load((poster / "workloads" / "chat.yaml").read_text(encoding="utf-8"))
        on_page = [("title", poster_doc["title"]), ("workload title", chat["title"])] + \
            [(f"role {k}", v) for k, v in by_id.items()] + [(f"zone {z['id']}", z["name"]) for z in poster_doc["zones"]]
        problems += check_pdf(case / "out" / "p.pdf", on_page)
        result["read"]["pdf"] += 1
        # the editable exports
        proc = _run(case, "export", "data/mini", "--format", "svg", "-o", "out/svg")
        problems += _clean(proc, "export svg")
        if proc.returncode == 0:
            found, read = check_svg(case / "out" / "svg", list(by_id.values()))
            problems += found
            result["read"]["svg"] += read
        proc = _run(case, "export", "data/mini", "--format", "drawio", "-o", "out/p.drawio")
        problems += _clean(proc, "export drawio")
        if proc.returncode == 0:
            problems += check_drawio(case / "out" / "p.drawio", list(by_id.values()), base["drawio"])
            result["read"]["drawio"] += 1
        # the deep-zoom viewer, and every third case the whole site
        proc = _run(case, "web", "data/mini", "--dpi", "10", "-o", "out/web")
        problems += _clean(proc, "web")
        if proc.returncode == 0:
            found, read = check_site_pages(case / "out" / "web", base["web"], list(by_id.values()))
            problems += found
            result["read"]["web"] += read
        if n % 3 == 0:
            proc = _run(case, "site", "data/mini", "--dpi", "10", "-o", "out/site")
            problems += _clean(proc, "site")
            if proc.returncode == 0:
                site = case / "out" / "site"
                shapes = {k.replace("base/", "mini/", 1): v for k, v in base["site"].items()}
                found, read = check_site_pages(site, shapes, list(by_id.values()))
                problems += found
                problems += check_csv((site / "mini" / "ports.csv").read_text(encoding="utf-8"), truth)
                result["read"]["site"] += read + 1
            elif proc.returncode == 2 and "in the input" in proc.stderr:
                problems.append(f"site refused allowed text: {proc.stderr.strip()[-300:]}")
        return result
    except (json.JSONDecodeError, ET.ParseError, OSError, KeyError, subprocess.TimeoutExpired) as exc:
        problems.append(f"{type(exc).__name__}: {str(exc)[:200]}")
        return result
    finally:
        if not problems:
            shutil.rmtree(case, ignore_errors=True)


def baseline(template: Path, work: Path) -> dict:
    """The plain poster's DOT nodes and HTML tag sequences, which hostile text must not change."""
    case = work / "baseline"
    shutil.copytree(template, case)
    for args in (["build", "data/base", "-o", "out/p.pdf"], ["web", "data/base", "--dpi", "10", "-o", "out/web"],
                 ["site", "data/base", "--dpi", "10", "-o", "out/site"],
                 ["export", "data/base", "--format", "drawio", "-o", "out/p.drawio"]):
        proc = _run(case, *args)
        if proc.returncode != 0:
            sys.exit(f"the plain poster fails: {' '.join(args)}: {proc.stderr}")
    dot_nodes = {}
    for gv in (case / "out" / "p").glob("*.gv"):
        graph = json.loads(subprocess.run(["dot", "-Tjson", str(gv)], capture_output=True, text=True,
                                          check=True).stdout)
        dot_nodes[gv.name] = {o["name"] for o in graph.get("objects", []) if "nodes" not in o
                              and "subgraphs" not in o and not o.get("name", "").startswith("cluster")}
    return {"dot_nodes": dot_nodes, "drawio": len(list(ET.parse(case / "out" / "p.drawio").getroot().iter("mxCell"))), "web": html_shapes(case / "out" / "web"),
            "site": html_shapes(case / "out" / "site")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--minutes", type=float, default=0, help="stop starting cases after this long (0: no limit)")
    parser.add_argument("--show", action="store_true", help="print every case")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    deadline = start + args.minutes * 60 if args.minutes else None
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        template = work / "project"
        build_template(template)
        base = baseline(template, work)

        def one(n: int) -> dict | None:
            if deadline is not None and time.perf_counter() > deadline:
                return None
            return run_case(n, args.seed, template, work, base)
        with ThreadPoolExecutor(max_workers=args.workers) as pool:
            results = [r for r in pool.map(one, range(args.cases)) if r is not None]
        kept = [r for r in results if r["problems"]]
        if kept:  # the failing cases' folders, to look at
            keep = Path(tempfile.mkdtemp(prefix="text-fuzz-"))
            for r in kept:
                shutil.copytree(work / f"case{r['n']}", keep / f"case{r['n']}", dirs_exist_ok=True)
            print(f"failing cases kept in {keep}")
    read = sum((r["read"] for r in results), Counter())
    bad = [r for r in results if r["problems"]]
    print(f"{len(results)} cases (seed {args.seed}, {time.perf_counter() - start:.0f} s): "
          f"{sum(read.values())} outputs read back, {sum(r['refusals'] for r in results)} control characters "
          f"refused with file, line and field, {sum(r['layout'] for r in results)} builds refused by the layout, "
          f"{len(bad)} cases went wrong")
    for fmt in sorted(read):
        print(f"  {fmt:<14} {read[fmt]:>6}")
    for why, count in Counter(r["why"] for r in results if "why" in r).most_common(5):
        print(f"  layout refusal x{count}: {why}")
    for r in results:
        for p in r["problems"] if r["problems"] or args.show else []:
            print(f"  BAD case {r['n']}: {p}")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main())
