"""Layout lint: per workload, what a reader would trip over on the printed sheet."""

from __future__ import annotations

from dataclasses import dataclass

from posterbuild.graph.metrics import crossings, edges_through_nodes, overlapping_boxes
from posterbuild.layout_model import LayoutSpec
from posterbuild.page.quadrant import label_styles

__all__ = ["QuadrantLint", "lint"]


@dataclass(frozen=True)
class QuadrantLint:
    workload: str
    variant: str
    scale: float
    smallest_text: float  # printed points
    overlaps: list[tuple[str, str]]
    small_text: list[str]
    through_nodes: list[tuple[str, str]]
    crossings: int

    @property
    def problems(self) -> int:
        return len(self.overlaps) + len(self.small_text) + len(self.through_nodes)

    def line(self) -> str:
        return (f"{self.workload:<22} variant {self.variant:<8} scale {self.scale:4.2f}  smallest text "
                f"{self.smallest_text:4.1f} pt  overlaps {len(self.overlaps)}  text below minimum "
                f"{len(self.small_text)}  edges through boxes {len(self.through_nodes)}  "
                f"crossings {self.crossings}")


def lint(built, layout: LayoutSpec) -> list[QuadrantLint]:
    """Lint every workload of a build (``pipeline.Built``)."""
    out = []
    for wid, geometry in built.geometries.items():
        plan, scale = built.plans[wid], built.placements[wid].scale
        sizes = {s: layout.text[s].size * scale for s in label_styles(plan)}
        out.append(QuadrantLint(
            workload=wid, variant=plan.variant, scale=scale, smallest_text=min(sizes.values()),
            overlaps=overlapping_boxes(geometry),
            small_text=sorted(s for s, v in sizes.items() if v < layout.min_text_size - 1e-6),
            through_nodes=edges_through_nodes(geometry), crossings=crossings(geometry)))
    return out
