"""Place the layout's panels: grid tracks (fixed or fractions) -> page rectangles."""

from __future__ import annotations

from posterbuild.errors import LayoutError
from posterbuild.layout_model import LayoutSpec, PanelSpec, Track
from posterbuild.page.paint import Rect

__all__ = ["safe_area", "panel_rects", "track_sizes"]


def safe_area(layout: LayoutSpec) -> Rect:
    return Rect(layout.margin, layout.margin, layout.width - 2 * layout.margin,
                layout.height - 2 * layout.margin)


def track_sizes(tracks: tuple[Track, ...], total: float, gap: float, what: str) -> list[float]:
    """Sizes of ``tracks`` sharing ``total`` points with ``gap`` between them.

    >>> track_sizes((Track(100, "pt"), Track(1, "fr"), Track(3, "fr")), 520, 10, "columns")
    [100.0, 100.0, 300.0]
    """
    free = total - gap * (len(tracks) - 1) - sum(t.value for t in tracks if t.unit == "pt")
    fractions = sum(t.value for t in tracks if t.unit == "fr")
    if free < 0:
        raise LayoutError(f"the fixed {what} need {total - free:.0f} pt, more than the "
                          f"{total:.0f} pt the page has")
    return [float(t.value) if t.unit == "pt" else free * t.value / fractions for t in tracks]


def panel_rects(layout: LayoutSpec) -> list[tuple[PanelSpec, Rect]]:
    area = safe_area(layout)
    cols = track_sizes(layout.columns, area.w, layout.gap, "columns")
    rows = track_sizes(layout.rows, area.h, layout.gap, "rows")
    xs = [area.x + sum(cols[:i]) + layout.gap * i for i in range(len(cols))]
    tops = [area.top - sum(rows[:i]) - layout.gap * i for i in range(len(rows))]
    out = []
    for p in layout.panels:
        w = sum(cols[p.column:p.column + p.columns]) + layout.gap * (p.columns - 1)
        h = sum(rows[p.row:p.row + p.rows]) + layout.gap * (p.rows - 1)
        out.append((p, Rect(xs[p.column], tops[p.row] - h, w, h)))
    return out
