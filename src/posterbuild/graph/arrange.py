"""Stage 4: lay out every workload's variants with Graphviz (cached, in parallel) and keep the
variant that fits its room best; an edge drawn through a box gets one more try, pulled straight."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from posterbuild.graph.cache import LayoutCache
from posterbuild.graph.choose import Candidate, best
from posterbuild.graph.dot_build import VARIANTS, plan_workload
from posterbuild.graph.geometry import Geometry, parse_geometry
from posterbuild.graph.metrics import crossings, edges_through_nodes
from posterbuild.graph.plan import GraphPlan, parse_choice
from posterbuild.errors import GraphvizError
from posterbuild.graph.run_dot import layout_json
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster

__all__ = ["Arranged", "Room", "arrange"]

WORKERS = 4  # dot runs are short: starting one overlaps another's work, even on 2 cores


@dataclass(frozen=True)
class Room:
    """What the page offers a workload: the size of its graph area, and the smallest scale at
    which its text still prints at the minimum size."""

    width: float
    height: float
    min_scale: float


@dataclass
class Arranged:
    plans: dict[str, GraphPlan]
    layouts: dict[str, str]  # dot -Tjson text
    geometries: dict[str, Geometry]
    dot_runs: int = 0
    cache_hits: int = 0


def _laid_out(plan: GraphPlan, cache: LayoutCache) -> tuple[Candidate, str, bool]:
    """Lay out ``plan`` (or take it from the cache) and measure it."""
    key = cache.key(plan.dot)
    entry = cache.get(key)
    geometry = None
    if entry is not None:
        try:  # an entry that does not fit this graph is a miss, never a wrong layout
            geometry = parse_geometry(entry["json"], plan)
        except GraphvizError:
            entry = None
    ran = entry is None
    if entry is None:
        text = layout_json(plan.dot, name=plan.workload)
        geometry = parse_geometry(text, plan)
        entry = {"json": text, "crossings": crossings(geometry),
                 "through": [list(t) for t in edges_through_nodes(geometry)]}
        cache.put(key, entry)
    through = tuple(tuple(t) for t in entry["through"])
    return Candidate(plan, geometry, entry["crossings"], through), entry["json"], ran


def arrange(poster: Poster, layout: LayoutSpec, ids: list[str], rooms: dict[str, Callable[[GraphPlan], Room]],
            cache: LayoutCache, *, forced: dict[str, str] | None = None,
            prefer: dict[str, str] | None = None, meanwhile: Callable[[], None] | None = None) -> Arranged:
    """``forced`` gives a workload's exact choice (a published version); ``prefer`` the one its
    last release used, kept unless clearly worse. ``meanwhile`` runs while Graphviz works."""
    forced, prefer = forced or {}, prefer or {}
    # a workload whose last release used a variant tries that one first: stable and cheaper
    first = {wid: [forced[wid]] if wid in forced
             else [prefer[wid]] if parse_choice(prefer.get(wid, ""))[0] in VARIANTS
             else list(VARIANTS) for wid in ids}
    out = Arranged({}, {}, {})
    by_workload = _lay_out_all(poster, layout, {w: first[w] for w in ids}, cache, out, meanwhile)
    retry = {}
    for wid in ids:
        if wid in forced or len(first[wid]) == len(VARIANTS):
            continue
        candidate = by_workload[wid][0][0]
        room = rooms[wid](candidate.plan)
        g = candidate.geometry
        if candidate.through or min(room.width / g.width, room.height / g.height) < room.min_scale:
            liked = parse_choice(first[wid][0])[0]
            retry[wid] = [v for v in VARIANTS if v != liked]  # not good enough: try the others
    if retry:
        for wid, options in _lay_out_all(poster, layout, retry, cache, out, None).items():
            by_workload[wid] += options
    for wid in ids:
        options = by_workload[wid]
        room = rooms[wid](options[0][0].plan)
        liked = [i for i, (c, _) in enumerate(options) if c.plan.variant == parse_choice(prefer.get(wid, ""))[0]]
        chosen = options[best([c for c, _ in options], room.width, room.height, room.min_scale,
                              prefer=liked[0] if liked else None)]
        candidate = chosen[0]
        if candidate.through and wid not in forced:
            heavy = frozenset(e for e, _ in candidate.through)
            plan2 = plan_workload(poster, poster.workload(wid), layout, candidate.plan.variant, heavy=heavy)
            second, text2, ran = _laid_out(plan2, cache)
            out.dot_runs += ran
            if best([candidate, second], room.width, room.height, room.min_scale) == 1:
                chosen = (second, text2)
        out.plans[wid], out.layouts[wid], out.geometries[wid] = chosen[0].plan, chosen[1], chosen[0].geometry
    out.cache_hits = cache.hits
    return out


def _lay_out_all(poster: Poster, layout: LayoutSpec, tried: dict[str, list[str]], cache: LayoutCache,
                 out: Arranged, meanwhile: Callable[[], None] | None) -> dict[str, list[tuple[Candidate, str]]]:
    """Plan and lay out the given choices of each workload, in parallel."""
    plans = [plan_workload(poster, poster.workload(wid), layout, *parse_choice(choice))
             for wid, choices in tried.items() for choice in choices]
    # variants that came out the same graph (the first line names the variant) are laid out once
    unique: dict[str, GraphPlan] = {}
    for p in plans:
        unique.setdefault(p.dot.split("\n", 1)[1], p)
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        jobs = pool.map(lambda p: _laid_out(p, cache), unique.values())
        if meanwhile:
            meanwhile()
        results = list(jobs)
    out.dot_runs += sum(ran for *_, ran in results)
    by_workload: dict[str, list[tuple[Candidate, str]]] = {}
    for candidate, text, _ in results:
        by_workload.setdefault(candidate.plan.workload, []).append((candidate, text))
    return by_workload
