"""Paper sizes, landscape, and fitting a layout designed for one sheet to another."""

from __future__ import annotations

import dataclasses

from posterbuild.core.errors import PosterError
from posterbuild.core.layout_model import FamilyStyle, GraphStyle, LayoutSpec, TextStyle, Track
from posterbuild.core.units import IN as _IN, MM as _MM

__all__ = ["PAPERS", "SHEETS", "paper_size", "fit_to_paper", "paper_factors", "scale_type", "TYPE_STEPS"]

# one type scale for the whole sheet, tried in turn when the diagrams do not fit a sheet that
# is not the layout's own (another paper, or a published version drawn with an older layout)
TYPE_STEPS = (0.95, 0.9, 0.85, 0.8, 0.75, 0.7)

_IN = 72.0
_MM = 72.0 / 25.4

# landscape width x height in points
PAPERS: dict[str, tuple[float, float]] = {
    "arch-e": (48 * _IN, 36 * _IN),
    "arch-d": (36 * _IN, 24 * _IN),
    "ansi-e": (44 * _IN, 34 * _IN),
    "ansi-d": (34 * _IN, 22 * _IN),
    "a0": (1189 * _MM, 841 * _MM),
    "a1": (841 * _MM, 594 * _MM),
}

# office sheets a poster is tiled on: portrait width x height in points
SHEETS = {
    "letter": (8.5 * _IN, 11 * _IN),
    "a4": (210 * _MM, 297 * _MM),
    "tabloid": (11 * _IN, 17 * _IN),
    "a3": (297 * _MM, 420 * _MM),
}


def paper_size(name: str) -> tuple[float, float]:
    key = name.lower().replace("_", "-").replace(" ", "-")
    if key not in PAPERS:
        raise PosterError(f"unknown paper '{name}' (known: {', '.join(PAPERS)})")
    return PAPERS[key]


def paper_factors(layout: LayoutSpec, name: str) -> list[float]:
    """Scale factors worth trying for ``name``, best first: the geometric mean of the width and
    height ratios uses a sheet of another shape fully (the fractional tracks absorb the rest);
    the smaller ratio keeps every fixed track in proportion."""
    width, height = paper_size(name)
    fw, fh = width / layout.width, height / layout.height
    mean = (fw * fh) ** 0.5
    fixed_w = sum(t.value for t in layout.columns if t.unit == "pt") * mean + 2 * layout.margin * mean
    fixed_h = sum(t.value for t in layout.rows if t.unit == "pt") * mean + 2 * layout.margin * mean
    factors = [mean] if fixed_w <= width * 0.6 and fixed_h <= height * 0.6 else []
    return factors + [min(fw, fh)] if abs(fw - fh) > 1e-9 else [fw]


def fit_to_paper(layout: LayoutSpec, name: str, factor: float | None = None) -> LayoutSpec:
    """The layout on paper ``name``: every length scaled by how much smaller (or larger) the
    sheet is, fractional grid tracks taking up what the different shape leaves over. The
    minimum text size is absolute and does not scale: text that would fall below it stops the
    build with a message naming the paper."""
    width, height = paper_size(name)
    f = factor if factor is not None else paper_factors(layout, name)[0]

    def text(t: TextStyle) -> TextStyle:
        return dataclasses.replace(t, size=t.size * f)

    def track(t: Track) -> Track:
        return t if t.unit == "fr" else Track(t.value * f, t.unit)

    return dataclasses.replace(
        layout, name=f"{layout.name} on {name}", paper=name.lower(), width=width, height=height,
        margin=layout.margin * f, gap=layout.gap * f,
        columns=tuple(track(t) for t in layout.columns), rows=tuple(track(t) for t in layout.rows),
        text={k: text(v) for k, v in layout.text.items()},
        families={k: FamilyStyle(v.color, tuple(d * f for d in v.dash), v.width * f)
                  for k, v in layout.families.items()},
        graph=GraphStyle(**{k: (v if k == "max_scale" else v * f)
                            for k, v in dataclasses.asdict(layout.graph).items()}),
    )


def scale_type(layout: LayoutSpec, f: float) -> LayoutSpec:
    """The layout with all its type, line weights and diagram spacing ``f`` times as large, on
    the same sheet (one factor for the whole sheet, never one diagram)."""
    return dataclasses.replace(
        layout, name=f"{layout.name} at {f:.0%} type",
        text={k: dataclasses.replace(v, size=v.size * f) for k, v in layout.text.items()},
        families={k: FamilyStyle(v.color, tuple(d * f for d in v.dash), v.width * f)
                  for k, v in layout.families.items()},
        graph=GraphStyle(**{k: (v if k == "max_scale" else v * f)
                            for k, v in dataclasses.asdict(layout.graph).items()}),
    )
