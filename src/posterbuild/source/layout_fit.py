"""Does a layout fit a poster? Every workload it places and every protocol family it colours."""

from __future__ import annotations

from posterbuild.errors import Problem
from posterbuild.layout_model import ZONE_COLOR, LayoutSpec
from posterbuild.model import Poster
from posterbuild.source.suggest import did_you_mean, unknown

__all__ = ["layout_fit_problems"]


def layout_fit_problems(poster: Poster, layout: LayoutSpec) -> list[Problem]:
    """What stops ``layout`` drawing ``poster``: found at load time, so ``check`` refuses what
    ``build`` would refuse, with the same words."""
    where = str(layout.path)
    out: list[Problem] = []
    known = [w.id for w in poster.workloads]
    placed = []
    for i, panel in enumerate(layout.panels):
        if panel.type != "workload":
            continue
        placed.append(panel.workload)
        if panel.workload not in known:
            out.append(Problem(where, 0, f"panels[{i}].workload",
                               unknown("workload", panel.workload or "", known)
                               + f" in layout '{layout.name}'"))
    drawn = [w.id for w in poster.workloads if w.placement == "diagram"]
    missing = [w for w in drawn if w not in placed]
    if missing and placed:
        out.append(Problem(where, 0, "panels", f"layout '{layout.name}' has no panel for workload(s) "
                           f"{', '.join(missing)}; add a panel of type workload for each"))
    for family in poster.families.values():
        if family.id not in layout.families:
            styled = ", ".join(sorted(layout.families)) or "none"
            out.append(Problem(where, 0, "families",
                               f"no style for protocol family '{family.id}' (from protocols.yaml)"
                               f";{did_you_mean(family.id, layout.families)} add it under "
                               f"'families' (styled: {styled})"))
    for zone in poster.zones:
        if ZONE_COLOR + zone.id not in layout.colors:
            given = ", ".join(k for k in layout.colors if k.startswith(ZONE_COLOR)) or "none"
            out.append(Problem(where, 0, "colors", f"no colour for zone '{zone.id}': add "
                               f"{ZONE_COLOR}{zone.id} under 'colors' (zone colours given: {given})"))
    return out
