"""Stage 4: lay out every workload's diagram with Graphviz, then route it, at the layout's sizes.

Each diagram's DOT (``dot_build``) fixes every box's size and column; ``dot -Tjson`` decides
where the boxes stand (all diagrams at once, one ``dot`` per diagram, through the content-keyed
layout cache); ``place`` routes the lines and pills around Graphviz's positions. Nothing here
knows the page: the page is sized from the diagrams afterwards. Published versions recorded
Graphviz layout variants; they are accepted and no longer needed."""

from __future__ import annotations

import dataclasses
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from posterbuild.graph import placed_cache
from posterbuild.graph.cache import LayoutCache, default_cache
from posterbuild.graph.dot_build import plan_and_measure, write_dot
from posterbuild.graph.fork import fork_map, usable_cpus
from posterbuild.graph.placed import PlacedDiagram, placed_json
from posterbuild.graph.positions import parse_positions
from posterbuild.graph.measure import Measure, Spacing
from posterbuild.graph.place import both, measure, place
from posterbuild.graph.plan import GraphPlan
from posterbuild.graph.run_dot import layout_json
from posterbuild.graph.site import columns_for, site_plan
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster

__all__ = ["Arranged", "Room", "arrange", "spread", "run_all"]

MAX_PARALLEL = 4  # dot runs at once (each is one process)
FORK_LEAST = 8  # diagrams to route that make forked workers worth their start (graph/fork.py)


@dataclass
class Arranged:
    plans: dict[str, GraphPlan]
    layouts: dict[str, str]  # the placed geometry as JSON text, Graphviz's output within
    geometries: dict[str, PlacedDiagram]
    dot_runs: int = 0
    cache_hits: int = 0  # Graphviz outputs from the cache
    placed_hits: int = 0  # diagrams from the cache, routed (no Graphviz output needed)


def run_all(sources: dict[str, str], cache: LayoutCache | None = None) -> tuple[dict[str, str], int, int]:
    """``dot -Tjson`` text for every DOT source (by name), from the cache or run in parallel;
    and how many ran and how many came from the cache."""
    cache = cache or default_cache()
    keys = {name: cache.key(src) for name, src in sources.items()}
    out: dict[str, str] = {}
    for name, key in keys.items():
        hit = cache.get(key) if key else None
        if hit is not None and _fits(hit, sources[name]):
            out[name] = hit
    todo = [name for name in sources if name not in out]
    if len(todo) == 1:
        done = [layout_json(sources[todo[0]], name=todo[0])]
    else:
        with ThreadPoolExecutor(max_workers=min(MAX_PARALLEL, len(todo) or 1)) as pool:
            done = list(pool.map(lambda n: layout_json(sources[n], name=n), todo))
    for name, text in zip(todo, done):
        out[name] = text
        if keys[name]:
            cache.put(keys[name], text)
    return out, len(todo), len(sources) - len(todo)


def _fits(text: str, dot_source: str) -> bool:
    """A cached layout is used only if it is one of this graph: it parses, and names only nodes
    the DOT source has (an entry forged or mixed up under the right key is a miss)."""
    try:
        positions = parse_positions(text)
    except (ValueError, KeyError, TypeError, AttributeError):
        return False
    return bool(positions.nodes) and all(f'"{n}"' in dot_source or f"{n} " in dot_source
                                         for n in positions.nodes)


def arrange(poster: Poster, layout: LayoutSpec, ids: list[str], cache: LayoutCache | None = None) -> Arranged:
    """Plan, lay out (Graphviz) and route the diagrams of the workloads ``ids``; a diagram
    whose inputs are unchanged comes from the cache, already routed."""
    cache = cache or default_cache()
    keys = placed_cache.arranged_keys(poster, layout, ids) if cache.folder else {}
    hits = {}
    for wid, key in keys.items():
        hit = placed_cache.get_arranged(cache, key, wid, set(poster.workload(wid).role_ids()))
        if hit is not None:
            hits[wid] = hit
    todo = [wid for wid in ids if wid not in hits]
    fresh = _arrange(placed_cache.poster_view(poster, todo), placed_cache.graph_view(layout), todo,
                     cache, keys) if todo else Arranged({}, {}, {})
    done = {**{wid: placed_cache.Placed(fresh.plans[wid], fresh.geometries[wid], fresh.layouts[wid])
               for wid in todo}, **hits}
    return Arranged({w: done[w].plan for w in ids}, {w: done[w].layout_json for w in ids},
                    {w: done[w].geometry for w in ids}, fresh.dot_runs, fresh.cache_hits, len(hits))


