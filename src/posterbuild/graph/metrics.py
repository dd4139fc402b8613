"""Measures of a placed diagram before it is drawn: overlapping boxes."""

from __future__ import annotations

from posterbuild.graph.placed import PlacedDiagram

__all__ = ["overlapping_boxes"]


def overlapping_boxes(g: PlacedDiagram) -> list[tuple[str, str]]:
    """Pairs of role or label boxes that overlap."""
    boxes = list(g.nodes.items()) + [(f"label of {eid}", e.label) for eid, e in g.edges.items()]
    out = []
    for i, (na, a) in enumerate(boxes):
        for nb, b in boxes[i + 1:]:
            if a.overlaps(b, tolerance=0.5):
                out.append((na, nb))
    return out
