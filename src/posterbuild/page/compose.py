"""Compose the page: every panel of the layout drawn with ReportLab into PDF bytes."""

from __future__ import annotations

import dataclasses
import io

from reportlab.pdfgen.canvas import Canvas

from posterbuild import __version__
from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.page.grid import panel_rects, sized_layout
from posterbuild.page.panels import content_widths
from posterbuild.page.rules import rule_items
from posterbuild.page.paint import Rect, color, to_cmyk
from posterbuild.page.marks import draw_crop_marks
from posterbuild.page.setup import PageSetup
from posterbuild.page.panels import PanelDraw, draw_panel
from posterbuild.page.quadrant import Placement, diagram_area, natural_size

__all__ = ["compose_pdf", "size_page", "diagram_areas"]


def size_page(poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan],
              geometries: dict[str, PlacedDiagram]) -> LayoutSpec:
    """The layout with its grid sized from the diagrams: each workload panel at least as large
    as its diagram at the layout's sizes, the rest shared out by the grid's fractions."""
    layout = _without_empty_rules(poster, layout)
    needs = {}
    for i, p in enumerate(layout.panels):
        if p.type == "workload" and p.workload in geometries:
            w = poster.workload(p.workload)
            width, height = natural_size(w, plans[w.id], geometries[w.id], layout)
            needs[i] = (width, height, f"{w.origin.file}: workload '{w.id}' ({w.title})")
    return sized_layout(layout, needs, content_widths(poster, layout))


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
    c.setKeywords(f"{poster.slug}, version {meta.version}")
    c.setFillColor(color(layout.colors["paper"]))
    c.rect(-b, -b, layout.width + 2 * b, layout.height + 2 * b, stroke=0, fill=1)
    placements: dict[str, Placement] = {}
    drawing = PanelDraw(c, poster, layout, plans, geometries, review, bleed=b)
    for panel, rect in panel_rects(layout):
        draw_panel(drawing, panel.type, rect, title=panel.title, workload=panel.workload)
    placements.update(drawing.placements)
    if setup.marks:
        paper = layout.paper or f"{layout.width / 72:g} x {layout.height / 72:g} in"
        draw_crop_marks(c, layout, setup, f"{layout.title_for(meta)}  ·  version {meta.version}  ·  {paper}, "
                        f"trim {layout.width / 72:g} x {layout.height / 72:g} in, bleed "
                        f"{setup.bleed / 72:g} in")
    c.showPage()
    c.save()
    return buffer.getvalue(), placements
