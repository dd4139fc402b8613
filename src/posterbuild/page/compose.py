"""Compose the page: every panel of the layout drawn with ReportLab into PDF bytes."""

from __future__ import annotations

import dataclasses
import io
from functools import partial

from reportlab.pdfgen.canvas import Canvas

from posterbuild import __version__
from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.page.grid import cell_height, panel_below, panel_left, panel_rects, sized_layout
from posterbuild.page.panels import content_heights, content_reach, content_widths
from posterbuild.page.rules import rule_items
from posterbuild.page.paint import Rect, color, css_name, group, to_cmyk
from posterbuild.page.marks import draw_crop_marks
from posterbuild.page.setup import PageSetup
from posterbuild.page.panels import PANELS, PanelDraw, draw_panel
from posterbuild.page.quadrant import Placement, diagram_area, natural_size

__all__ = ["compose_pdf", "draw_sheet", "draw_workload_panel", "size_page", "diagram_areas"]

FULL = 0.95  # a table reaches this far down its panel before padding (a tenth at most stays empty)
GIVE_AWAY = 72.0  # a table gives its neighbour an inch or more, not slivers that only widen it


def size_page(poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan],
              geometries: dict[str, PlacedDiagram], review=None) -> LayoutSpec:
    """The layout with its grid sized from the diagrams: each workload panel at least as large
    as its diagram at the layout's sizes, the rest shared out by the grid's fractions. A panel
    whose height follows its content (What's new) is as tall as its lines, and the panel below
    it in the same columns takes the rest of its cells (a table there then needs fewer
    columns, and the grid gives the width to its neighbours)."""
    layout = _without_empty_rules(poster, layout)
    needs = {}
    for i, p in enumerate(layout.panels):
        if p.type == "workload" and p.workload in geometries:
            w = poster.workload(p.workload)
            width, height = natural_size(w, plans[w.id], geometries[w.id], layout)
            needs[i] = (width, height, f"{w.origin.file}: workload '{w.id}' ({w.title})")
    widths = content_widths(poster, layout)
    sized = sized_layout(layout, needs, widths)
    heights = {i: f for i, f in content_heights(poster, layout, review).items()
               if panel_below(layout, i) is not None}
    above_of = {k: i for i in heights if (k := panel_below(layout, i)) is not None}  # below -> above
    gained: dict[int, float] = {}
    for _ in range(4):  # the widths follow the heights and the heights the widths: a few rounds
        tall = _content_heights(sized, heights)
        more = {k: cell_height(sized, i) - tall[i] for k, i in above_of.items() if i in tall}
        if all(abs(more.get(k, 0.0) - gained.get(k, 0.0)) < 0.5 for k in set(more) | set(gained)):
            break
        gained = more
        grown = {k: (partial(_taller, f, gained[k]), what) if k in gained else (f, what)
                 for k, (f, what) in widths.items()}
        sized = sized_layout(layout, needs, grown)
    tall = _content_heights(sized, heights)
    for k, i in above_of.items():  # a table below must fit the room it really gets
        if k in widths and i in tall:
            room = cell_height(sized, k) + cell_height(sized, i) - tall[i]
            if widths[k][0](room) > _panel_width(sized, k) + 0.5:
                del tall[i]
    panels = list(sized.panels)
    for i, h in tall.items():
        panels[i] = dataclasses.replace(panels[i], height=h)
    sized = dataclasses.replace(sized, panels=tuple(panels))
    rects = panel_rects(sized)
    reach = content_reach(poster, layout)
    receives: set[int] = set()
    for k in sorted(widths, key=lambda k: -sized.panels[k].column):  # right to left
        # a table narrower than its cells gives the rest to the panel on its left, as much as
        # that one can use: a table there still ends within a tenth of its bottom
        left, rect = panel_left(sized, k), rects[k][1]
        if left is None or k in receives:
            continue
        spare = rect.w - widths[k][0](rect.h)
        if left in reach and spare >= GIVE_AWAY:
            spare = _room_for(reach[left], rects[left][1], spare)
        if spare >= GIVE_AWAY:
            panels[k] = dataclasses.replace(panels[k], width=rect.w - spare)
            receives.add(left)
    for k, i in above_of.items():  # a panel above one that gave width gives as much (no hole)
        narrow = panels[k].width
        if narrow is None or i not in tall:
            continue
        h = heights[i](narrow)
        room = cell_height(sized, k) + cell_height(sized, i) - h
        beside = panel_left(sized, i)  # a diagram there would only spread thinner
        if beside is not None and sized.panels[beside].type != "workload" and h < cell_height(sized, i) - 1.0 \
                and widths[k][0](room) <= narrow + 0.5:
            panels[i] = dataclasses.replace(panels[i], width=narrow, height=h)
        else:
            panels[k] = dataclasses.replace(panels[k], width=None)
    return dataclasses.replace(sized, panels=tuple(panels))


def _room_for(reach, rect: Rect, spare: float) -> float:
    """How much of ``spare`` width a table in ``rect`` can take and still reach down to within
    :data:`FULL` of its bottom before it is padded there."""
    if reach(rect.w + spare, rect.h) >= FULL * rect.h:
        return spare
    lo, hi = 0.0, spare
    for _ in range(10):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if reach(rect.w + mid, rect.h) >= FULL * rect.h else (lo, mid)
    return lo


def _taller(width_for, extra: float, height: float) -> float:
    return width_for(height + extra)


