"""The viewer's answers: every diagram as drawn, in sheet points, and every rule.

Written beside the tiles as ``overlay.json`` (and into ``poster-data.js``, which also works from
``file://``): each role's box, each line's points and label box, each firewall wall, with y
running down from the sheet's top edge (x / width is OpenSeadragon's viewport x, y / width its
y), and the rules each line, role and firewall stands for. It is read from what the page drew
(:class:`~posterbuild.page.quadrant.Drawn`), never from pixels and never laid out again."""

from __future__ import annotations

from posterbuild.core.firewalls import firewall_rules
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.graph.plan import GraphPlan
from posterbuild.page.describe import rule_facts
from posterbuild.page.paint import Rect
from posterbuild.page.quadrant import Drawn

__all__ = ["overlay", "firewall_id"]


def firewall_id(left: str, right: str) -> str:
    """A firewall by the zones it stands between, e.g. ``internet-perimeter`` (its id in the URL)."""
    return f"{left}-{right}"


def _r(v: float) -> float:
    return round(v, 2)


def overlay(poster: Poster, layout: LayoutSpec, plans: dict[str, GraphPlan], drawn: dict[str, Drawn]) -> dict:
    """The overlay data for the diagrams in ``drawn`` on the sheet of ``layout`` (as drawn)."""
    height = layout.height
    rules: list[dict[str, object]] = []
    index: dict[tuple[str, int], int] = {}
    for w in poster.workloads:
        for i, c in enumerate(w.connections):
            index[(w.id, id(c))] = len(rules)
            rules.append(rule_facts(poster, w.id, c))
    crossing: dict[str, list[int]] = {firewall_id(f.left, f.right): [] for f in poster.firewalls}
    for rule in firewall_rules(poster):
        crossing[firewall_id(rule.firewall.left, rule.firewall.right)].append(index[(rule.workload, id(rule.connection))])
    firewalls = {firewall_id(f.left, f.right): {"name": f.name, "rules": crossing[firewall_id(f.left, f.right)]}
                 for f in poster.firewalls}

    def box(r: Rect) -> list[float]:
        return [_r(r.x), _r(height - r.top), _r(r.w), _r(r.h)]

    diagrams = []
    for wid, d in drawn.items():
        w, plan = poster.workload(wid), plans[wid]
        diagrams.append({
            "workload": wid, "title": w.title,
            "boxes": {rid: box(r) for rid, r in d.boxes.items()},
            "lines": [{"id": e.id, "tail": e.tail, "head": e.head, "family": e.family,
                       "color": layout.families[e.family].color, "text": " · ".join(t.text for t in e.lines),
                       "points": [[_r(x), _r(height - y)] for x, y in d.lines[e.id]],
                       "label": box(d.pills[e.id]),
                       "rules": [index[(wid, id(w.connections[i]))] for i in e.connections]}
                      for e in plan.edges],
            "walls": [{"firewall": firewall_id(a, z), "x": _r(r.x + r.w / 2), "w": _r(r.w),
                       "top": _r(height - r.top), "bottom": _r(height - r.y)} for a, z, r in d.firewalls],
        })
    roles = {rid: {"name": r.name, "zone": r.zone, "kind": r.kind} for rid, r in poster.roles.items()}
    return {"width": _r(layout.width), "height": _r(height), "roles": roles, "rules": rules,
            "firewalls": firewalls, "diagrams": diagrams}
