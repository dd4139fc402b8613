"""Tiled printing: the poster cut into office sheets with overlap, cut lines and labels.

The poster page becomes one Form XObject; every tile page shows it through a clipping
rectangle, so the tiles stay vector and the file holds the poster's content only once.
Page 1 is an assembly map: the whole poster with the tile grid and labels over it.
"""

from __future__ import annotations

import io
import math
import ctypes
from typing import cast
from dataclasses import dataclass, replace

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from reportlab.pdfgen.canvas import Canvas

from posterbuild import __version__
from posterbuild.core.errors import PosterError
from posterbuild.source.limits import MAX_TILE_PAGES, in_range
from posterbuild.fonts.metrics import bundled_font, register_fonts
from posterbuild.core.papers import SHEETS
from posterbuild.core.units import IN as _IN, MM as _MM

__all__ = ["SHEETS", "TilePlan", "Mark", "plan_tiles", "place_seams", "marks_to_avoid", "tile_pdf",
           "tile_label"]

MARGIN = 0.5 * _IN  # unprintable edge of office printers, holds the cut marks and labels
FONT = "Roboto-Regular"
BOX, TEXT = 0, 1  # what a seam avoids: boxes first, then lines of text
CLEAR = 3.0  # points a seam keeps from the mark it passes, where it can


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
    xs: tuple[float, ...] = ()  # left edge of each column's window (poster points); () = even steps
    tops: tuple[float, ...] = ()  # each row's window top, down from the poster's top edge

    @property
    def content_w(self) -> float:
        return self.sheet_w - 2 * MARGIN

    @property
    def content_h(self) -> float:
        return self.sheet_h - 2 * MARGIN

    def window(self, col: int, row: int) -> tuple[float, float, float, float]:
        """The part of the poster (poster points; row 0 at the top) that tile (col, row) shows:
        x, y of its lower-left corner, width and height."""
        w, h = self.content_w / self.scale, self.content_h / self.scale
        x = self.xs[col] if self.xs else col * (w - self.overlap / self.scale)
        top = self.poster_h - (self.tops[row] if self.tops else row * (h - self.overlap / self.scale))
        return x, top - h, w, h

    def step(self, col: int, row: int) -> tuple[float, float]:
        """How far (paper points) into tile (col, row) the next column's and the next row's
        cut lie: from its left edge, and down from its top edge."""
        x, y, w, h = self.window(col, row)
        nx = self.window(col + 1, row)[0] if col + 1 < self.columns else x + w
        ny = self.window(col, row + 1)[1] if row + 1 < self.rows else y - h
        return (nx - x) * self.scale, (y - ny) * self.scale


@dataclass(frozen=True)
class Mark:
    """Something a seam should not cut: its extent on the poster (points, from the lower
    left) and what it is (BOX or TEXT)."""

    x0: float
    y0: float
    x1: float
    y1: float
    kind: int


def marks_to_avoid(poster_pdf: bytes, origin: tuple[float, float] = (0.0, 0.0)) -> list[Mark]:
    """Boxes (closed paths both filled and stroked: role boxes, label pills, pools) and text
    lines of the PDF's first page, read back from the PDF itself, relative to ``origin``
    (the trim box's lower-left corner)."""
    marks = []
    doc = pdfium.PdfDocument(poster_pdf)
    try:
        page = doc[0]
        fill, stroke = ctypes.c_int(), ctypes.c_int()
        for obj in page.get_objects(max_depth=3):
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                kind = TEXT
            elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
                pdfium_c.FPDFPath_GetDrawMode(obj.raw, ctypes.byref(fill), ctypes.byref(stroke))
                if not (fill.value and stroke.value):
                    continue
                kind = BOX
            else:
                continue
            bounds = getattr(obj, "get_bounds", None) or obj.get_pos  # pypdfium2 5 / 4
            x0, y0, x1, y1 = bounds()
            marks.append(Mark(x0 - origin[0], y0 - origin[1], x1 - origin[0], y1 - origin[1], kind))
    finally:
        doc.close()
    return marks


def _cost(marks: list[tuple[float, float, int, float]], at: float, aim: float) -> tuple[float, ...]:
    """What a cut at ``at`` costs: the boxes it splits, each by its weight (see ``_weight``),
    lines of text it goes through, marks it passes closer than ``CLEAR``, and how far it is
    from the even position ``aim``."""
    hit = [(k, n) for a, b, k, n in marks if a < at < b]
    near = sum(1 for a, b, _, _ in marks if a - CLEAR < at < b + CLEAR)
    return (round(sum(n for k, n in hit if k == BOX)), sum(1 for k, _ in hit if k == TEXT),
            near - len(hit), abs(at - aim))