def _content_heights(sized: LayoutSpec, heights: dict) -> dict[int, float]:
    """Each content-high panel's height at its width on ``sized``, where it is shorter than its
    cells."""
    out = {}
    for i, f in heights.items():
        h = f(_panel_width(sized, i))
        if h < cell_height(sized, i) - 1.0:
            out[i] = h
    return out


def _panel_width(sized: LayoutSpec, i: int) -> float:
    return next(r.w for k, (_, r) in enumerate(panel_rects(sized)) if k == i)


def _without_empty_rules(poster: Poster, layout: LayoutSpec) -> LayoutSpec:
    """A rule table with nothing to list gives its cells to the panel on its left in the same
    rows (every connection is drawn: the sheet has no empty panel for it)."""
    if not any(p.type == "rules" for p in layout.panels) or rule_items(poster, layout):
        return layout
    panels = [p for p in layout.panels if p.type != "rules"]
    for gone in (p for p in layout.panels if p.type == "rules"):
        for k, p in enumerate(panels):
            if (p.row, p.rows) == (gone.row, gone.rows) and p.column + p.columns == gone.column:
                panels[k] = dataclasses.replace(p, columns=p.columns + gone.columns)
    return dataclasses.replace(layout, panels=tuple(panels))


def diagram_areas(poster: Poster, page: LayoutSpec, plans: dict[str, GraphPlan],
                  geometries: dict[str, PlacedDiagram]) -> dict[str, Rect]:
    """Where each workload's diagram goes on the sized page."""
    return {p.workload: diagram_area(rect, poster.workload(p.workload), plans[p.workload],
                                     geometries[p.workload], page)
            for p, rect in panel_rects(page) if p.type == "workload" and p.workload in geometries}


def compose_pdf(poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan],
                geometries: dict[str, PlacedDiagram], setup: PageSetup = PageSetup(),
                review=None) -> tuple[bytes, dict[str, Placement]]:
    """The finished PDF, and where (and at what scale) each workload graph was drawn.

    Coordinates of placements are on the trim (the poster itself), whatever the media box."""
    buffer = io.BytesIO()
    first_font = layout.text["body"].font
    o, b = setup.offset, setup.bleed_extent
    boxes = {}
    if setup.marks:
        boxes = {"trimBox": (o, o, o + layout.width, o + layout.height),
                 "bleedBox": (o - b, o - b, o + layout.width + b, o + layout.height + b)}
    c = Canvas(buffer, pagesize=(layout.width + 2 * o, layout.height + 2 * o), invariant=1,
               pageCompression=1, initialFontName=first_font, initialFontSize=12,
               enforceColorSpace=to_cmyk if setup.cmyk else None, **boxes)
    c.translate(o, o)
    meta = poster.meta
    c.setTitle(f"{layout.title_for(meta)} (version {meta.version})")
    c.setAuthor(meta.author)
    c.setSubject(f"{meta.product}: protocol workloads poster, version {meta.version}")
    c.setCreator(f"posterbuild {__version__}")
    c.setKeywords(f"{poster.slug}, version {meta.version}" + (", draft" if meta.draft else ""))
    placements = draw_sheet(c, poster, layout, plans, geometries, review, bleed=b)
    if setup.marks:
        paper = layout.paper or f"{layout.width / 72:g} x {layout.height / 72:g} in"
        draw_crop_marks(c, layout, setup, f"{layout.title_for(meta)}  ·  version {meta.version}  ·  {paper}, "
                        f"trim {layout.width / 72:g} x {layout.height / 72:g} in, bleed "
                        f"{setup.bleed / 72:g} in")
    c.showPage()
    c.save()
    return buffer.getvalue(), placements


def draw_sheet(c: Canvas, poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan],
               geometries: dict[str, PlacedDiagram], review=None, *, bleed: float = 0.0) -> dict[str, Placement]:
    """Draw the paper and every panel of the (sized) layout on ``c``, the PDF's canvas or the SVG
    surface alike; return where each workload's diagram was placed."""
    c.setFillColor(color(layout.colors["paper"]))
    c.rect(-bleed, -bleed, layout.width + 2 * bleed, layout.height + 2 * bleed, stroke=0, fill=1)
    drawing = PanelDraw(c, poster, layout, plans, geometries, review, bleed=bleed)
    for i, (panel, rect) in enumerate(panel_rects(layout)):
        name = str(panel.workload) if panel.type == "workload" else f"{panel.type}-{i}"
        title = poster.workload(name).title if panel.type == "workload" else \
            panel.title or PANELS[panel.type].title or None
        with group(c, css_name("panel", name), ("panel", css_name(panel.type)), title):
            draw_panel(drawing, panel.type, rect, title=panel.title, workload=panel.workload)
    return drawing.placements


def draw_workload_panel(c: Canvas, poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan],
                        geometries: dict[str, PlacedDiagram], workload: str) -> tuple[Rect, Placement]:
    """Draw one workload's panel alone, its lower-left corner at the origin of ``c`` (one diagram
    as a file of its own); return its rectangle on the sheet and where its diagram was placed."""
    for panel, rect in panel_rects(layout):
        if panel.type == "workload" and panel.workload == workload:
            drawing = PanelDraw(c, poster, layout, plans, geometries)
            c.saveState()
            c.translate(-rect.x, -rect.y)
            with group(c, css_name("panel", workload), ("panel", "workload"), poster.workload(workload).title):
                draw_panel(drawing, "workload", rect, title=panel.title, workload=workload)
            c.restoreState()
            return rect, drawing.placements[workload]
    raise KeyError(f"workload {workload!r} is not drawn on this layout")
