"""Print production: paper sizes, bleed and crop marks, CMYK, tiles that reassemble, previews."""

from __future__ import annotations

import io
import re

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image, ImageChops, ImageStat
from pypdf import PdfReader

from posterbuild import pipeline
from posterbuild.output.preview import render_png
from posterbuild.output.tiles import MARGIN, tile_pdf
from posterbuild.page.setup import PageSetup
from posterbuild.core.papers import PAPERS
from tests.conftest import LYNC

pytestmark = pytest.mark.exe
IN = 72.0


def _boxes(pdf: bytes) -> dict[str, tuple[float, ...]]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return {name: tuple(round(float(v), 2) for v in getattr(page, name))
            for name in ("mediabox", "bleedbox", "trimbox")}


@pytest.mark.parametrize("paper", ["arch-e", "arch-d", "a0"])
@pytest.mark.parametrize("marks", [False, True], ids=["plain", "marks"])
def test_page_boxes(paper, marks):
    loaded = pipeline.load(LYNC, None, paper)
    w, h = PAPERS[paper]
    setup = PageSetup(marks=marks)
    boxes = _boxes(pipeline.build(loaded, setup).pdf)
    if not marks:
        assert boxes["mediabox"] == boxes["trimbox"] == boxes["bleedbox"] == (0, 0, round(w, 2), round(h, 2))
        return
    o, b = setup.offset, setup.bleed
    assert boxes["trimbox"] == (round(o, 2), round(o, 2), round(o + w, 2), round(o + h, 2))
    assert boxes["bleedbox"] == (round(o - b, 2), round(o - b, 2), round(o + w + b, 2), round(o + h + b, 2))
    assert boxes["mediabox"] == (0, 0, round(w + 2 * o, 2), round(h + 2 * o, 2))


def test_custom_bleed_and_title_band_into_the_bleed(mini):
    loaded = pipeline.load(mini)
    setup = PageSetup(marks=True, bleed=3 * 72 / 25.4)
    pdf = pipeline.build(loaded, setup).pdf
    boxes = _boxes(pdf)
    assert boxes["trimbox"][0] - boxes["bleedbox"][0] == pytest.approx(8.5, abs=0.02)
    # the title band's colour reaches the bleed edge at the top left, outside the trim
    png = Image.open(io.BytesIO(render_png_media(pdf, dpi=20)))
    o = setup.offset - setup.bleed / 2  # half way into the bleed, in points from the media edge
    pixel = png.getpixel((int(o * 20 / 72) + 1, int(o * 20 / 72) + 1))
    assert pixel[:3] != (255, 255, 255)


def render_png_media(pdf: bytes, dpi: float) -> bytes:
    doc = pdfium.PdfDocument(pdf)
    image = doc[0].render(scale=dpi / 72).to_pil()
    out = io.BytesIO()
    image.save(out, format="PNG")
    doc.close()
    return out.getvalue()


def _content_streams(pdf: bytes) -> list[bytes]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        streams = [doc.pages[0].obj.Contents.read_bytes()] if not isinstance(
            doc.pages[0].obj.Contents, pikepdf.Array) else [s.read_bytes() for s in doc.pages[0].obj.Contents]
        for obj in doc.objects:  # form XObjects too
            if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Form":
                streams.append(obj.read_bytes())
    return streams


def test_cmyk_leaves_no_rgb_operator(mini):
    pdf = pipeline.build(pipeline.load(mini), PageSetup(cmyk=True, marks=True)).pdf
    ops = re.compile(rb"(?<![A-Za-z])(rg|RG|g|G|sc|SC|scn|SCN|cs|CS)(?![A-Za-z])")
    for stream in _content_streams(pdf):
        assert not ops.findall(stream), set(ops.findall(stream))
    assert re.search(rb"\bk\b", b"".join(_content_streams(pdf)))  # CMYK fills are there
    plain = pipeline.build(pipeline.load(mini)).pdf
    assert re.search(rb"\brg\b", b"".join(_content_streams(plain)))  # and the check can fail


