"""SVG files of the poster: the whole sheet and each diagram, drawn by the page code itself.

The panels are drawn through :class:`~posterbuild.page.svg_surface.SvgSurface`, the same drawing
code as the PDF, from the same placed diagrams: same positions, routes, styles, text, notes and
legend marks. Text stays text (selectable, searchable) in the layout's own fonts, embedded as
``@font-face`` data; each role, connection, label, pool, firewall and panel is a ``<g>`` with an
id and a ``<title>``; the protocol families are CSS classes (``.family-sip``) that their lines,
arrowheads, pills and label text inherit, so one rule restyles a family.
"""

from __future__ import annotations

import base64
import xml.etree.ElementTree as ET
from pathlib import Path

from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.exports.xml_write import to_xml
from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.page.grid import panel_rects
from posterbuild.page.compose import draw_sheet, draw_workload_panel
from posterbuild.page.paint import family_class
from posterbuild.page.svg_surface import SVG_NS, SvgSurface, number

__all__ = ["sheet_svg", "diagram_svg", "family_classes", "SVG_HEAD"]

SVG_HEAD = b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- posterbuild'
TEXT_RULES = ("text{white-space:pre;font-kerning:none;font-variant-ligatures:none;"
              "text-rendering:geometricPrecision}")


def family_classes(layout: LayoutSpec) -> dict[str, dict[str, str]]:
    """``family-<id>``: the family's colour (stroke and fill), line width and dashes."""
    out = {}
    for fid, fam in layout.families.items():
        out[family_class(fid)] = {
            "stroke": fam.color.lower(), "fill": fam.color.lower(), "stroke-width": number(fam.width),
            "stroke-dasharray": " ".join(number(v) for v in fam.dash) if fam.dash else "none"}
    return out


def _css(classes: dict[str, dict[str, str]], fonts_used: set[str], font_files: dict[str, Path]) -> str:
    rules = []
    for name in sorted(fonts_used):
        path = font_files.get(name)
        if path is not None:
            data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
            rules.append(f"@font-face{{font-family:'{name}';src:url(data:font/ttf;base64,{data}) format('truetype')}}")
    rules.append(TEXT_RULES)
    for name, props in classes.items():
        rules.append(f".{name}{{" + ";".join(f"{k}:{v}" for k, v in props.items()) + "}")
    return "\n".join(rules)


def _document(surface: SvgSurface, *, title: str, description: str, font_files: dict[str, Path]) -> bytes:
    root = ET.Element("svg", {
        "xmlns": SVG_NS, "version": "1.1", "width": f"{number(surface.width)}pt", "height": f"{number(surface.height)}pt",
        "viewBox": f"0 0 {number(surface.width)} {number(surface.height)}", "role": "graphics-document document",
        "aria-labelledby": "poster-title poster-desc"})
    t = ET.SubElement(root, "title", {"id": "poster-title"})
    t.text = title
    d = ET.SubElement(root, "desc", {"id": "poster-desc"})
    d.text = description
    fonts_used = {e.get("font-family", "") for e in surface.content.iter("text")}
    ET.SubElement(root, "style").text = _css(surface.classes, fonts_used, font_files)
    root.append(surface.content)
    body = to_xml(root)
    return SVG_HEAD + b" export: SVG -->\n" + body.encode("utf-8") + b"\n"


def _surface(layout: LayoutSpec, width: float, height: float) -> SvgSurface:
    return SvgSurface(width, height, classes=family_classes(layout), initial_font=layout.text["body"].font)


def sheet_svg(poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan],
              geometries: dict[str, PlacedDiagram]) -> bytes:
    """The whole sheet (``layout`` as drawn: its grid sized from the diagrams)."""
    surface = _surface(layout, layout.width, layout.height)
    draw_sheet(surface, poster, layout, plans, geometries)
    meta = poster.meta
    return _document(surface, title=f"{layout.title_for(meta)} (version {meta.version})",
                     description=_description(poster, [w for w in plans]), font_files=layout.font_files)


def diagram_svg(poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan],
                geometries: dict[str, PlacedDiagram], workload: str) -> bytes:
    """One workload's panel: its diagram with title, zones, firewalls, notes and callouts."""
    rect = next(r for p, r in panel_rects(layout) if p.type == "workload" and p.workload == workload)
    surface = _surface(layout, rect.w, rect.h)
    draw_workload_panel(surface, poster, layout, plans, geometries, workload)
    meta = poster.meta
    title = f"{poster.workload(workload).title}: {layout.title_for(meta)} (version {meta.version})"
    return _document(surface, title=title, description=_description(poster, [workload]),
                     font_files=layout.font_files)


def _description(poster: Poster, workloads: list[str]) -> str:
    count = sum(len(poster.workload(w).connections) for w in workloads)
    return (f"{len(workloads)} diagram{'s' if len(workloads) != 1 else ''} of {poster.meta.product}: "
            f"{count} connections. Each role and each connection is a group whose title says it in "
            "words (who opens it, who listens, protocol, transport, port, note and source).")
