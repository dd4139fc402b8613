"""Place the layout's panels: grid tracks (fixed or fractions) -> page rectangles."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from posterbuild.core.errors import LayoutError
from posterbuild.core.layout_model import LayoutSpec, PanelSpec, Track
from posterbuild.page.paint import Rect

__all__ = ["safe_area", "panel_rects", "track_sizes", "sized_layout", "panel_below", "panel_left", "cell_height"]


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
    if free < -0.01:
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
    for i, p in enumerate(layout.panels):
        w = sum(cols[p.column:p.column + p.columns]) + layout.gap * (p.columns - 1)
        h = sum(rows[p.row:p.row + p.rows]) + layout.gap * (p.rows - 1)
        top, x = tops[p.row], xs[p.column]
        if p.height is not None:  # as tall as its content, at the top of its cells
            h = p.height
        above = _panel_above(layout, i)
        if above is not None and layout.panels[above].height is not None:
            a = layout.panels[above]  # the room a panel above left below its content
            bottom = top - h
            top = tops[a.row] - float(a.height or 0.0) - layout.gap
            h = top - bottom
        if p.width is not None:  # as wide as its content, at the right of its cells
            x, w = x + w - p.width, p.width
        right = _panel_right(layout, i)
        if right is not None and layout.panels[right].width is not None:
            r = layout.panels[right]  # the room a panel on the right left beside its content
            r_w = sum(cols[r.column:r.column + r.columns]) + layout.gap * (r.columns - 1)
            w += r_w - float(r.width or 0.0)
        out.append((p, Rect(x, top - h, w, h)))
    return out


def panel_left(layout: LayoutSpec, i: int) -> int | None:
    """The panel right left of panel ``i`` in exactly its rows, if any."""
    p = layout.panels[i]
    return next((k for k, q in enumerate(layout.panels) if q.column + q.columns == p.column
                 and (q.row, q.rows) == (p.row, p.rows)), None)


def _panel_right(layout: LayoutSpec, i: int) -> int | None:
    return next((k for k in range(len(layout.panels)) if panel_left(layout, k) == i), None)


def panel_below(layout: LayoutSpec, i: int) -> int | None:
    """The panel right below panel ``i`` in exactly its columns (it may take the room ``i``
    leaves), if any."""
    p = layout.panels[i]
    return next((k for k, q in enumerate(layout.panels) if q.row == p.row + p.rows
                 and (q.column, q.columns) == (p.column, p.columns)), None)


def _panel_above(layout: LayoutSpec, i: int) -> int | None:
    return next((k for k in range(len(layout.panels)) if panel_below(layout, k) == i), None)


def cell_height(layout: LayoutSpec, i: int) -> float:
    """The height of panel ``i``'s cells (its rows and the gaps between them), on a sized grid."""
    p = layout.panels[i]
    rows = track_sizes(layout.rows, safe_area(layout).h, layout.gap, "rows")
    return _span_length(rows, p.row, p.rows, gap=layout.gap)


def _fit_tracks(tracks: tuple[Track, ...], total: float, gap: float,
                needs: list[tuple[int, int, float, str]], what: str) -> tuple[Track, ...]:
    """Fixed tracks sized so that each need (first track, count, length, whose) is met.

    The fractional tracks start at their shares of the free length; a panel short of room
    takes it from its own tracks' neighbours that have room to spare (never below half their
    share while that can be helped), so what is left over stays shared by the fractions.

    >>> [round(t.value) for t in _fit_tracks((Track(1, "fr"),) * 4, 400, 0, [(0, 1, 160, "a")], "w")]
    [160, 80, 80, 80]
    """
    free = total - gap * (len(tracks) - 1) - sum(t.value for t in tracks if t.unit == "pt")
    flex = [i for i, t in enumerate(tracks) if t.unit == "fr"]
    weight = sum(tracks[i].value for i in flex)
    size = [t.value if t.unit == "pt" else free * t.value / weight for t in tracks]
    for floor_share in (0.5, 0.0):
        floor = {i: free * tracks[i].value / weight * floor_share for i in flex}
        for _ in range(200):
            missing = _short(size, needs, gap)
            if not missing:
                break
            for _, (first, count, length, _) in missing:
                _grow_span(size, tracks, needs, floor=floor, first=first, count=count, length=length, gap=gap)
        if not _short(size, needs, gap):
            break
    missing = _short(size, needs, gap)
    if missing:
        _, worst = max(missing)
        raise LayoutError(f"{worst[3]} needs {worst[2] / 72:.1f} in of {what} at the layout's text "
                          f"sizes; the page cannot give it that beside its other panels")
    return tuple(t if t.unit == "pt" else Track(size[i], "pt") for i, t in enumerate(tracks))


