"""The built Lync poster read back from the PDF: text, places, fonts, boxes, links, sizes."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from posterbuild.page.grid import panel_rects, safe_area
from posterbuild.page.tables import certificate_rows, dns_rows

pytestmark = pytest.mark.exe

STANDARD_14 = {"Helvetica", "Times-Roman", "Courier", "Symbol", "ZapfDingbats"}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _in_rect(word: dict, rect, page_height: float) -> bool:
    """Is a pdfplumber word (top-left origin) inside a page Rect (bottom-left origin)?"""
    return (rect.x - 0.5 <= word["x0"] and word["x1"] <= rect.right + 0.5
            and rect.y - 0.5 <= page_height - word["bottom"] and page_height - word["top"] <= rect.top + 0.5)


def _panel_text(lync, predicate) -> str:
    rects = [r for p, r in panel_rects(lync.built.layout) if predicate(p)]
    words = [w for w in lync.words if any(_in_rect(w, r, lync.page_height) for r in rects)]
    return _norm(" ".join(w["text"] for w in words))


def test_page_is_arch_e_landscape(lync):
    assert (round(lync.page_width), round(lync.page_height)) == (48 * 72, 36 * 72)
    box = PdfReader(lync.pdf_path).pages[0].mediabox
    assert (float(box.width), float(box.height)) == (3456.0, 2592.0)


def _drawn(poster):
    """Workloads drawn as diagrams (a workload placed as a table is only listed)."""
    drawn = [w for w in poster.workloads if w.placement == "diagram"]
    assert drawn
    return drawn


def test_workloads_placed_as_tables_are_not_drawn(lync):
    tables = [w for w in lync.loaded.poster.workloads if w.placement == "table"]
    assert tables, "the Lync poster lists its infrastructure rules as a table workload"
    footer = _panel_text(lync, lambda p: p.type == "footer")
    assert "Also open, not drawn:" not in footer  # the rule table holds them now
    rules = _panel_text(lync, lambda p: p.type == "rules")
    for w in tables:
        assert w.id not in lync.built.placements
        # named once, as a section of the rule table, and nowhere else
        assert w.title in rules
        assert _norm(lync.text).count(w.title) == 1


def test_title_and_version_in_upper_left(lync):
    assert "Microsoft Lync Server 2010 Protocol Workloads Poster" in _norm(lync.text)
    version = [w for w in lync.words if w["text"] == lync.loaded.poster.meta.version]
    assert version, "version number not found"
    upper_left = [w for w in version if w["x0"] < lync.page_width * 0.2 and w["top"] < lync.page_height * 0.1]
    assert upper_left, f"version not in the upper-left corner: {[(w['x0'], w['top']) for w in version]}"


def test_every_connection_label_is_searchable_in_its_quadrant(lync):
    poster = lync.loaded.poster
    for workload in _drawn(poster):
        text = _panel_text(lync, lambda p, wid=workload.id: p.type == "workload" and p.workload == wid)
        for c in workload.connections:
            label = poster.label(c)
            assert label in text, f"{workload.id}: {label} ({c.origin}) not found in its panel"


def test_workload_titles(lync):
    text = _norm(lync.text)
    for w in _drawn(lync.loaded.poster):
        assert w.title in text


def test_role_names_printed_in_their_boxes(lync):
    """Each role's name is read back from inside its own box, where the layout put it."""
    poster = lync.loaded.poster
    for w in _drawn(poster):
        placement = lync.built.placements[w.id]
        for rid, box in lync.built.geometries[w.id].nodes.items():
            rect = placement.box(box)
            inside = [x for x in lync.words if _in_rect(x, rect, lync.page_height)]
            printed = "".join(x["text"] for x in inside)  # wrapped lines, even inside a word
            assert printed == poster.roles[rid].name.replace(" ", ""), (w.id, rid, printed)


def test_certificate_panel_text(lync):
    text = _panel_text(lync, lambda p: p.type == "certificates")
    assert "Subject alternative names" in text
    rows = certificate_rows(lync.loaded.poster)
    assert rows
    for row in rows:
        assert row[1] in text, row[1]  # every subject name


