"""Stage 4: place every workload's diagram from the site plan, at the layout's own sizes.

Nothing here knows the page: a diagram is laid out at the sizes the layout sets, and the page is
then sized from it. Published versions recorded Graphviz layout variants; they are accepted and
no longer needed (the placement depends only on the data and the layout)."""

from __future__ import annotations

from dataclasses import dataclass

from posterbuild.errors import LayoutError
from posterbuild.graph.dot_build import plan_workload
from posterbuild.graph.geometry import Geometry, geometry_json
from posterbuild.graph.place import place
from posterbuild.graph.plan import GraphPlan
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster

__all__ = ["Arranged", "arrange"]


@dataclass
class Arranged:
    plans: dict[str, GraphPlan]
    layouts: dict[str, str]  # the placed geometry as JSON text
    geometries: dict[str, Geometry]
    dot_runs: int = 0
    cache_hits: int = 0


def arrange(poster: Poster, layout: LayoutSpec, ids: list[str]) -> Arranged:
    """Plan and place the diagrams of the workloads ``ids``."""
    out = Arranged({}, {}, {})
    for wid in ids:
        plan = plan_workload(poster, poster.workload(wid), layout)
        geometry = place(poster, plan, layout)
        labels = {e.id: [t.text for t in e.lines] for e in plan.edges}
        out.plans[wid], out.geometries[wid] = plan, geometry
        out.layouts[wid] = geometry_json(geometry, workload=wid, labels=labels)
    return out
