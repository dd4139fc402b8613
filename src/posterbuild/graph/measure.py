"""What the placement of one diagram knows and shares with its routing: the distances it uses
(:class:`Spacing`), each line's ends and its heights and tracks once routed (:class:`Line`), the
diagram measured before Graphviz runs (:class:`Measure`) and one reading of Graphviz's positions
before any line is routed (:class:`Frame`). Internally y runs downwards."""

from __future__ import annotations

from dataclasses import dataclass, field

from posterbuild.core.layout_model import LayoutSpec
from posterbuild.fonts import metrics as fonts
from posterbuild.graph.site import SiteColumn

__all__ = ["Spacing", "Line", "Measure", "Frame", "slot", "bundle_gap"]


def bundle_gap(layout: LayoutSpec) -> float:
    """The distance, centre to centre, between two lines that end on one side of a box: a
    line label's height (so that a finger, or a label, fits between them), never less than an
    arrowhead's width (so that every arrowhead shows). Lines that leave a box's right side with
    their labels stand a label pill apart already. Each line keeps its own attach point and
    arrowhead: a bundle is spaced, not merged into a trunk."""
    return max(layout.graph.arrow_size * 0.95, fonts.line_height(layout.text["edge_label"]))


@dataclass(frozen=True)
class Spacing:
    """The distances the placement uses, from the layout's ``graph:`` section."""

    node_gap: float  # between two boxes of a column
    channel_min: float  # the narrowest channel
    stub: float  # a line's straight piece at a box before anything else
    line_gap: float  # between two parallel tracks of a channel, a line and a wall or a pill
    side_gap: float  # between two lines that end on one side of a box (a bundle): a label's height
    pill_gap: float  # between two label pills stacked on one box side
    wall: float  # a firewall's thickness
    margin: float  # a pool's padding
    title_h: float  # a pool title's height
    arrow: float

    @classmethod
    def of(cls, layout: LayoutSpec) -> "Spacing":
        g = layout.graph
        return cls(node_gap=g.nodesep, channel_min=g.ranksep, stub=2 * g.label_padding + 3,
                   line_gap=g.arrow_size * 0.95, side_gap=bundle_gap(layout), pill_gap=g.label_padding + 1,
                   wall=g.arrow_size * 1.15, margin=g.cluster_margin,
                   title_h=fonts.line_height(layout.text["zone"]) + g.label_padding, arrow=g.arrow_size)


@dataclass
class Line:
    eid: str
    a: str  # left end (lower column; same column: higher up)
    b: str
    ka: int
    kb: int
    pill_w: float
    pill_h: float
    ya: float = 0.0
    yb: float = 0.0
    yc: float | None = None  # corridor height for a line that skips columns
    tracks: dict[int, float] = field(default_factory=dict)  # channel -> x


@dataclass
class Measure:
    """What the placement knows before Graphviz runs: the columns, every box's size (with the
    room for its attach points), the lines, and how wide each channel must be for the most
    tracks and the widest pills it can hold (an upper bound: the flow stays one-way)."""

    cols: list[SiteColumn]
    col_of: dict[str, int]
    lines: list[Line]
    sides: dict[tuple[str, str], list[Line]]
    heights: dict[str, float]
    widths: list[float]
    channels: list[float]  # the width of channel k, right of column k
    pools: dict[str, list[tuple[int, tuple[str, ...]]]]  # group -> (column, its members there)
    lead: dict[int, float]
    pill_w: dict[int, float]
    sp: Spacing
    # pure sub-results of this diagram's routings, kept for its other readings at the same
    # heights (the grid's reading of Graphviz's positions shares the grid's heights)
    memo: dict = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Frame:
    """One reading of a Graphviz layout before any line is routed: each column's x (from the
    drawing's left edge), every box's top and bottom and the pools (y down), the firewalls,
    and where each channel ends."""

    origin: float  # Graphviz's x of the first column
    xs_fixed: list[float]
    boxes_y: dict[str, tuple[float, float]]
    pools: dict
    titles: dict[str, tuple[float, float]]
    walls: set[tuple[str, str]]
    ends_at: list[float]
    starts_pool: set[int]
    nchan: int
    centres: dict[str, float]  # each box's middle height


def slot(ln: Line, rid: str, side: str, sp: Spacing) -> float:
    """The height ``ln`` takes on side ``side`` of box ``rid``: its label pill where it leaves
    with its label, else the bundle gap."""
    return ln.pill_h + sp.pill_gap if (rid, side) == (ln.a, "r") else sp.side_gap
