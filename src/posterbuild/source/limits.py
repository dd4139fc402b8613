"""Every number a user can give, checked once: ranges for layout files and command-line options.

``check`` and ``build`` read layouts through the same function, so both refuse the same
values; the command line uses :func:`in_range` for each numeric option.
"""

from __future__ import annotations

import math

from posterbuild.core.errors import PosterError, Problem
from posterbuild.core.units import parse_length

__all__ = ["PDF_MAX_SIDE", "MIN_PAGE_SIDE", "in_range", "check_layout_numbers", "check_media",
           "MAX_PREVIEW_PIXELS", "MAX_WEB_PIXELS", "MAX_TILE_PAGES", "MAX_BLEED", "MAX_FONT_SIZE"]

PDF_MAX_SIDE = 14400.0  # points: PDF's largest page side (200 in) at the default user unit
MIN_PAGE_SIDE = 72.0  # 1 in
MAX_FONT_SIZE = 720.0  # 10 in letters
MAX_GRAPH_LENGTH = 720.0
MAX_LINE_WIDTH = 72.0
MAX_BLEED = 72.0  # 1 in
MAX_PREVIEW_PIXELS = 100_000_000  # ~400 MB of RGBA: a larger preview is refused
MAX_WEB_PIXELS = 1_500_000_000  # full-zoom pixels of a web site (tiles are rendered in bands)
MAX_TILE_PAGES = 500


def in_range(name: str, value: float, low: float, high: float, *, unit: str = "",
             low_open: bool = False) -> float:
    """``value`` if it is a finite number within ``[low, high]`` (``(low, high]`` with
    ``low_open``); otherwise a :class:`PosterError` that says what is allowed.

    >>> in_range("--dpi", 72, 1, 2400)
    72
    >>> in_range("--dpi", float("nan"), 1, 2400)
    Traceback (most recent call last):
    posterbuild.core.errors.PosterError: --dpi must be a number from 1 to 2400, not nan
    """
    ok = isinstance(value, (int, float)) and math.isfinite(value) and \
        (value > low if low_open else value >= low) and value <= high
    if not ok:
        span = f"above {low:g} and at most {high:g}" if low_open else f"from {low:g} to {high:g}"
        shown = f"{value:g}" if isinstance(value, (int, float)) else repr(value)
        raise PosterError(f"{name} must be a number {span}{unit}, not {shown}")
    return value


def _length(value: object) -> float | None:
    try:
        return parse_length(value)  # type: ignore[arg-type]
    except (ValueError, TypeError, AttributeError):
        return None  # the schema reports it


def check_layout_numbers(doc) -> list[Problem]:
    """Problems with the sizes of a layout that passed its schema: page within PDF's limits,
    margins and grid that fit it, text no smaller than ``min_text_size`` and no absurd sizes."""
    d = doc.data
    out: list[Problem] = []

    def bad(key: tuple, message: str) -> None:
        out.append(doc.problem(key, message))

    def length(key: tuple, value: object, low: float, high: float, *, low_open: bool = False) -> float | None:
        v = _length(value)
        if v is None:
            return None
        if not math.isfinite(v) or (v <= low if low_open else v < low) or v > high:
            bad(key, f"{value} is out of range ({'more than' if low_open else 'at least'} "
                     f"{low:g} pt, at most {high:g} pt)")
            return None
        return v

    w = length(("page", "width"), d["page"]["width"], MIN_PAGE_SIDE, PDF_MAX_SIDE)
    h = length(("page", "height"), d["page"]["height"], MIN_PAGE_SIDE, PDF_MAX_SIDE)
    side = min(w or PDF_MAX_SIDE, h or PDF_MAX_SIDE)
    margin = length(("margin",), d["margin"], 0, side / 4)
    min_text = length(("min_text_size",), d["min_text_size"], 0, 72, low_open=True)
    for role, style in d.get("text", {}).items():  # the rest are the built-in styles
        if "size" not in style:
            continue
        size = length(("text", role, "size"), style["size"], 0, MAX_FONT_SIZE, low_open=True)
        if size is not None and min_text is not None and size < min_text - 1e-9:
            bad(("text", role, "size"), f"{style['size']} is below the layout's min_text_size "
                                        f"({d['min_text_size']})")
    for name, family in d["families"].items():
        if "width" in family:
            length(("families", name, "width"), family["width"], 0, MAX_LINE_WIDTH, low_open=True)
        for i, dash in enumerate(family.get("dash", ())):
            length(("families", name, "dash", i), dash, 0, MAX_GRAPH_LENGTH, low_open=True)
    for key, value in d["graph"].items():
        if key != "max_scale":
            length(("graph", key), value, 0, MAX_GRAPH_LENGTH)
    gap = length(("grid", "gap"), d["grid"]["gap"], 0, side / 4)
    for axis, total in (("columns", w), ("rows", h)):
        fixed, fractions = 0.0, 0.0
        for i, track in enumerate(d["grid"][axis]):
            if isinstance(track, str) and track.endswith("fr"):
                f = float(track[:-2])
                if not 0 < f <= 1000:
                    bad(("grid", axis, i), f"{track}: a fraction must be more than 0fr and at most 1000fr")
                fractions += f
            else:
                fixed += length(("grid", axis, i), track, 0, PDF_MAX_SIDE) or 0.0
        if total is not None and margin is not None and gap is not None:
            need = fixed + gap * (len(d["grid"][axis]) - 1) + 2 * margin
            if need > total + 1e-6:
                bad(("grid", axis), f"the fixed {axis}, gaps and margins need {need / 72:g} in; "
                                    f"the page has {total / 72:g} in")
    return out


def check_media(width: float, height: float, offset: float) -> None:
    """The sheet with bleed and crop-mark slug must stay within PDF's page-size limit."""
    for side in (width, height):
        if side + 2 * offset > PDF_MAX_SIDE:
            raise PosterError(f"the page with bleed and marks would be {(side + 2 * offset) / 72:g} in; "
                              f"a PDF page is at most {PDF_MAX_SIDE / 72:g} in (use a smaller --bleed)")