def _span_length(size: list[float], first: int, count: int, *, gap: float) -> float:
    """The length of ``count`` tracks from ``first``, with the gaps between them."""
    return sum(size[first:first + count]) + gap * (count - 1)


def _short(size: list[float], needs: list[tuple[int, int, float, str]], gap: float) -> list[tuple[float, tuple]]:
    """Each need its tracks do not meet yet, with how much it lacks."""
    return [(n[2] - _span_length(size, n[0], n[1], gap=gap), n) for n in needs
            if n[2] - _span_length(size, n[0], n[1], gap=gap) > 0.01]


def _grow_span(size: list[float], tracks: tuple[Track, ...], needs: list[tuple[int, int, float, str]], *,
               floor: dict[int, float], first: int, count: int, length: float, gap: float) -> None:
    """Grow the fractional tracks of the span (``count`` from ``first``) towards ``length``,
    taking the room from fractional tracks outside it, as far as they can spare it (down to
    ``floor``, and never below what a need over them takes); changes ``size`` in place."""
    deficit = length - _span_length(size, first, count, gap=gap)
    if deficit <= 0.01:
        return
    mine = [i for i in range(first, first + count) if i in floor]
    if not mine:
        return
    # take it from tracks outside the span, as far as they can spare it
    spare = {}
    for i in floor:
        if first <= i < first + count:
            continue
        room = size[i] - floor[i]
        for f, c, need, _ in needs:
            if f <= i < f + c:
                room = min(room, _span_length(size, f, c, gap=gap) - need)
        if room > 0.01:
            spare[i] = room
    took = min(deficit, sum(spare.values()))
    if took <= 0.01:
        return
    total_spare = sum(spare.values())
    for i, room in spare.items():
        size[i] -= took * room / total_spare
    w = sum(tracks[i].value for i in mine)
    for i in mine:
        size[i] += took * tracks[i].value / w


def sized_layout(layout: LayoutSpec, needs: dict[int, tuple[float, float, str]],
                 widths: dict[int, tuple[Callable[[float], float], str]] | None = None) -> LayoutSpec:
    """``layout`` with every grid track fixed, sized so that each panel in ``needs`` (panel
    index -> width, height, what it is) gets at least its own size. ``widths`` are panels whose
    content flows (tables in columns): once the rows are sized, each gets at least the width
    its function gives for the height it got. A panel that cannot get its size on this paper is
    an error naming the panel and the paper."""
    area = safe_area(layout)
    cols = [(p.column, p.columns, needs[i][0], needs[i][2]) for i, p in enumerate(layout.panels) if i in needs]
    rows = [(p.row, p.rows, needs[i][1], needs[i][2]) for i, p in enumerate(layout.panels) if i in needs]
    paper = layout.paper or f"{layout.width / 72:g} x {layout.height / 72:g} in"
    try:
        rows_ = _fit_tracks(layout.rows, area.h, layout.gap, rows, "height")
        for i, (width_for, what) in (widths or {}).items():
            p = layout.panels[i]
            height = _span_length([t.value for t in rows_], p.row, p.rows, gap=layout.gap)
            try:
                cols.append((p.column, p.columns, width_for(height), what))
            except LayoutError as exc:
                raise LayoutError(f"{what}: {exc}") from None
        columns = _fit_tracks(layout.columns, area.w, layout.gap, cols, "width")
    except LayoutError as exc:
        raise LayoutError(f"{exc} (layout '{layout.name}', paper {paper}); "
                          "choose a larger paper or split the workload") from None
    return dataclasses.replace(layout, columns=columns, rows=rows_)