def test_dns_panel_text(lync):
    text = _panel_text(lync, lambda p: p.type == "dns")
    pairs = dns_rows(lync.loaded.poster)
    assert pairs
    for _, row in pairs:
        assert row[1] in text, row[1]  # every record name
    assert "_sipfederationtls._tcp.contoso.com" in text


def test_fonts_all_embedded_none_standard(lync):
    reader = PdfReader(lync.pdf_path)
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert len(fonts) >= 3
    for ref in fonts.values():
        font = ref.get_object()
        base = str(font["/BaseFont"])
        assert not any(s in base for s in STANDARD_14), base
        descriptor = font.get("/FontDescriptor") or font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        descriptor = descriptor.get_object()
        assert "/FontFile2" in descriptor, f"{base} is not embedded"


def test_metadata(lync):
    info = PdfReader(lync.pdf_path).metadata
    assert "Protocol Workloads Poster" in info.title
    assert info.author == "Rui Maximo"
    assert lync.loaded.poster.meta.version in info.subject


def test_qr_code_decodes_to_the_home_link(lync):
    """Render the resources panel and decode the QR code in it."""
    import io

    import zxingcpp
    from PIL import Image

    from posterbuild.output.preview import render_png
    r = next(r for p, r in panel_rects(lync.built.layout) if p.type == "resources")
    png = render_png(lync.pdf_path.read_bytes(), 100, (r.x, lync.page_height - r.top, r.w, r.h))
    found = [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]
    assert found == [lync.loaded.poster.meta.home]


def test_links_and_qr(lync):
    page = PdfReader(lync.pdf_path).pages[0]
    uris = [a.get_object()["/A"]["/URI"] for a in page.get("/Annots", [])]
    home = lync.loaded.poster.meta.home
    assert home in uris
    for link in lync.loaded.poster.links:
        assert link.url in uris
    # the QR code: many small filled squares drawn as vectors in the resources panel
    import pdfplumber
    rect = next(r for p, r in panel_rects(lync.built.layout) if p.type == "resources")
    with pdfplumber.open(lync.pdf_path) as pdf:
        cells = [r for r in pdf.pages[0].rects
                 if r["height"] < 6 and r["x0"] > rect.x and r["x1"] < rect.right
                 and lync.page_height - r["bottom"] > rect.y]
    assert len(cells) > 100


def test_no_word_overlaps_another(lync):
    words = sorted(lync.words, key=lambda w: w["x0"])
    clashes = []
    for i, a in enumerate(words):
        for b in words[i + 1:]:
            if b["x0"] >= a["x1"] - 0.3:
                break
            if a["top"] < b["bottom"] - 0.3 and b["top"] < a["bottom"] - 0.3:
                clashes.append((a["text"], b["text"], round(a["x0"]), round(a["top"])))
    assert not clashes, clashes[:20]


def test_everything_inside_the_safe_area(lync):
    area = safe_area(lync.loaded.layout)
    for ch in lync.chars:
        assert area.x - 0.5 <= ch["x0"] and ch["x1"] <= area.right + 0.5, ch["text"]
        assert area.y - 0.5 <= lync.page_height - ch["bottom"], ch["text"]
        assert lync.page_height - ch["top"] <= area.top + 0.5, ch["text"]


def test_smallest_text_is_at_least_6pt(lync):
    smallest = min(ch["size"] for ch in lync.chars)
    assert smallest >= 6.0, smallest


def test_graphs_laid_out_from_reportlab_sizes(lync):
    """Graphviz reserved exactly the boxes ReportLab draws: label boxes never overlap."""
    from posterbuild.graph.metrics import overlapping_boxes
    for wid, geometry in lync.built.geometries.items():
        assert overlapping_boxes(geometry) == [], wid


def test_layout_files_kept_beside_the_pdf(lync):
    side = lync.pdf_path.with_suffix("")
    for w in _drawn(lync.loaded.poster):
        gv = (side / f"{w.id}.gv").read_text()
        assert gv.startswith(f"// {w.title}")
        assert (side / f"{w.id}.json").read_text().startswith("{")


def test_identical_input_gives_identical_bytes(lync):
    from posterbuild import pipeline
    again = pipeline.build(lync.loaded)
    assert again.pdf == lync.pdf_path.read_bytes()
