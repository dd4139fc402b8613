"""Tiled printing: the poster cut into office sheets with overlap, cut lines and labels.

The poster page becomes one Form XObject; every tile page shows it through a clipping
rectangle, so the tiles stay vector and the file holds the poster's content only once.
Page 1 is an assembly map: the whole poster with the tile grid and labels over it.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from posterbuild.errors import PosterError
from posterbuild.source.limits import MAX_TILE_PAGES, in_range
from posterbuild.fonts import bundled_font, register_fonts

__all__ = ["SHEETS", "TilePlan", "plan_tiles", "tile_pdf", "tile_label"]

_IN, _MM = 72.0, 72.0 / 25.4
SHEETS = {  # portrait width x height, points
    "letter": (8.5 * _IN, 11 * _IN),
    "a4": (210 * _MM, 297 * _MM),
    "tabloid": (11 * _IN, 17 * _IN),
    "a3": (297 * _MM, 420 * _MM),
}
MARGIN = 0.5 * _IN  # unprintable edge of office printers, holds the cut marks and labels
FONT = "Roboto-Regular"


@dataclass(frozen=True)
class TilePlan:
    sheet: str
    sheet_w: float
    sheet_h: float
    columns: int
    rows: int
    scale: float  # printed size / poster size
    overlap: float  # points, on paper
    poster_w: float
    poster_h: float

    @property
    def content_w(self) -> float:
        return self.sheet_w - 2 * MARGIN

    @property
    def content_h(self) -> float:
        return self.sheet_h - 2 * MARGIN

    def window(self, col: int, row: int) -> tuple[float, float, float, float]:
        """The part of the poster (poster points; row 0 at the top) that tile (col, row) shows:
        x, y of its lower-left corner, width and height."""
        step_w = (self.content_w - self.overlap) / self.scale
        step_h = (self.content_h - self.overlap) / self.scale
        w, h = self.content_w / self.scale, self.content_h / self.scale
        x = col * step_w
        top = self.poster_h - row * step_h
        return x, top - h, w, h


def tile_label(col: int, row: int) -> str:
    """Column letters, row numbers from 1, as on a map.

    >>> tile_label(0, 0), tile_label(1, 2), tile_label(26, 0)
    ('A1', 'B3', 'AA1')
    """
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


def plan_tiles(poster_w: float, poster_h: float, sheet: str, overlap: float, *,
               scale: float | None = None, sheets: tuple[int, int] | None = None) -> TilePlan:
    """Choose sheet orientation and grid: at ``scale`` (default 1, full size), or the largest
    scale that fits ``sheets`` = (columns, rows)."""
    if sheet not in SHEETS:
        raise PosterError(f"unknown sheet '{sheet}' (known: {', '.join(SHEETS)})")
    if scale is not None:
        in_range("--scale", scale, 0, 10, low_open=True)
    best: TilePlan | None = None
    for sw, sh in (SHEETS[sheet], SHEETS[sheet][::-1]):
        cw, ch = sw - 2 * MARGIN, sh - 2 * MARGIN
        if overlap * 2 >= min(cw, ch):
            raise PosterError(f"an overlap of {overlap / _MM:.0f} mm leaves no room on {sheet}")
        if sheets:
            cols, rows = sheets
            f = min((cols * cw - (cols - 1) * overlap) / poster_w,
                    (rows * ch - (rows - 1) * overlap) / poster_h)
        else:
            f = scale or 1.0
            cols = max(1, math.ceil((poster_w * f - overlap) / (cw - overlap) - 1e-9))
            rows = max(1, math.ceil((poster_h * f - overlap) / (ch - overlap) - 1e-9))
        plan = TilePlan(sheet, sw, sh, cols, rows, f, overlap, poster_w, poster_h)
        better = best is None or (plan.scale, -cols * rows) > (best.scale, -best.columns * best.rows)
        if better:
            best = plan
    assert best is not None
    if best.columns * best.rows > MAX_TILE_PAGES:
        raise PosterError(f"that would take {best.columns} x {best.rows} sheets; at most {MAX_TILE_PAGES} "
                          "are made (choose a smaller --scale or --sheets)")
    return best


def _poster_box(page: pikepdf.Page) -> tuple[float, float, float, float]:
    box = page.obj.get("/TrimBox") or page.mediabox
    x0, y0, x1, y1 = (float(v) for v in box)
    return x0, y0, x1 - x0, y1 - y0


def tile_pdf(poster_pdf: bytes, sheet: str, overlap: float, *, scale: float | None = None,
             sheets: tuple[int, int] | None = None, title: str = "poster") -> tuple[bytes, TilePlan]:
    """The tiled PDF (assembly map, then one page per tile, row by row) and its plan."""
    with pikepdf.open(io.BytesIO(poster_pdf)) as src, pikepdf.new() as out:
        page = src.pages[0]
        px, py, pw, ph = _poster_box(page)
        plan = plan_tiles(pw, ph, sheet, overlap, scale=scale, sheets=sheets)
        from posterbuild import __version__
        out.docinfo["/Creator"] = f"posterbuild {__version__}"  # ours: a later run may replace it
        form = out.copy_foreign(page.as_form_xobject())
        overlays = pikepdf.open(io.BytesIO(_overlays(plan, title)))
        # page 1: the assembly map
        k, ox, oy = _map_fit(plan)
        _add_page(out, plan, form, f"q {k:.6f} 0 0 {k:.6f} {ox - px * k:.4f} {oy - py * k:.4f} cm "
                  "/Poster Do Q", overlays.pages[0])
        for row in range(plan.rows):
            for col in range(plan.columns):
                x, y, w, h = plan.window(col, row)
                f = plan.scale
                tx, ty = MARGIN - (x + px) * f, MARGIN - (y + py) * f
                clip = f"{MARGIN:.4f} {MARGIN:.4f} {plan.content_w:.4f} {plan.content_h:.4f} re W n"
                _add_page(out, plan, form, f"q {clip} {f:.6f} 0 0 {f:.6f} {tx:.4f} {ty:.4f} cm "
                          "/Poster Do Q", overlays.pages[1 + row * plan.columns + col])
        buffer = io.BytesIO()
        out.save(buffer, deterministic_id=True, compress_streams=True,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        overlays.close()
    return buffer.getvalue(), plan


def _add_page(out: pikepdf.Pdf, plan: TilePlan, form: pikepdf.Object, content: str,
              overlay: pikepdf.Page) -> None:
    page = out.add_blank_page(page_size=(plan.sheet_w, plan.sheet_h))
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Poster=form))
    page.obj.Contents = out.make_stream(content.encode("ascii"))
    page.add_overlay(overlay, pikepdf.Rectangle(0, 0, plan.sheet_w, plan.sheet_h))


def _overlays(plan: TilePlan, title: str) -> bytes:
    """Marks and labels for every page (map first), drawn with ReportLab, overlaid by pikepdf."""
    register_fonts({FONT: bundled_font(f"{FONT}.ttf")})
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(plan.sheet_w, plan.sheet_h), invariant=1,
               initialFontName=FONT, initialFontSize=9)
    _map_overlay(c, plan, title)
    c.showPage()
    for row in range(plan.rows):
        for col in range(plan.columns):
            _tile_overlay(c, plan, col, row, title)
            c.showPage()
    c.save()
    return buf.getvalue()


def _map_fit(plan: TilePlan) -> tuple[float, float, float]:
    """Scale and lower-left corner of the whole poster on the assembly map page."""
    pw, ph = plan.poster_w, plan.poster_h
    k = min((plan.sheet_w - 2 * MARGIN) / pw, (plan.sheet_h - 3 * MARGIN) / ph)
    return k, (plan.sheet_w - pw * k) / 2, (plan.sheet_h - MARGIN - ph * k) / 2


def _map_overlay(c: Canvas, plan: TilePlan, title: str) -> None:
    pw, ph = plan.poster_w, plan.poster_h
    k, ox, oy = _map_fit(plan)
    c.setFont(FONT, 11)
    c.drawString(MARGIN, plan.sheet_h - MARGIN, f"Assembly map: {title}")
    c.setFont(FONT, 8)
    c.drawString(MARGIN, plan.sheet_h - MARGIN - 12,
                 f"{plan.columns} x {plan.rows} = {plan.columns * plan.rows} {plan.sheet} sheets at "
                 f"{plan.scale * 100:.0f}% ({pw * plan.scale / _IN:.1f} x {ph * plan.scale / _IN:.1f} in), "
                 f"overlap {plan.overlap / _MM:.0f} mm. Trim each sheet along its solid cut lines "
                 "(left and top), lay it over its neighbours' overlap and tape.")
    c.setStrokeColorRGB(0.85, 0.1, 0.1)
    c.setFillColorRGB(0.85, 0.1, 0.1)
    c.setLineWidth(0.6)
    for row in range(plan.rows):
        for col in range(plan.columns):
            x, y, w, h = plan.window(col, row)
            x0, y0 = ox + x * k, oy + max(y, 0) * k
            x1, y1 = ox + min(x + w, pw) * k, oy + (y + h) * k
            c.rect(x0, y0, x1 - x0, y1 - y0, stroke=1, fill=0)
            c.setFont(FONT, max(6.0, min(14.0, (x1 - x0) / 4)))
            c.drawCentredString((x0 + x1) / 2, (y0 + y1) / 2 - 4, tile_label(col, row))


def _tile_overlay(c: Canvas, plan: TilePlan, col: int, row: int, title: str) -> None:
    m, cw, ch, ov = MARGIN, plan.content_w, plan.content_h, plan.overlap
    c.setStrokeColorRGB(0, 0, 0)
    c.setLineWidth(0.5)
    # cut lines: the left and top edges of every tile but the first column / first row
    if col > 0:
        c.line(m, 6, m, plan.sheet_h - 6)
    if row > 0:
        c.line(6, m + ch, plan.sheet_w - 6, m + ch)
    # corner ticks on the other edges, so each sheet can be squared
    for x in (m, m + cw):
        for y in (m, m + ch):
            c.line(x - 10 if x == m else x + 4, y, x - 4 if x == m else x + 10, y)
            c.line(x, y - 10 if y == m else y + 4, x, y - 4 if y == m else y + 10)
    # the overlap the next tile covers: dashed, in the right and bottom strips
    c.setDash(4, 3)
    c.setStrokeColorRGB(0.85, 0.1, 0.1)
    if col < plan.columns - 1:
        c.line(m + cw - ov, m, m + cw - ov, m + ch)
    if row < plan.rows - 1:
        c.line(m, m + ov, m + cw, m + ov)
    c.setDash()
    c.setFillColorRGB(0, 0, 0)
    label = tile_label(col, row)
    near = {"left": (col - 1, row), "right": (col + 1, row), "above": (col, row - 1), "below": (col, row + 1)}
    neighbours = ", ".join(f"{k} {tile_label(*v)}" for k, v in near.items()
                           if 0 <= v[0] < plan.columns and 0 <= v[1] < plan.rows)
    c.setFont(FONT, 16)
    c.drawString(m, m - 20, label)
    c.setFont(FONT, 7.5)
    c.drawString(m + 34, m - 14, f"{title}  ·  tile {label} of {tile_label(plan.columns - 1, plan.rows - 1)}"
                 f"  ·  {plan.scale * 100:.0f}%  ·  neighbours: {neighbours or 'none'}")
    c.drawString(m + 34, m - 23, "cut along the solid lines; the dashed strip is covered by the next "
                 f"tile ({plan.overlap / _MM:.0f} mm overlap)")
