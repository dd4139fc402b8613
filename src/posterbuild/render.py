"""Stages 3-5 in memory: each diagram laid out (DOT, Graphviz, placement and routing), the page
sized from the diagrams, then drawn as a PDF. Run by :func:`posterbuild.pipeline.build` when the
build cache has no such build; nothing here writes a file."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from posterbuild.core.errors import LayoutError
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.fonts import metrics as fonts
from posterbuild.graph.arrange import Arranged, Room, arrange, spread
from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.graph.run_dot import dot_timeout
from posterbuild.loading import Loaded
from posterbuild.page.compose import compose_pdf, diagram_areas, size_page
from posterbuild.page.quadrant import Placement
from posterbuild.page.setup import PageSetup
from posterbuild.source.layout_rules import placed_workloads

if TYPE_CHECKING:  # only a type: a review copy's changes are computed by the command, drawn by the page
    from posterbuild.versions.review import Review

log = logging.getLogger("posterbuild")

__all__ = ["Built", "lay_out", "build"]


@dataclass
class Built:
    pdf: bytes
    plans: dict[str, GraphPlan]
    layouts: dict[str, str]  # workload id -> dot -Tjson text
    geometries: dict[str, PlacedDiagram]
    placements: dict[str, Placement]
    timings: dict[str, float] = field(default_factory=dict)
    dot_runs: int = 0  # graphs Graphviz laid out; the others came from the cache
    layout: LayoutSpec | None = None  # the layout as drawn: its grid sized from the diagrams


def lay_out(loaded: Loaded, cache=None) -> Arranged:
    """Stages 3-4: each placed workload's diagram, laid out at the layout's own sizes (it knows
    nothing of the page; the page is sized from it afterwards)."""
    dot_timeout()  # a nonsense $POSTERBUILD_DOT_TIMEOUT is an error even when the cache answers
    return arrange(loaded.poster, loaded.layout, placed_workloads(loaded.poster, loaded.layout))


def build(loaded: Loaded, setup: PageSetup = PageSetup(), review: Review | None = None) -> Built:
    """Stages 3-5 in memory; nothing is written. When the layout was fitted to a paper in more
    than one way, the first fit that keeps all text above the minimum wins."""
    try:
        return _build_one(loaded, setup, review)
    except LayoutError:
        for spec in loaded.alternatives:
            try:
                return _build_one(replace(loaded, layout=spec, alternatives=()), setup, review)
            except LayoutError:
                continue
        raise


def _build_one(loaded: Loaded, setup: PageSetup, review: Review | None) -> Built:
    t0 = time.perf_counter()
    arranged = lay_out(loaded)
    plans, texts, geometries = arranged.plans, arranged.layouts, arranged.geometries
    t1 = time.perf_counter()
    page = size_page(loaded.poster, loaded.layout, plans, geometries, review)
    geometries = _spread(loaded.poster, page, plans, geometries)
    pdf, placements = compose_pdf(loaded.poster, page, plans, geometries, setup, review)
    t2 = time.perf_counter()
    log.info("laid out in %.2f s (Graphviz ran %d time(s)), composed in %.2f s", t1 - t0,
             arranged.dot_runs, t2 - t1)
    return Built(pdf=pdf, plans=plans, layouts=texts, geometries=geometries, placements=placements,
                 timings={"layout": t1 - t0, "compose": t2 - t1}, dot_runs=arranged.dot_runs,
                 layout=page)


def _spread(poster: Poster, page: LayoutSpec, plans: dict[str, GraphPlan],
            geometries: dict[str, PlacedDiagram]) -> dict[str, PlacedDiagram]:
    """Each diagram with room to spare in its panel spread apart to use it (the text keeps its
    size): laid out again by the graph stage once the page is sized, before anything is drawn."""
    spare = fonts.line_height(page.text["node"])
    rooms = {wid: Room(area.h, area.w)
             for wid, area in diagram_areas(poster, page, plans, geometries).items()
             if area.h > geometries[wid].height + spare}
    return spread(poster, plans, page, geometries, rooms)
