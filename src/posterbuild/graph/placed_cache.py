"""The routed diagrams in the layout cache: a diagram whose inputs did not change is not laid
out or routed again (a warm build, and every diagram but the edited one in ``watch``).

The key is a hash of exactly what the graph stage is given: the workload, the parts of the
poster every diagram shares (zones, firewalls, groups, roles, protocols, families), the parts of
the layout it reads (text styles, graph spacing), the fonts' content, ReportLab's version, the
``dot`` program (by path, size and time stamp), and posterbuild's own code (every module, by
size and time stamp). The graph stage is run on :func:`graph_view` of the poster and layout, so
what it cannot see cannot change its result, and a test holds the view to what the stage reads.
An entry is data (:mod:`posterbuild.graph.codec`), checked against the workload it is for.
"""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

from posterbuild.fonts import metrics as fonts
from posterbuild.core.cache_dir import code_stamp
from posterbuild.graph.cache import LayoutCache
from posterbuild.graph.codec import decode, encode
from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.graph.run_dot import dot_stamp
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster, PosterMeta

__all__ = ["Placed", "graph_view", "poster_view", "arranged_key", "arranged_keys", "spread_key", "get_arranged",
           "put_arranged", "get_spread", "put_spread"]

FORMAT = "placed 2: {plan, geometry, layout json} | {geometry}"
_NO_META = PosterMeta(title="", product="", version="", published="", author="", layout="",
                      copyright="", home="")


@dataclasses.dataclass(frozen=True)
class Placed:
    """One diagram as the graph stage left it."""

    plan: GraphPlan
    geometry: PlacedDiagram
    layout_json: str  # the placed geometry as JSON text, Graphviz's output within


def poster_view(poster: Poster, ids: list[str] | tuple[str, ...]) -> Poster:
    """The poster as the graph stage sees it: the workloads ``ids`` and what every diagram
    shares; nothing of the tables, the title or the history."""
    return poster.replace(meta=_NO_META, workloads=tuple(poster.workload(i) for i in ids),
                          certificates=(), dns_records=(), links=(), history=(), slug="",
                          source_kinds=())


def graph_view(layout: LayoutSpec) -> LayoutSpec:
    """The layout as the graph stage sees it: its text styles and graph spacing (the page, the
    grid, the panels and the colours are the page's business)."""
    return dataclasses.replace(layout, name="", path=Path(), width=0.0, height=0.0, margin=0.0,
                               columns=(), rows=(), gap=0.0, font_files={}, colors={}, families={},
                               panels=(), paper=None, poster_title=None, data={}, lines={})


def arranged_keys(poster: Poster, layout: LayoutSpec, ids: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The key of each workload's diagram (``ids``) laid out and routed at the layout's sizes
    (what all diagrams share is written out once)."""
    shared = (poster.zones, poster.firewalls, poster.groups, poster.roles, poster.protocols,
              poster.families)
    common = _hash("arranged", repr(shared), _layout_part(layout))
    return {wid: hashlib.sha256(f"{common}\n{poster.workload(wid)!r}".encode("utf-8")).hexdigest()
            for wid in ids}


def arranged_key(poster: Poster, layout: LayoutSpec, wid: str) -> str:
    return arranged_keys(poster, layout, [wid])[wid]


def spread_key(arranged: str, plan: GraphPlan, natural: PlacedDiagram, layout: LayoutSpec, height: float,
               width: float) -> str:
    """The key of a diagram (``arranged``: its :func:`arranged_key`) spread to a panel."""
    plan_text = repr(dataclasses.replace(plan, heavy=frozenset())) + plan.choice  # sets in order
    return _hash("spread", arranged, plan_text, repr(natural), _layout_part(layout),
                 repr((height, width)))


def get_arranged(cache: LayoutCache, key: str, wid: str, role_ids: set[str]) -> Placed | None:
    data = cache.entry(key, "placed")
    try:
        placed = decode(Placed, data) if data is not None else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if placed is None or placed.plan.workload != wid or set(placed.plan.nodes) != role_ids \
            or set(placed.geometry.nodes) - set(placed.plan.nodes):
        return None  # an entry mixed up with another diagram's is a miss
    return placed


def put_arranged(cache: LayoutCache, key: str, placed: Placed) -> None:
    cache.put_entry(key, "placed", encode(placed))


def get_spread(cache: LayoutCache, key: str, natural: PlacedDiagram) -> PlacedDiagram | None:
    data = cache.entry(key, "placed")
    try:
        geometry = decode(PlacedDiagram, data) if data is not None else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if geometry is None or set(geometry.nodes) != set(natural.nodes) \
            or set(geometry.edges) != set(natural.edges):
        return None
    return geometry


def put_spread(cache: LayoutCache, key: str, geometry: PlacedDiagram) -> None:
    cache.put_entry(key, "placed", encode(geometry))


def _layout_part(layout: LayoutSpec) -> str:
    used = sorted({s.font for s in layout.text.values()})
    return repr((graph_view(layout), [(name, fonts.content_digest(name)) for name in used]))


def _hash(*parts: str) -> str:
    text = "\n".join((FORMAT, code_stamp(), dot_stamp(), *parts))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


