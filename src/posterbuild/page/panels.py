"""The panel types a layout may place: one table of type -> draw function and default title.

The layout schema's panel ``type`` enum is tested against this table's keys
(``tests/page/test_panels.py``); ``compose`` draws each panel through it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, Protocol

from reportlab.pdfgen.canvas import Canvas

from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.page.firewall_rules import draw_firewall_rules
from posterbuild.page.history import draw_history, history_height
from posterbuild.page.legend import draw_legend
from posterbuild.fonts import metrics as fonts
from posterbuild.page.paint import PANEL_PAD, Rect
from posterbuild.page.quadrant import Placement, draw_workload
from posterbuild.page.resources import draw_resources
from posterbuild.page.rules import draw_rules, rules_width
from posterbuild.page.tables import draw_certificates, draw_dns, table_height, table_width
from posterbuild.page.title import draw_footer, draw_title

if TYPE_CHECKING:  # only a type: a review copy's changes are drawn here, never computed
    from posterbuild.versions.review import Review

__all__ = ["PanelType", "PanelDraw", "PanelDrawer", "PANELS", "draw_panel", "content_widths", "content_heights",
           "content_reach"]


@dataclass
class PanelDraw:
    """Everything a panel may need to draw itself; a workload panel records its placement."""

    canvas: Canvas
    poster: Poster
    layout: LayoutSpec
    plans: dict[str, GraphPlan]
    geometries: dict[str, PlacedDiagram]
    review: Review | None = None  # for a review copy
    bleed: float = 0.0
    placements: dict[str, Placement] = field(default_factory=dict)  # workload id -> where drawn


class PanelDrawer(Protocol):
    def __call__(self, d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None: ...


@dataclass(frozen=True)
class PanelType:
    draw: PanelDrawer
    title: str = ""  # the default title (a layout's panel may give its own)


def _title(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_title(d.canvas, rect, d.poster, d.layout, bleed=d.bleed)


def _footer(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_footer(d.canvas, rect, d.poster, d.layout)


def _workload(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    w = d.poster.workload(str(workload))
    d.placements[w.id] = draw_workload(d.canvas, rect, d.poster, w, d.plans[w.id],
                                       d.geometries[w.id], d.layout, d.review)


def _legend(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_legend(d.canvas, rect, title, d.poster, d.layout, d.review)


def _certificates(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_certificates(d.canvas, rect, title, d.poster, d.layout)


def _dns(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_dns(d.canvas, rect, title, d.poster, d.layout)


def _resources(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_resources(d.canvas, rect, title, d.poster, d.layout)


def _firewall_rules(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_firewall_rules(d.canvas, rect, title, d.poster, d.layout)


def _rules(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_rules(d.canvas, rect, title, d.poster, d.layout)


def _history(d: PanelDraw, rect: Rect, title: str, *, workload: str | None) -> None:
    draw_history(d.canvas, rect, title, d.poster, d.layout, d.review)


PANELS: dict[str, PanelType] = {
    "title": PanelType(_title),
    "workload": PanelType(_workload),
    "legend": PanelType(_legend, "Legend"),
    "certificates": PanelType(_certificates, "Certificates"),
    "dns": PanelType(_dns, "DNS"),
    "resources": PanelType(_resources, "Resources"),
    "history": PanelType(_history, "What's new"),
    "footer": PanelType(_footer),
    "firewall_rules": PanelType(_firewall_rules, "Firewall rules"),
    "rules": PanelType(_rules, "Also open: rules not drawn"),
}


def content_widths(poster: Poster, layout: LayoutSpec) -> dict[int, tuple[Callable[[float], float], str]]:
    """Panels whose width follows from their content at the height the grid gives them (panel
    index -> width function, what it is): the rule table flows into columns."""
    out: dict[int, tuple[Callable[[float], float], str]] = {}
    for i, p in enumerate(layout.panels):
        title = fonts.text_width(p.title or PANELS[p.type].title, layout.text["panel_title"]) + 2.5 * PANEL_PAD
        if p.type == "rules":
            out[i] = (partial(_at_least, title, partial(rules_width, poster, layout)), "the rule table")
        elif p.type in ("certificates", "dns"):
            out[i] = (partial(_at_least, title, partial(table_width, p.type, poster, layout)),
                      f"the {p.type} table")
    return out


def _at_least(least: float, width_for: Callable[[float], float], height: float) -> float:
    """A content width, but never narrower than the panel's title (0 stays 0: nothing to show)."""
    need = width_for(height)
    return max(need, least) if need > 0 else need


def content_reach(poster: Poster, layout: LayoutSpec) -> dict[int, Callable[[float, float], float]]:
    """Tables that are padded to the bottom of their panel: how far down a panel (width,
    height) each reaches before the padding (panel index -> function)."""
    return {i: partial(table_height, p.type, poster, layout) for i, p in enumerate(layout.panels)
            if p.type in ("certificates", "dns")}


def content_heights(poster: Poster, layout: LayoutSpec,
                    review: Review | None = None) -> dict[int, Callable[[float], float]]:
    """Panels whose height follows from their content at the width the grid gives them (panel
    index -> height function): What's new is a few lines, as tall as they are."""
    return {i: partial(_history_height, poster, layout, review)
            for i, p in enumerate(layout.panels) if p.type == "history"}


def _history_height(poster: Poster, layout: LayoutSpec, review: Review | None, width: float) -> float:
    return history_height(poster, layout, width, review)


def draw_panel(d: PanelDraw, kind: str, rect: Rect, *, title: str | None = None,
               workload: str | None = None) -> None:
    """Draw one panel of type ``kind`` (its own ``title``, or the type's default)."""
    panel = PANELS[kind]
    panel.draw(d, rect, title or panel.title, workload=workload)