def _candidates(marks: list[tuple[float, float, int, float]], lo: float, hi: float) -> list[float]:
    """Positions worth trying in [lo, hi]: a grid, and the middle of every gap between marks."""
    n = max(1, min(300, math.ceil(hi - lo)))
    grid = [lo + (hi - lo) * k / n for k in range(n + 1)]
    edges = sorted({lo, hi, *(e for a, b, _, _ in marks for e in (a, b) if lo < e < hi)})
    return sorted({*grid, *((a + b) / 2 for a, b in zip(edges, edges[1:]))})


def _add(a: tuple[float, ...], b: tuple[float, ...]) -> tuple[float, ...]:
    return tuple(x + y for x, y in zip(a, b))


def _cuts(marks: list[tuple[float, float, int, float]], count: int, window: float, overlap: float,
          length: float) -> tuple[float, ...]:
    """The start of each of ``count`` windows along one axis (the first at 0): the cuts that
    together go through the fewest boxes, then lines of text (dynamic programming over the
    positions each cut can take, consecutive windows overlapping by ``overlap`` or more)."""
    if count < 2:
        return (0.0,)
    step = window - overlap
    layers: list[dict[float, tuple[tuple[float, ...], float | None]]] = [{0.0: ((0, 0, 0, 0.0), None)}]
    for i in range(1, count):
        # as far as the even step; as early as still lets the windows left reach the end
        hi = i * step
        lo = min(hi, max(i * overlap, length - window - (count - 1 - i) * step))
        inside = [m for m in marks if m[1] > lo - CLEAR and m[0] < hi + CLEAR]
        layer: dict[float, tuple[tuple[float, ...], float | None]] = {}
        for x in _candidates(inside, lo, hi):
            prev = [(cost, p) for p, (cost, _) in layers[-1].items() if overlap <= x - p <= step + 1e-6]
            if prev:
                cost, p = min(prev)
                layer[x] = (_add(cost, _cost(inside, x, i * step)), p)
        if not layer:  # cannot happen with a plan from plan_tiles; keep the even steps
            return tuple(i * step for i in range(count))
        layers.append(layer)
    x = min(layers[-1], key=lambda k: layers[-1][k][0])
    starts = [x]
    for layer in reversed(layers[1:]):
        x = cast(float, layer[x][1])
        starts.append(x)
    return tuple(reversed(starts))


def _weight(cut: float) -> float:
    """What splitting a box costs when the cut runs ``cut`` points through it: the square, so
    one tall box (a role, its name over several lines) weighs more than several one-line labels."""
    return cut * cut / 100


def place_seams(plan: TilePlan, marks: list[Mark]) -> TilePlan:
    """The plan with each cut moved, within the room the sheets leave over (never less than
    the overlap), to where it crosses the fewest boxes, then lines of text. A mark wider (or
    taller) than half a tile cannot be missed and is not counted."""
    w, h = plan.content_w / plan.scale, plan.content_h / plan.scale
    ov = plan.overlap / plan.scale
    # a box that holds other boxes (a pool, a panel) is cut harmlessly; the boxes inside count
    boxes = [m for m in marks if m.kind == BOX]
    marks = [m for m in marks if m.kind != BOX or not any(
        o is not m and m.x0 <= o.x0 and o.x1 <= m.x1 and m.y0 <= o.y0 and o.y1 <= m.y1 for o in boxes)]
    across = [(m.x0, m.x1, m.kind, _weight(m.y1 - m.y0)) for m in marks if m.x1 - m.x0 < w / 2]
    down = [(plan.poster_h - m.y1, plan.poster_h - m.y0, m.kind, _weight(m.x1 - m.x0)) for m in marks
            if m.y1 - m.y0 < h / 2]
    return replace(plan, xs=_cuts(across, plan.columns, w, ov, plan.poster_w),
                   tops=_cuts(down, plan.rows, h, ov, plan.poster_h))


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
        plan = place_seams(plan, marks_to_avoid(poster_pdf, (px, py)))
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
    for row in range(plan.rows):  # what each sheet shows once trimmed: from its cuts to the next
        for col in range(plan.columns):
            x, y, w, h = plan.window(col, row)
            right, down = plan.step(col, row)
            x0, x1 = ox + x * k, ox + min(x + right / plan.scale, pw) * k
            y1, y0 = oy + (y + h) * k, oy + max(y + h - down / plan.scale, 0) * k
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
    right, down = plan.step(col, row)
    if col < plan.columns - 1:
        c.line(m + right, m, m + right, m + ch)
    if row < plan.rows - 1:
        c.line(m, m + ch - down, m + cw, m + ch - down)
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
                 f"tile (at least {plan.overlap / _MM:.0f} mm overlap; seams placed between boxes)")
