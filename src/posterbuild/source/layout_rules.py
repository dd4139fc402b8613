"""Rules that relate a poster to its layout, and a layout to its paper: one module that `check`
and `build` both run (through ``pipeline.load``) before anything is laid out, so that whatever
the build would refuse, `check` refuses first, naming the layout file, line and field."""

from __future__ import annotations

import difflib

from posterbuild.errors import DataError, Problem
from posterbuild.layout_model import COLOR_NAMES, LayoutSpec, Track
from posterbuild.model import Poster
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
    out = []
    known = [w.id for w in poster.workloads]
    placed = [(i, p.workload) for i, p in enumerate(layout.panels) if p.type == "workload"]
    for i, wid in placed:
        if wid not in known:
            out.append(doc.problem(("panels", i, "workload"), f"the poster has no workload "
                                   f"'{wid}'{_suggest(str(wid), known)} (it has: {', '.join(known)})"))
    missing = [w for w in known if w not in {wid for _, wid in placed}]
    if placed and missing:
        out.append(doc.problem(("panels",), f"no panel for workload(s) {', '.join(missing)}; add a "
                               "panel of type workload for each"))
    return out


def _families(poster: Poster, layout: LayoutSpec, doc: Document) -> list[Problem]:
    """Every protocol family of the poster is drawn (edges, legend) in the layout's style."""
    out = []
    for family in poster.families:
        if family not in layout.families:
            out.append(doc.problem(("families",), f"no style for protocol family '{family}' "
                                   f"(styled: {', '.join(sorted(layout.families)) or 'none'})"))
    return out


def _colors(poster: Poster, layout: LayoutSpec, doc: Document) -> list[Problem]:
    """A colour name the drawing code does not read would be silently ignored (and the colour it
    was meant for fall back to another): refuse it, and require a colour for every zone."""
    zones = [f"zone_{z.id}" for z in poster.zones]
    out = []
    for name in layout.colors:
        if name in COLOR_NAMES or name.startswith("zone_"):
            if name.startswith("zone_") and name not in zones:
                close = difflib.get_close_matches(name, [z for z in zones if z not in layout.colors], 1)
                if close:  # another poster's zone is fine; a misspelt one of ours is not
                    out.append(doc.problem(("colors", name), f"no zone '{name[5:]}' in the poster "
                                           f"(did you mean '{close[0]}'?)"))
            continue
        out.append(doc.problem(("colors", name), f"unknown colour name '{name}'"
                               f"{_suggest(name, [*COLOR_NAMES, *zones])} (known: "
                               f"{', '.join(COLOR_NAMES)}, zone_<zone id>)"))
    for name in zones:
        if name not in layout.colors:
            out.append(doc.problem(("colors",), f"missing colour '{name}' for the zone "
                                   f"'{name[5:]}' of the poster"))
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


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, 1)
    return f" (did you mean '{close[0]}'?)" if close else ""
