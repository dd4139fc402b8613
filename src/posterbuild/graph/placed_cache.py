"""The routed diagrams in the one cache (kinds ``arranged`` and ``spread``): a diagram whose inputs did not change is not laid
out or routed again (a warm build, and every diagram but the edited one in ``watch``).

The key is a hash of exactly what the graph stage is given: the workload, the parts of the
poster every diagram shares (zones, firewalls, groups, roles, protocols, families), the parts of
the layout it reads (text styles, graph spacing), the fonts' content, ReportLab's version, the
``dot`` program (by path, size and time stamp), and posterbuild's own code (every module, by
size and time stamp), each stamp defined once (:func:`~posterbuild.core.cache.code_stamp`,
:func:`~posterbuild.graph.run_dot.dot_stamp`, :func:`~posterbuild.fonts.metrics.content_digest`).
The graph stage is run on :func:`graph_view` of the poster and layout, so
what it cannot see cannot change its result, and a test holds the view to what the stage reads.
An entry is data (:mod:`posterbuild.graph.codec`), checked against the workload it is for.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

from posterbuild.fonts import metrics as fonts
from posterbuild.core.cache import code_stamp, key
from posterbuild.graph.cache import LayoutCache
from posterbuild.graph.codec import decode, encode
from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.graph.run_dot import dot_stamp
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster, PosterMeta

__all__ = ["Placed", "graph_view", "poster_view", "arranged_key", "arranged_keys", "spread_key", "get_arranged",
           "put_arranged", "get_spread", "put_spread"]

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
    common = key("arranged", code_stamp(), dot_stamp(), repr(shared), _layout_part(layout))
    return {wid: key("arranged", common, repr(poster.workload(wid))) for wid in ids}


def arranged_key(poster: Poster, layout: LayoutSpec, wid: str) -> str:
    return arranged_keys(poster, layout, [wid])[wid]


def spread_key(arranged: str, plan: GraphPlan, natural: PlacedDiagram, layout: LayoutSpec, height: float,
               width: float) -> str:
    """The key of a diagram (``arranged``: its :func:`arranged_key`) spread to a panel."""
    plan_text = repr(dataclasses.replace(plan, heavy=frozenset())) + plan.choice  # sets in order
    return key("spread", code_stamp(), dot_stamp(), arranged, plan_text, repr(natural),
               _layout_part(layout), repr((height, width)))


def get_arranged(cache: LayoutCache, key: str, wid: str, role_ids: set[str]) -> Placed | None:
    data = _read(cache, "arranged", key)
    try:
        placed = decode(Placed, data) if data is not None else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if placed is None or placed.plan.workload != wid or set(placed.plan.nodes) != role_ids \
            or set(placed.geometry.nodes) - set(placed.plan.nodes):
        return None  # an entry mixed up with another diagram's is a miss
    return placed


def put_arranged(cache: LayoutCache, key: str, placed: Placed) -> None:
    _write(cache, "arranged", key, encode(placed))


def get_spread(cache: LayoutCache, key: str, natural: PlacedDiagram) -> PlacedDiagram | None:
    data = _read(cache, "spread", key)
    try:
        geometry = decode(PlacedDiagram, data) if data is not None else None
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    if geometry is None or set(geometry.nodes) != set(natural.nodes) \
            or set(geometry.edges) != set(natural.edges):
        return None
    return geometry


def put_spread(cache: LayoutCache, key: str, geometry: PlacedDiagram) -> None:
    _write(cache, "spread", key, encode(geometry))


def _layout_part(layout: LayoutSpec) -> str:
    used = sorted({s.font for s in layout.text.values()})
    return repr((graph_view(layout), [(name, fonts.content_digest(name)) for name in used]))


def _read(cache: LayoutCache, kind: str, key: str) -> Any:
    body = cache.store.get(kind, key)
    try:
        return json.loads(body) if body is not None else None
    except (ValueError, RecursionError):
        return None


def _write(cache: LayoutCache, kind: str, key: str, data: Any) -> None:
    cache.store.put(kind, key, json.dumps(data, separators=(",", ":")).encode("utf-8"))


