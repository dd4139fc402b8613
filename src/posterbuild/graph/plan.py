"""What one quadrant graph is made of: boxes with their text, sized before Graphviz sees them."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["TextLine", "NodePlan", "EdgePlan", "ClusterPlan", "GraphPlan", "parse_choice"]


@dataclass(frozen=True)
class TextLine:
    """One line of text to draw: which text style, and a protocol family for colour."""

    text: str
    style: str
    family: str | None = None
    marker: int | None = None  # the number of the note row this line refers to
    step: int | None = None  # the callout step this connection is


@dataclass(frozen=True)
class NodePlan:
    id: str  # the DOT node name (the role id)
    role: str
    kind: str
    lines: tuple[TextLine, ...]
    width: float
    height: float


@dataclass(frozen=True)
class EdgePlan:
    """One drawn edge; it carries one or more connections of the same family and direction."""

    id: str
    tail: str
    head: str
    direction: str  # forward (tail opens), back (head opens) or both
    family: str
    connections: tuple[int, ...]  # indexes into the workload's connections
    lines: tuple[TextLine, ...]
    label_width: float
    label_height: float

    @property
    def label_node(self) -> str:
        """The DOT node that holds this edge's label; the edge runs tail -> label -> head."""
        return f"label__{self.id}"


@dataclass(frozen=True)
class ClusterPlan:
    id: str  # DOT cluster name
    kind: str  # "group" (zones are bands, not clusters)
    ref: str  # the group id
    title: str
    label_width: float
    label_height: float
    parent: str | None = None  # the zone it stands in


@dataclass(frozen=True)
class GraphPlan:
    """The quadrant as planned: everything the page needs besides Graphviz's coordinates."""

    workload: str
    variant: str
    nodes: dict[str, NodePlan]
    edges: tuple[EdgePlan, ...]
    clusters: tuple[ClusterPlan, ...]
    zones: tuple[str, ...]  # zone ids present, left to right
    gates: tuple[tuple[str, str, str], ...]  # (gate node, left zone, right zone) between them
    dot: str
    heavy: frozenset[str] = frozenset()  # edges given more weight (see dot_build)
    notes: tuple[tuple[int, str], ...] = ()  # numbered rows beside the diagram
    follows_graphviz: bool = False  # the columns stand at Graphviz's heights (else the row grid's)

    @property
    def choice(self) -> str:
        """The variant and its heavy edges as one word, e.g. ``mention+e4`` (kept in snapshots,
        so a published version is laid out again exactly as it was)."""
        return "+".join([self.variant, *sorted(self.heavy)])


def parse_choice(choice: str) -> tuple[str, frozenset[str]]:
    """``"mention+e4+e7"`` -> ``("mention", frozenset({"e4", "e7"}))``.

    >>> parse_choice("flow")
    ('flow', frozenset())
    """
    variant, *heavy = choice.split("+")
    return variant, frozenset(heavy)
