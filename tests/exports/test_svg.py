"""SVG export: read back with xml.etree (groups, ids, titles, classes, text), and rasterised beside
the PDF (PDFium for the PDF, Chromium for the SVG) to prove it looks the same."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageFilter

from posterbuild.exports.svg import SVG_HEAD, diagram_svg, sheet_svg
from posterbuild.page.grid import panel_rects
from posterbuild.page.paint import css_name, family_class
from tests.helpers import cli

pytestmark = pytest.mark.exe
NS = {"s": "http://www.w3.org/2000/svg"}
CHROMIUM = Path("/usr/bin/chromium")
# Both rasters are blurred by 1 px (PDFium and Chromium's Skia antialias differently), then
# compared: the mean absolute grey difference, and the share of pixels that differ by more than
# a fifth of the grey range ("far"). Measured: the Lync and SfB sheets at 24 dpi, mean 0.023,
# far 0.004-0.005 (small text renders lighter in Chromium), the same sheet moved by 2 px far
# 0.013; each of the ten diagrams at 96 dpi, placed on the page's pixel grid as the PDF's panel
# is, mean 0.003-0.004, far 0.0000-0.0005, moved by 1 px (0.75 pt) mean 0.009-0.012, far
# 0.006-0.010. The limits sit between, and each test checks that a moved copy fails them.
SHEET_DPI, SHEET_MEAN, SHEET_FAR = 24, 0.03, 0.008
DIAGRAM_DPI, DIAGRAM_MEAN, DIAGRAM_FAR = 96, 0.008, 0.002


@pytest.fixture(scope="module")
def sheet(lync) -> bytes:
    b = lync.built
    return sheet_svg(lync.loaded.poster, b.layout, b.plans, b.geometries)


def _groups(root: ET.Element, cls: str) -> list[ET.Element]:
    return [g for g in root.iter("{http://www.w3.org/2000/svg}g") if cls in (g.get("class") or "").split()]


def test_every_connection_and_role_is_a_group_with_id_and_title(lync, sheet):
    assert sheet.startswith(SVG_HEAD)
    root = ET.fromstring(sheet)
    poster, built = lync.loaded.poster, lync.built
    ids = [e.get("id") for e in root.iter() if e.get("id")]
    assert len(ids) == len(set(ids)), "ids are unique"
    connections = {g.get("id"): g for g in _groups(root, "connection")}
    expected = {css_name(wid, "connection", e.id) for wid, plan in built.plans.items() for e in plan.edges}
    assert set(connections) == expected
    for wid, plan in built.plans.items():
        for e in plan.edges:
            g = connections[css_name(wid, "connection", e.id)]
            assert family_class(e.family) in g.get("class").split()
            title = g.find("s:title", NS).text
            for i in e.connections:  # every bundled connection, in words
                c = poster.workload(wid).connections[i]
                assert poster.roles[c.initiator].name in title and poster.roles[c.listener].name in title
                assert c.port_text in title and c.source in title
            assert g.find("s:path", NS) is not None  # the line itself
    roles = _groups(root, "role")
    assert len(roles) == sum(len(g.nodes) for g in built.geometries.values())
    assert all(g.find("s:title", NS).text for g in roles)
    firewalls = _groups(root, "firewall")
    assert firewalls and all(g.find("s:title", NS).text.endswith("firewall") for g in firewalls)


def test_text_is_text_in_the_layouts_fonts_and_families_are_classes(lync, sheet):
    root = ET.fromstring(sheet)
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
    for plan in lync.built.plans.values():  # every line of every box and label, as drawn
        for n in plan.nodes.values():
            assert all(line.text in texts for line in n.lines)
        for e in plan.edges:
            assert all(line.text in texts for line in e.lines)
    assert "Microsoft Lync Server 2010 Protocol Workloads Poster" in "".join(texts)
    style = root.find("s:style", NS).text
    layout = lync.built.layout
    fonts_used = {t.get("font-family") for t in root.iter("{http://www.w3.org/2000/svg}text")}
    for name in fonts_used:  # every font a text uses is embedded
        assert f"@font-face{{font-family:'{name}';src:url(data:font/ttf;base64," in style
    for fid, fam in layout.families.items():  # one rule per family: its colour, width and dashes
        assert f".{family_class(fid)}{{stroke:{fam.color.lower()};" in style
    # a line inherits its family's stroke from the class rather than repeating it
    line = _groups(root, "connection")[0].find("s:path", NS)
    assert line.get("stroke") is None and line.get("stroke-width") is None


def test_one_diagram_file_is_its_panel(lync):
    b = lync.built
    data = diagram_svg(lync.loaded.poster, b.layout, b.plans, b.geometries, "im-presence")
    root = ET.fromstring(data)
    rect = next(r for p, r in panel_rects(b.layout) if p.workload == "im-presence")
    assert [float(v) for v in root.get("viewBox").split()] == pytest.approx([0, 0, rect.w, rect.h], abs=0.001)
    ids = {g.get("id") for g in _groups(root, "connection")}
    assert ids == {css_name("im-presence", "connection", e.id) for e in b.plans["im-presence"].edges}
    assert not _groups(root, "legend")


def _raster_pdf(pdf: bytes, dpi: float, crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> Image.Image:
    """The page at ``dpi``; ``crop``: points cut off the left, bottom, right and top edges."""
    doc = pdfium.PdfDocument(pdf)
    try:
        return doc[0].render(scale=dpi / 72, crop=crop).to_pil().convert("L")
    finally:
        doc.close()


def _raster_svg(svg: Path, size: tuple[int, int], shot: Path, *, css: tuple[float, float] | None = None,
                at: tuple[float, float] = (0.0, 0.0), clip: tuple[int, int] = (0, 0)) -> Image.Image:
    """The SVG drawn by Chromium inline in a page, ``css`` pixels large (default ``size``), its
    corner at ``at`` (fractions of a pixel kept: vector content is not snapped to the pixel
    grid); the ``size`` pixels from ``clip`` kept."""
    from playwright.sync_api import sync_playwright
    w, h = css or size
    text = svg.read_text(encoding="utf-8")
    sized = f'<svg style="display:block;width:{w}px;height:{h}px" '
    inline = text[text.index("<svg"):].replace("<svg ", sized, 1)
    page_html = svg.with_suffix(".html")
    page_html.write_text(f'<!doctype html><body style="margin:0;background:#fff"><div style="position:absolute;'
                         f'left:0;top:0;transform:translate({at[0]}px,{at[1]}px)">{inline}</div></body>',
                         encoding="utf-8")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        try:
            page = browser.new_page(viewport={"width": clip[0] + size[0], "height": clip[1] + size[1]})
            page.goto(page_html.as_uri())
            page.wait_for_function("document.fonts.status === 'loaded'")
            page.screenshot(path=str(shot), clip={"x": clip[0], "y": clip[1], "width": size[0], "height": size[1]})
        finally:
            browser.close()
    return Image.open(shot).convert("L")


def _difference(a: Image.Image, b: Image.Image) -> tuple[float, float]:
    blur = ImageFilter.GaussianBlur(1)
    x = np.asarray(a.filter(blur), dtype=float)
    y = np.asarray(b.filter(blur), dtype=float)
    d = np.abs(x - y) / 255
    return float(d.mean()), float((d > 0.2).mean())


@pytest.mark.browser
def test_the_svg_sheet_looks_like_the_pdf(lync, sheet, tmp_path):
    assert CHROMIUM.is_file(), "make test installs Debian's chromium"
    pdf = _raster_pdf(lync.pdf_path.read_bytes(), SHEET_DPI)
    svg_path = tmp_path / "sheet.svg"
    svg_path.write_bytes(sheet)
    svg = _raster_svg(svg_path, pdf.size, tmp_path / "sheet-svg.png")
    mean, far = _difference(pdf, svg)
    if mean > SHEET_MEAN or far > SHEET_FAR:
        pdf.save(tmp_path / "sheet-pdf.png")  # both beside each other for a person to look at
        pytest.fail(f"SVG and PDF differ: mean {mean:.4f} (limit {SHEET_MEAN}), far {far:.4f} "
                    f"(limit {SHEET_FAR}); see {tmp_path}/sheet-pdf.png and sheet-svg.png")
    assert np.asarray(svg).std() > 20  # not a blank page matching a blank page
    assert _difference(pdf, ImageChops.offset(pdf, 2, 0))[1] > SHEET_FAR  # the test can fail


@pytest.mark.browser
@pytest.mark.parametrize("workload", ["im-presence", "av-conferencing", "enterprise-voice", "app-sharing", "cms"])
def test_a_diagram_svg_looks_like_its_panel_in_the_pdf(lync, tmp_path, workload):
    b = lync.built
    rect = next(r for p, r in panel_rects(b.layout) if p.workload == workload)
    data = diagram_svg(lync.loaded.poster, b.layout, b.plans, b.geometries, workload)
    scale = DIAGRAM_DPI / 72
    full = _raster_pdf(lync.pdf_path.read_bytes(), DIAGRAM_DPI)
    left, top = rect.x * scale, (b.layout.height - rect.top) * scale  # the panel's corner, in pixels
    box = (int(left) + 1, int(top) + 1, int(left + rect.w * scale) - 1, int(top + rect.h * scale) - 1)
    crop = full.crop(box)
    svg_path = tmp_path / "ev.svg"
    svg_path.write_bytes(data)
    svg = _raster_svg(svg_path, crop.size, tmp_path / "ev-svg.png", css=(rect.w * scale, rect.h * scale),
                      at=(left - box[0], top - box[1]))
    mean, far = _difference(crop, svg)
    if mean > DIAGRAM_MEAN or far > DIAGRAM_FAR:
        crop.save(tmp_path / "ev-pdf.png")
        pytest.fail(f"diagram SVG and its PDF panel differ: mean {mean:.4f} (limit {DIAGRAM_MEAN}), far "
                    f"{far:.4f} (limit {DIAGRAM_FAR}); see {tmp_path}/ev-pdf.png and ev-svg.png")
    moved = _difference(crop, ImageChops.offset(crop, 1, 0))
    assert moved[0] > DIAGRAM_MEAN and moved[1] > DIAGRAM_FAR  # 0.75 pt off would fail


def test_export_cli_writes_a_folder_and_never_replaces_a_users_file(tmp_path, mini):
    project = mini.parent
    proc = cli("export", "mini", "--format", "svg", "-o", "svg", cwd=project)
    assert proc.returncode == 0, proc.stderr
    folder = project / "svg"
    assert (folder / ".posterbuild-export").is_file() and (folder / "sheet.svg").is_file()
    diagrams = sorted(p.name for p in folder.glob("*.svg"))
    assert len(diagrams) >= 2
    for p in folder.glob("*.svg"):
        ET.fromstring(p.read_bytes())  # well-formed
    again = cli("export", "mini", "--format", "svg", "-o", "svg", cwd=project)
    assert again.returncode == 0, again.stderr  # its own folder: replaced
    (project / "mine").mkdir()
    (project / "mine" / "notes.txt").write_text("mine\n")
    refused = cli("export", "mini", "--format", "svg", "-o", "mine", cwd=project)
    assert refused.returncode == 2 and "refusing" in refused.stderr and "Traceback" not in refused.stderr
    (project / "mine.svg").write_text("<svg/>")
    refused = cli("export", "mini", "--format", "svg", "-o", "mine.svg", cwd=project)
    assert refused.returncode == 2 and (project / "mine.svg").read_text() == "<svg/>"
    unknown = cli("export", "mini", "--format", "svg", "--workload", "nope", "-o", "one.svg", cwd=project)
    assert unknown.returncode == 2 and "its diagrams:" in unknown.stderr
    assert not (project / "one.svg").exists()


@pytest.mark.browser
def test_a_screen_reader_gets_every_connection_in_words(lync, tmp_path):
    """Chromium's accessibility tree of one diagram: a group per role and per connection, named
    by its title (who opens it, who listens, protocol, transport, port)."""
    from playwright.sync_api import sync_playwright
    b = lync.built
    path = tmp_path / "cms.svg"
    path.write_bytes(diagram_svg(lync.loaded.poster, b.layout, b.plans, b.geometries, "cms"))
    root = ET.fromstring(path.read_bytes())
    titles = [g.find("s:title", NS).text for g in _groups(root, "connection")]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.goto(path.as_uri())
            tree = page.locator("svg").aria_snapshot()
        finally:
            browser.close()
    assert titles
    for title in titles:
        assert f'group "{title.splitlines()[0][:60]}' in tree
