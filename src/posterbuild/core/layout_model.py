"""The typed layout definition: page, grid, panels and style, lengths already in points."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Track", "TextStyle", "FamilyStyle", "GraphStyle", "PanelSpec", "LayoutSpec",
           "TEXT_ROLES", "COLOR_KEYS", "ZONE_COLOR"]

# Every text style a layout must define; the drawing code uses exactly these.
TEXT_ROLES = ("title", "subtitle", "version", "panel_title", "zone", "firewall", "node",
              "edge_label", "edge_note", "callout_title", "callout", "table_head", "table",
              "table_small", "legend", "body", "footer")
# Every colour name the drawing code reads (besides one ``zone_<zone id>`` per zone of the
# poster): a misspelt name is refused, never silently replaced by a default.
COLOR_KEYS = ("ink", "paper", "rule", "title_band", "title_accent", "panel_bar", "panel_fill",
              "table_head", "table_stripe", "node_fill", "node_stroke", "group_fill", "group_stroke",
              "firewall", "firewall_mortar", "glyph", "glyph_light", "highlight", "highlight_ink")
ZONE_COLOR = "zone_"  # + a zone id: the band colour of that zone


@dataclass(frozen=True)
class Track:
    """One grid column or row: a fixed length in points, or a fraction of what is left."""

    value: float
    unit: str  # "pt" or "fr"


@dataclass(frozen=True)
class TextStyle:
    font: str  # the registered font name (the TTF file's stem)
    size: float
    color: str
    leading: float


@dataclass(frozen=True)
class FamilyStyle:
    color: str
    dash: tuple[float, ...] = ()
    width: float = 1.5


@dataclass(frozen=True)
class GraphStyle:
    nodesep: float
    ranksep: float
    node_padding: float
    node_text_width: float  # a role name wraps at this width
    glyph_size: float
    label_padding: float
    cluster_margin: float
    arrow_size: float
    max_scale: float


@dataclass(frozen=True)
class PanelSpec:
    type: str
    column: int  # 0-based
    row: int
    columns: int
    rows: int
    workload: str | None = None
    title: str | None = None
    height: float | None = None  # set by the page: a panel as tall as its content (points), at the
    # top of its cells; the panel below it in the same columns takes the rest (page/grid.py)
    width: float | None = None  # likewise a panel as wide as its content, at the right of its
    # cells; the panel left of it in the same rows takes the rest


@dataclass(frozen=True)
class LayoutSpec:
    name: str
    path: Path
    width: float
    height: float
    margin: float
    min_text_size: float
    columns: tuple[Track, ...]
    rows: tuple[Track, ...]
    gap: float
    font_files: dict[str, Path]  # registered name -> TTF file
    text: dict[str, TextStyle]
    colors: dict[str, str]
    families: dict[str, FamilyStyle]
    graph: GraphStyle
    panels: tuple[PanelSpec, ...] = field(default=())
    paper: str | None = None  # set when fitted to a named paper size
    poster_title: str | None = None  # e.g. "{product} Firewall Poster"; default: the data's title
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # as parsed (snapshots)
    lines: dict[tuple, int] = field(default_factory=dict, compare=False, repr=False)  # key path -> line

    def title_for(self, meta) -> str:
        """The title this layout prints for a poster (``{title}``, ``{product}`` and
        ``{version}`` are filled in)."""
        if not self.poster_title:
            return meta.title
        return self.poster_title.format(title=meta.title, product=meta.product, version=meta.version)