def test_text_below_minimum_on_small_paper_names_paper_and_element(mini):
    layout = mini.parent / "layouts" / "mini.yaml"
    layout.write_text(layout.read_text().replace("min_text_size: 6pt", "min_text_size: 9.5pt"))
    from posterbuild.core.errors import DataError
    with pytest.raises(DataError) as err:  # refused before anything is laid out (check does the same)
        pipeline.load(mini, None, "a1")
    assert "mini.yaml:28: text.table_small.size: the table small text prints at " in str(err.value)
    assert "on the a1 paper, below the minimum 9.5 pt" in str(err.value)


def _render(pdf: bytes, page: int, dpi: float) -> Image.Image:
    doc = pdfium.PdfDocument(pdf)
    image = doc[page].render(scale=dpi / 72).to_pil().convert("L")
    doc.close()
    return image


def test_tiles_reassemble_into_the_poster(mini, tmp_path):
    """Each tile's content placed back at its offset reproduces the poster (low resolution,
    a tolerance, and the thin cut and overlap lines at tile seams left out of the comparison)."""
    poster = pipeline.build(pipeline.load(mini)).pdf
    tiles, plan = tile_pdf(poster, "letter", 10 * 72 / 25.4, title="mini")
    assert len(PdfReader(io.BytesIO(tiles)).pages) == 1 + plan.columns * plan.rows
    dpi = 24.0
    k = dpi / 72
    expected = _render(poster, 0, dpi)
    canvas = Image.new("L", expected.size, 255)
    seams = Image.new("L", expected.size, 0)
    for row in range(plan.rows):
        for col in range(plan.columns):
            tile = _render(tiles, 1 + row * plan.columns + col, dpi / plan.scale)
            m = MARGIN * k / plan.scale
            crop = tile.crop((round(m), round(m), round(m + plan.content_w * k / plan.scale),
                              round(m + plan.content_h * k / plan.scale)))
            x, y, w, h = plan.window(col, row)
            left, top = round(x * k), round((plan.poster_h - y - h) * k)
            canvas.paste(crop, (left, top))
            for box in ((left - 2, 0, left + 3, expected.height), (0, top - 2, expected.width, top + 3),
                        (left + crop.width - round(plan.overlap * k) - 3, 0,
                         left + crop.width - round(plan.overlap * k) + 3, expected.height),
                        (0, top + crop.height - round(plan.overlap * k) - 3, expected.width,
                         top + crop.height - round(plan.overlap * k) + 3)):
                seams.paste(255, box)
    # compare blurred copies: a half-pixel misregistration of a seam is not a defect
    canvas.paste(expected, mask=seams)
    size = (expected.width // 4, expected.height // 4)
    small = ImageChops.difference(expected.resize(size, Image.BOX), canvas.resize(size, Image.BOX))
    mean, worst = ImageStat.Stat(small).mean[0], small.getextrema()[1]
    if mean > 1.5 or worst > 60:
        expected.save(tmp_path / "expected.png")
        canvas.save(tmp_path / "reassembled.png")
    assert mean <= 1.5 and worst <= 60, f"tiles differ (mean {mean:.2f}, worst {worst}); see {tmp_path}"


def test_tiles_keep_vectors_and_labels(mini):
    poster = pipeline.build(pipeline.load(mini)).pdf
    tiles, plan = tile_pdf(poster, "a4", 10 * 72 / 25.4, sheets=(2, 2), title="mini")
    assert (plan.columns, plan.rows) == (2, 2)
    reader = PdfReader(io.BytesIO(tiles))
    assert "Assembly map" in reader.pages[0].extract_text()
    second = reader.pages[2].extract_text()
    assert "B1" in second and "neighbours: left A1, below B2" in second
    with pikepdf.open(io.BytesIO(tiles)) as doc:
        assert not any(isinstance(o, pikepdf.Stream) and o.get("/Subtype") == "/Image" for o in doc.objects)


def test_preview_whole_sheet_and_region(mini):
    pdf = pipeline.build(pipeline.load(mini)).pdf
    whole = Image.open(io.BytesIO(render_png(pdf, dpi=10)))
    assert whole.size == (360, 240)
    region = Image.open(io.BytesIO(render_png(pdf, dpi=50, region=(72, 72, 144, 72))))
    assert region.size == (100, 50)
