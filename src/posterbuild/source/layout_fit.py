"""Does a layout fit a poster? Every workload it places and every protocol family it colours."""

from __future__ import annotations

from posterbuild.errors import Problem
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster
from posterbuild.source.layout_defaults import COLOR_KEYS
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
    out.extend(_colour_typos(poster, layout))
    return out


def _colour_typos(poster: Poster, layout: LayoutSpec) -> list[Problem]:
    """A colour name that nothing reads, close to one that is read and not set: a typo.
    (``zone_<id>`` names are let be: a parent layout may colour zones this poster lacks.)"""
    unset = [k for k in COLOR_KEYS if k not in layout.colors]
    out = []
    for key in layout.colors:
        if key in COLOR_KEYS or key.startswith("zone_"):
            continue
        hint = did_you_mean(key, unset)
        if hint:
            out.append(Problem(str(layout.path), 0, f"colors.{key}", f"no colour is named '{key}' "
                               f"(nothing reads it);{hint}"))
    return out
