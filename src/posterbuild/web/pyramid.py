"""A Deep Zoom (DZI) tile pyramid rendered in-process from the PDF, every level from the vectors.

Each level is rendered by PDFium at its own scale (text stays crisp at every zoom), in bands of
tile rows so memory stays bounded, the bands of the large levels in parallel processes.
"""

from __future__ import annotations

import io
import math
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Pyramid", "plan_pyramid", "render_pyramid", "dzi_xml", "TILE", "OVERLAP"]

TILE = 254
OVERLAP = 1
FORMAT = "jpg"
QUALITY = 90
BAND_ROWS = 4  # tile rows rendered at once
PARALLEL_FROM = 2048  # levels wider than this are rendered band by band in parallel


@dataclass(frozen=True)
class Pyramid:
    width: int  # full-resolution pixels
    height: int
    dpi: float
    levels: int  # level indexes 0..levels-1; the last is full resolution

    def level_size(self, level: int) -> tuple[int, int]:
        f = 2.0 ** (level - (self.levels - 1))
        return max(1, math.ceil(self.width * f)), max(1, math.ceil(self.height * f))

    def tiles(self) -> int:
        total = 0
        for level in range(self.levels):
            w, h = self.level_size(level)
            total += math.ceil(w / TILE) * math.ceil(h / TILE)
        return total


def plan_pyramid(page_w: float, page_h: float, dpi: float) -> Pyramid:
    w, h = math.ceil(page_w * dpi / 72), math.ceil(page_h * dpi / 72)
    return Pyramid(w, h, dpi, math.ceil(math.log2(max(w, h))) + 1)


def dzi_xml(p: Pyramid) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<Image xmlns="http://schemas.microsoft.com/deepzoom/2008" Format="{FORMAT}" '
            f'Overlap="{OVERLAP}" TileSize="{TILE}">\n'
            f'  <Size Width="{p.width}" Height="{p.height}"/>\n</Image>\n')


def _render_band(pdf: bytes, p: Pyramid, level: int, row0: int, row1: int, out_dir: str) -> int:
    """Render tile rows row0..row1-1 of ``level`` and write their tiles; returns how many."""
    import pypdfium2 as pdfium  # noqa: PLC0415 (also in worker processes)
    from PIL import Image  # noqa: PLC0415 (also in worker processes)

    w, h = p.level_size(level)
    y0 = max(0, row0 * TILE - OVERLAP)
    y1 = min(h, row1 * TILE + OVERLAP)
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        pw, ph = page.get_size()
        k = w / pw  # pixels per point at this level
        top, bottom = y0 / k, max(0.0, ph - y1 / k)
        band = page.render(scale=k, crop=(0, bottom, 0, top)).to_pil().convert("RGB")
    finally:
        doc.close()
    if band.size != (w, y1 - y0):  # rounding: make the band exactly its pixel size
        canvas = Image.new("RGB", (w, y1 - y0), "white")
        canvas.paste(band, (0, 0))
        band = canvas
    cols = math.ceil(w / TILE)
    folder = Path(out_dir) / str(level)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    for row in range(row0, row1):
        for col in range(cols):
            x0 = max(0, col * TILE - OVERLAP)
            x1 = min(w, (col + 1) * TILE + OVERLAP)
            ty0 = max(0, row * TILE - OVERLAP) - y0
            ty1 = min(h, (row + 1) * TILE + OVERLAP) - y0
            tile = band.crop((x0, ty0, x1, ty1))
            buf = io.BytesIO()
            tile.save(buf, "JPEG", quality=QUALITY, optimize=False)
            (folder / f"{col}_{row}.{FORMAT}").write_bytes(buf.getvalue())
            count += 1
    return count


def render_pyramid(pdf: bytes, p: Pyramid, out_dir: Path, workers: int | None = None) -> int:
    """Write every tile of ``p`` under ``out_dir`` (``<level>/<col>_<row>.jpg``); returns the count."""
    jobs: list[tuple[int, int, int]] = []
    for level in range(p.levels):
        w, h = p.level_size(level)
        rows = math.ceil(h / TILE)
        step = BAND_ROWS if w > PARALLEL_FROM else rows
        jobs += [(level, r, min(rows, r + step)) for r in range(0, rows, step)]
    small = [j for j in jobs if p.level_size(j[0])[0] <= PARALLEL_FROM]
    large = [j for j in jobs if p.level_size(j[0])[0] > PARALLEL_FROM]
    count = sum(_render_band(pdf, p, lv, r0, r1, str(out_dir)) for lv, r0, r1 in small)
    workers = workers or min(len(large), os.cpu_count() or 1)
    if large and workers > 1:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            futures = [pool.submit(_render_band, pdf, p, lv, r0, r1, str(out_dir)) for lv, r0, r1 in large]
            count += sum(f.result() for f in futures)
    else:
        count += sum(_render_band(pdf, p, lv, r0, r1, str(out_dir)) for lv, r0, r1 in large)
    return count