def _parts(ids: list) -> list[list]:
    """``ids`` in one part per CPU when they are many (each diagram is routed on its own, so the
    parts, in forked workers, give what one process gives); else in one part."""
    n = min(usable_cpus(), len(ids)) if len(ids) >= FORK_LEAST else 1
    return [ids[i::n] for i in range(n)] if n > 1 else [ids]


def _arrange(poster: Poster, layout: LayoutSpec, ids: list[str], cache: LayoutCache,
             keys: dict[str, str]) -> Arranged:
    """Plan, lay out and route the diagrams ``ids`` (none of them from the cache), and keep
    each in the cache under its key: in forked workers, a part each, when they are many."""
    parts = _parts(ids)
    if len(parts) == 1:
        return _arrange_part(poster, layout, ids, cache, keys)
    done = fork_map(lambda part: _arrange_part(poster, layout, part, cache, keys), parts)
    out = Arranged({}, {}, {}, sum(a.dot_runs for a in done), sum(a.cache_hits for a in done))
    for wid in ids:
        a = next(a for a in done if wid in a.plans)
        out.plans[wid], out.layouts[wid], out.geometries[wid] = a.plans[wid], a.layouts[wid], a.geometries[wid]
    return out


def _arrange_part(poster: Poster, layout: LayoutSpec, ids: list[str], cache: LayoutCache,
                  keys: dict[str, str]) -> Arranged:
    out = _lay_out_part(poster, layout, ids, cache)
    for wid in ids:
        if wid in keys:
            placed_cache.put_arranged(cache, keys[wid], placed_cache.Placed(
                out.plans[wid], out.geometries[wid], out.layouts[wid]))
    return out


def _lay_out_part(poster: Poster, layout: LayoutSpec, ids: list[str], cache: LayoutCache) -> Arranged:
    out = Arranged({}, {}, {})
    measures: dict[str, Measure] = {}
    for wid in ids:
        out.plans[wid], measures[wid] = plan_and_measure(poster, poster.workload(wid), layout)
    texts, out.dot_runs, out.cache_hits = run_all({wid: p.dot for wid, p in out.plans.items()}, cache)
    chosen: dict[str, PlacedDiagram] = {}
    follows: set[str] = set()
    again: dict[str, tuple[Measure, str]] = {}
    for wid, plan in out.plans.items():
        m = measures[wid]
        placed = both(poster, plan, m, parse_positions(texts[wid]))
        chosen[wid] = placed.grid
        if placed.fits(m):
            if placed.followed_wins():
                chosen[wid] = placed.followed
                follows.add(wid)
        elif placed.followed_wins() or sum(placed.needs) <= sum(m.channels):
            # Graphviz's placement needs other channel widths than the grid's: lay it out once
            # more with the channels it needs; it is kept only if it is still no worse
            m2 = dataclasses.replace(m, channels=list(placed.needs))
            again[wid] = (m2, write_dot(poster, poster.workload(wid), plan, m2))
    if again:
        texts2, runs, hits = run_all({wid: dot for wid, (_, dot) in again.items()}, cache)
        out.dot_runs, out.cache_hits = out.dot_runs + runs, out.cache_hits + hits
        for wid, (m2, dot) in again.items():
            placed = both(poster, out.plans[wid], m2, parse_positions(texts2[wid]), grid=chosen[wid])
            if placed.fits(m2) and placed.followed_wins():
                chosen[wid] = placed.followed
                follows.add(wid)
                out.plans[wid] = dataclasses.replace(out.plans[wid], dot=dot)
                texts[wid] = texts2[wid]
    for wid in follows:
        out.plans[wid] = dataclasses.replace(out.plans[wid], follows_graphviz=True)
    for wid, plan in out.plans.items():
        labels = {e.id: [t.text for t in e.lines] for e in plan.edges}
        out.geometries[wid] = chosen[wid]
        out.layouts[wid] = placed_json(chosen[wid], workload=wid, labels=labels, graphviz=texts[wid])
    return out


