"""Rules that relate a poster to its layout, and a layout to its paper: one module that `check`
and `build` both run (through ``pipeline.load``) before anything is laid out, so that whatever
the build would refuse, `check` refuses first, naming the layout file, line and field."""

from __future__ import annotations

from posterbuild.core.errors import DataError, Problem
from posterbuild.core.layout_model import ZONE_COLOR, LayoutSpec, Track
from posterbuild.core.model import Poster
from posterbuild.source.suggest import did_you_mean, unknown
from posterbuild.source.yaml_reader import Document

__all__ = ["layout_problems", "check_layout", "placed_workloads"]


def check_layout(poster: Poster, layout: LayoutSpec) -> None:
    """Raise :class:`DataError` with every problem of ``layout`` for ``poster``."""
    problems = layout_problems(poster, layout)
    if problems:
        raise DataError(problems)


def layout_problems(poster: Poster, layout: LayoutSpec) -> list[Problem]:
    """What the build would refuse (or crash on) for this poster with this layout."""
    doc = Document(path=layout.path, name=str(layout.path), data=layout.data, lines=layout.lines)
    return (_workload_panels(poster, layout, doc) + _families(poster, layout, doc)
            + _colors(poster, layout, doc) + _paper(layout, doc))


def placed_workloads(poster: Poster, layout: LayoutSpec) -> list[str]:
    """Workload ids the layout draws, in panel order (checked both ways by
    :func:`layout_problems`)."""
    known = {w.id for w in poster.workloads}
    return [p.workload for p in layout.panels if p.type == "workload" and p.workload in known]


def _workload_panels(poster: Poster, layout: LayoutSpec, doc: Document) -> list[Problem]:
    """Every panel names a workload of the poster; every workload drawn as a diagram has a
    panel (a workload placed as a table needs none)."""
    out = []
    known = [w.id for w in poster.workloads]
    placed = [(i, p.workload) for i, p in enumerate(layout.panels) if p.type == "workload"]
    for i, wid in placed:
        if wid not in known:
            out.append(doc.problem(("panels", i, "workload"), unknown("workload", str(wid), known)
                                   + f" in layout '{layout.name}'"))
    drawn = [w.id for w in poster.workloads if w.placement == "diagram"]
    missing = [w for w in drawn if w not in {wid for _, wid in placed}]
    if placed and missing:
        out.append(doc.problem(("panels",), f"layout '{layout.name}' has no panel for workload(s) "
                               f"{', '.join(missing)}; add a panel of type workload for each"))
    return out


def _families(poster: Poster, layout: LayoutSpec, doc: Document) -> list[Problem]:
    """Every protocol family of the poster is drawn (edges, legend) in the layout's style."""
    out = []
    for family in poster.families:
        if family not in layout.families:
            styled = ", ".join(sorted(layout.families)) or "none"
            out.append(doc.problem(("families",), f"no style for protocol family '{family}' (from "
                                   f"protocols.yaml);{did_you_mean(family, layout.families)} add it "
                                   f"under 'families' (styled: {styled})"))
    return out


def _colors(poster: Poster, layout: LayoutSpec, doc: Document) -> list[Problem]:
    """Every zone of the poster has its band colour, and a zone colour that names no zone of
    the poster but is close to one is a typo. (Colour names nothing reads are refused when the
    layout is read, in :mod:`posterbuild.source.layout_file`.)"""
    zones = [f"{ZONE_COLOR}{z.id}" for z in poster.zones]
    out = []
    for name in layout.colors:
        if name.startswith(ZONE_COLOR) and name not in zones:
            hint = did_you_mean(name, [z for z in zones if z not in layout.colors])
            if hint:  # another poster's zone is fine; a misspelt one of ours is not
                out.append(doc.problem(("colors", name), f"no zone '{name[len(ZONE_COLOR):]}' in "
                                       f"the poster;{hint}"))
    for name in zones:
        if name not in layout.colors:
            given = ", ".join(k for k in layout.colors if k.startswith(ZONE_COLOR)) or "none"
            out.append(doc.problem(("colors",), f"no colour for zone '{name[len(ZONE_COLOR):]}': "
                                   f"add {name} under 'colors' (zone colours given: {given})"))
    return out


def _paper(layout: LayoutSpec, doc: Document) -> list[Problem]:
    """On the paper it was fitted to (or its own page): the fixed grid tracks, gaps and margins
    fit, the fractional tracks keep some room, and no text style is below the minimum size."""
    out = []
    sheet = f"the {layout.paper} paper" if layout.paper else "the page"
    for key, tracks, total in (("columns", layout.columns, layout.width),
                               ("rows", layout.rows, layout.height)):
        room = total - 2 * layout.margin
        need = _fixed(tracks) + layout.gap * (len(tracks) - 1)
        flexible = any(t.unit == "fr" for t in tracks)
        if need > room + 1e-6 or (flexible and need >= room - 1e-6):
            out.append(doc.problem(("grid", key), f"the fixed {key}, gaps and margins need "
                                   f"{(need + 2 * layout.margin) / 72:.2f} in of the "
                                   f"{total / 72:.2f} in of {sheet}"
                                   + ("; the fractional ones get no room" if flexible else "")))
    for name, style in layout.text.items():
        if style.size < layout.min_text_size - 1e-6:
            out.append(doc.problem(("text", name, "size"), f"the {name.replace('_', ' ')} text "
                                   f"prints at {style.size:.1f} pt on {sheet}, below the minimum "
                                   f"{layout.min_text_size:g} pt"))
    return out


def _fixed(tracks: tuple[Track, ...]) -> float:
    return sum(t.value for t in tracks if t.unit == "pt")
