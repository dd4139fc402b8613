"""Pick the best of a workload's layout variants for the room its panel gives it."""

from __future__ import annotations

from dataclasses import dataclass

from posterbuild.graph.geometry import Geometry
from posterbuild.graph.plan import GraphPlan

__all__ = ["Candidate", "score", "best", "CROSSING_PENALTY", "THROUGH_PENALTY", "PREFERENCE"]

CROSSING_PENALTY = 0.97  # each crossing costs 3% of the printed size
THROUGH_PENALTY = 0.8  # an edge drawn through a box it does not join costs 20%
PREFERENCE = 1.1  # the variant a published version used keeps its place unless 10% worse


@dataclass(frozen=True)
class Candidate:
    """One laid-out variant and what it costs a reader."""

    plan: GraphPlan
    geometry: Geometry
    crossings: int
    through: tuple[tuple[str, str], ...]  # (edge, box) an edge is drawn through


def score(c: Candidate, width: float, height: float) -> float:
    """Printed scale (capped at 1: beyond design size, size is no longer worth crossings)
    discounted for every edge crossing and every edge through a box."""
    scale = min(width / c.geometry.width, height / c.geometry.height, 1.0)
    return scale * CROSSING_PENALTY ** c.crossings * THROUGH_PENALTY ** len(c.through)


def best(candidates: list[Candidate], width: float, height: float, min_scale: float = 0.0,
         prefer: int | None = None) -> int:
    """Index of the best candidate; one whose text would print below the minimum (a scale under
    ``min_scale``) loses to any that does not; ``prefer`` (the variant of the last release)
    wins unless another is clearly better, so corrections move the layout as little as
    possible. The first wins a tie (deterministic)."""
    def key(i: int) -> tuple[bool, float, int]:
        g = candidates[i].geometry
        legible = min(width / g.width, height / g.height) >= min_scale
        bonus = PREFERENCE if i == prefer else 1.0
        return legible, score(candidates[i], width, height) * bonus, -i
    return max(range(len(candidates)), key=key)