@dataclass(frozen=True)
class Room:
    """A panel's room for a diagram: its height to use, within its width."""

    height: float
    width: float


def spread(poster: Poster, plans: dict[str, GraphPlan], layout: LayoutSpec,
           naturals: dict[str, PlacedDiagram], rooms: dict[str, Room],
           cache: LayoutCache | None = None) -> dict[str, PlacedDiagram]:
    """Each diagram taller, to use its panel's spare height (within its width): Graphviz lays
    it out again with more room between the boxes of a column (the text never grows). A
    diagram with under a point to spare stays as it is; one spread before comes from the cache;
    the others are spread together (each round's ``dot`` runs at once)."""
    cache = cache or default_cache()
    out = dict(naturals)
    todo: dict[str, _Spreading] = {}
    keys: dict[str, str] = {}
    arranged = placed_cache.arranged_keys(poster, layout, list(rooms)) if cache.folder else {}
    for wid, room in rooms.items():
        if room.height < naturals[wid].height + 1:
            continue
        plan = plans[wid]
        if cache.folder:
            keys[wid] = placed_cache.spread_key(arranged[wid], plan, naturals[wid], layout, room.height,
                                                room.width)
            hit = placed_cache.get_spread(cache, keys[wid], naturals[wid])
            if hit is not None:
                out[wid] = hit
                continue
        todo[wid] = _Spreading(placed_cache.poster_view(poster, [wid]), plan,
                               placed_cache.graph_view(layout), naturals[wid], room)
    parts = _parts(list(todo))
    settled = fork_map(lambda part: _settle({wid: todo[wid] for wid in part}, cache, keys), parts, least=2)
    for wid in todo:
        out[wid] = next(p[wid] for p in settled if wid in p)
    return out


def _settle(todo: dict[str, _Spreading], cache: LayoutCache, keys: dict[str, str]) -> dict[str, PlacedDiagram]:
    """Spread the diagrams ``todo`` together (each round's ``dot`` runs at once) and keep each
    in the cache under its key (in the worker that spread it, when there are workers)."""
    for _ in range(3):  # the tallest column grows by about (boxes - 1) gaps: settle on it
        active = {wid: s for wid, s in todo.items() if not s.done}
        if not active:
            break
        texts, _, _ = run_all({wid: s.next_dot() for wid, s in active.items()}, cache)
        for wid, s in active.items():
            s.take(texts[wid])
    for wid, s in todo.items():
        if wid in keys:
            placed_cache.put_spread(cache, keys[wid], s.best)
    return {wid: s.best for wid, s in todo.items()}


class _Spreading:
    """One diagram being spread: a round writes its DOT with more room between the boxes,
    then takes Graphviz's layout of it (the best that fits is kept) and settles the room."""

    def __init__(self, poster: Poster, plan: GraphPlan, layout: LayoutSpec, natural: PlacedDiagram,
                 room: Room) -> None:
        self.poster, self.plan, self.layout, self.natural, self.room = poster, plan, layout, natural, room
        self.sp = Spacing.of(layout)
        most = max(len(c.roles) for c in columns_for(site_plan(poster), set(plan.nodes)))
        self.extra = room.height - natural.height - 2 * self.sp.line_gap  # a little air above and below
        self.boost = self.extra / max(1, most - 1)
        self.best, self.done = natural, False
        self.m: Measure | None = None

    def next_dot(self) -> str:
        sp = dataclasses.replace(self.sp, node_gap=self.sp.node_gap + self.boost)
        self.m = measure(self.poster, self.plan, self.layout, sp)
        return write_dot(self.poster, self.poster.workload(self.plan.workload), self.plan, self.m)

    def take(self, text: str) -> None:
        assert self.m is not None
        trial = place(self.poster, self.plan, self.m, parse_positions(text))
        if trial.height <= self.room.height - self.sp.line_gap and trial.width <= self.room.width + 0.01:
            self.best = trial
        grown = trial.height - self.natural.height
        if grown <= 0.01 or abs(grown - self.extra) < self.sp.line_gap:
            self.done = True
        else:
            self.boost *= self.extra / grown
