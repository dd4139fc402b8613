"""Layout lint: what a reader would trip over on the printed sheet, measured on what is drawn."""

from __future__ import annotations

import base64
import math
import re
import zlib
from dataclasses import asdict, dataclass

from posterbuild.fonts import metrics as fonts
from posterbuild.graph.metrics import overlapping_boxes
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.page.paint import Rect

__all__ = ["QuadrantLint", "lint", "lint_json", "text_sizes", "parallel_spacing", "side_spacing", "TARGETS"]

CELL = 36.0  # an emptiness cell: half an inch
Segment = tuple[float, float, float, float]

# what the default layout must reach (tests hold the poster to them)
TARGETS = {"crossings": 3, "empty_fraction": 0.35, "lines_through_boxes": 0, "lines_through_titles": 0,
           "lines_through_labels": 0, "shared_attach_points": 0, "max_firewall_angle_deg": 15.0,
           "distinct_text_sizes": 10}


@dataclass(frozen=True)
class QuadrantLint:
    workload: str
    rect: list[float]  # x0, y0, x1, y1 on the sheet, PDF points from the bottom left
    crossings: int
    empty_fraction: float
    text_sizes: list[float]
    lines_through_boxes: int
    lines_through_titles: int
    lines_through_labels: int
    shared_attach_points: int
    max_label_distance_pt: float
    max_firewall_angle_deg: float
    overlapping_boxes: int
    smallest_text: float
    min_parallel_spacing: float  # pt, centre to centre, of two lines' parallel runs (-1: none)
    close_parallel_runs: int  # pairs of parallel runs closer than a label's height
    min_side_spacing: float  # pt, between two lines' ends on one side of a box (-1: no such pair)

    @property
    def problems(self) -> int:
        return (self.lines_through_boxes + self.lines_through_titles + self.lines_through_labels
                + self.shared_attach_points + self.overlapping_boxes)

    def line(self) -> str:
        return (f"{self.workload:<18} crossings {self.crossings:2d}  empty {self.empty_fraction:4.0%}  "
                f"through boxes {self.lines_through_boxes}  titles {self.lines_through_titles}  "
                f"labels {self.lines_through_labels}  shared ends {self.shared_attach_points}  "
                f"label gap {self.max_label_distance_pt:4.1f} pt  wall angle "
                f"{self.max_firewall_angle_deg:4.1f}°  parallel {self.min_parallel_spacing:4.1f} pt "
                f"({self.close_parallel_runs} closer than a label)  box side {self.min_side_spacing:4.1f} pt  text {'/'.join(f'{s:g}' for s in self.text_sizes)} pt")


def _segments(points) -> list[Segment]:
    return [(a[0], a[1], b[0], b[1]) for a, b in zip(points, points[1:])]


def _cross(s: Segment, t: Segment) -> bool:
    """Proper crossing of two segments (touching ends and collinear runs do not count)."""
    ax, ay, bx, by = s
    cx, cy, dx, dy = t
    d1 = (dx - cx) * (ay - cy) - (dy - cy) * (ax - cx)
    d2 = (dx - cx) * (by - cy) - (dy - cy) * (bx - cx)
    d3 = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)
    d4 = (bx - ax) * (dy - ay) - (by - ay) * (dx - ax)
    return d1 * d2 < -1e-9 and d3 * d4 < -1e-9


def _hits(s: Segment, r: Rect, inset: float = 1.0) -> bool:
    """Does segment ``s`` run through the inside of ``r`` (shrunk by ``inset``)?"""
    x0, y0, x1, y1 = r.x + inset, r.y + inset, r.right - inset, r.top - inset
    if x0 >= x1 or y0 >= y1:
        return False
    ax, ay, bx, by = s
    t0, t1 = 0.0, 1.0  # Liang-Barsky clipping
    for p, q in ((-(bx - ax), ax - x0), (bx - ax, x1 - ax), (-(by - ay), ay - y0), (by - ay, y1 - ay)):
        if abs(p) < 1e-12:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            t0 = max(t0, t)
        else:
            t1 = min(t1, t)
        if t0 > t1:
            return False
    return t1 - t0 > 1e-6


def _distance(r: Rect, points) -> float:
    """From a label's rectangle to the nearest point of a line (0 when the line enters it)."""
    best = math.inf
    for s in _segments(points):
        if _hits(s, r, inset=0.0):
            return 0.0
        for k in range(11):
            px, py = s[0] + (s[2] - s[0]) * k / 10, s[1] + (s[3] - s[1]) * k / 10
            dx = max(r.x - px, 0.0, px - r.right)
            dy = max(r.y - py, 0.0, py - r.top)
            best = min(best, math.hypot(dx, dy))
    return best


def _empty(drawn) -> float:
    r = drawn.rect
    nx, ny = max(1, int(r.w // CELL)), max(1, int(r.h // CELL))
    cw, ch = r.w / nx, r.h / ny
    full = [[False] * nx for _ in range(ny)]

    def mark(x0: float, y0: float, x1: float, y1: float) -> None:
        i0, i1 = int((x0 - r.x) // cw), int((x1 - r.x) // cw)
        j0, j1 = int((y0 - r.y) // ch), int((y1 - r.y) // ch)
        for j in range(max(j0, 0), min(j1, ny - 1) + 1):
            for i in range(max(i0, 0), min(i1, nx - 1) + 1):
                full[j][i] = True
    rects = list(drawn.boxes.values()) + list(drawn.pills.values()) + drawn.titles + drawn.ink
    for b in rects:
        mark(b.x, b.y, b.right, b.top)
    for p in drawn.pools:  # the outline, not the inside
        for x0, y0, x1, y1 in ((p.x, p.y, p.right, p.y), (p.x, p.top, p.right, p.top),
                               (p.x, p.y, p.x, p.top), (p.right, p.y, p.right, p.top)):
            mark(x0, y0, x1, y1)
    for pts in drawn.lines.values():
        for x0, y0, x1, y1 in _segments(pts):
            mark(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
    return sum(not v for row in full for v in row) / (nx * ny)


PARALLEL_RUN = 18.0  # parallel pieces of two lines count when they run side by side this long


def parallel_spacing(lines: dict[str, list], close: float) -> tuple[float, int]:
    """The smallest distance (centre to centre) between parallel, side-by-side runs of two
    different lines (level with level, upright with upright, overlapping for at least
    :data:`PARALLEL_RUN` points), and how many such pairs are closer than ``close``; (-1, 0)
    when no two lines run side by side.

    >>> parallel_spacing({"a": [(0, 0), (100, 0)], "b": [(10, 4), (90, 4)], "c": [(0, 50), (5, 50)]}, 12)
    (4.0, 1)
    """
    pieces = []
    for eid, pts in lines.items():
        for x0, y0, x1, y1 in _segments(pts):
            if abs(y0 - y1) < 0.01:
                pieces.append((eid, 0, y0, min(x0, x1), max(x0, x1)))
            elif abs(x0 - x1) < 0.01:
                pieces.append((eid, 1, x0, min(y0, y1), max(y0, y1)))
    best, count = -1.0, 0
    for i, (e, o, at, a0, a1) in enumerate(pieces):
        for e2, o2, at2, b0, b1 in pieces[i + 1:]:
            if e2 == e or o2 != o or min(a1, b1) - max(a0, b0) < PARALLEL_RUN:
                continue
            d = abs(at - at2)
            if d < 0.01:  # one line on top of another is a shared piece, counted elsewhere
                continue
            best = d if best < 0 else min(best, d)
            count += d < close - 1e-6
    return float(round(best, 2)), count


def side_spacing(boxes: dict, lines: dict[str, list]) -> float:
    """The smallest distance between the ends of two different lines on one side of one box
    (the bundle rule: at least a label's height); -1 when no side holds two ends.

    >>> from posterbuild.page.paint import Rect
    >>> side_spacing({"b": Rect(100, 0, 40, 60)}, {"x": [(0, 10), (100, 10)], "y": [(0, 22), (100, 22)],
    ...                                         "z": [(140, 30), (200, 30)]})
    12.0
    """
    ends: dict[tuple[str, str], list[tuple[float, str]]] = {}
    for eid, pts in lines.items():
        for x, y in (pts[0], pts[-1]):
            for rid, box in boxes.items():
                if box.y - 0.5 <= y <= box.top + 0.5:
                    for side, at in (("l", box.x), ("r", box.right)):
                        if abs(x - at) < 1.5:
                            ends.setdefault((rid, side), []).append((y, eid))
    best = -1.0
    for here in ends.values():
        here.sort()
        for (y0, e0), (y1, e1) in zip(here, here[1:]):
            if e0 != e1:
                best = y1 - y0 if best < 0 else min(best, y1 - y0)
    return float(round(best, 2))


def _quadrant(wid: str, plan, drawn, geometry, close: float = 12.0) -> QuadrantLint:
    ends = {e.id: (e.tail, e.head) for e in plan.edges}
    segs = {eid: _segments(p) for eid, p in drawn.lines.items()}
    ids = sorted(segs)
    crossings = 0
    for i, a in enumerate(ids):
        for b in ids[i + 1:]:
            crossings += sum(_cross(s, t) for s in segs[a] for t in segs[b])
    through_boxes = sum(1 for eid in ids for rid, box in drawn.boxes.items()
                        if rid not in ends[eid] and any(_hits(s, box) for s in segs[eid]))
    through_titles = sum(1 for eid in ids for t in drawn.titles if any(_hits(s, t) for s in segs[eid]))
    through_labels = sum(1 for eid in ids for other, pill in drawn.pills.items()
                         if other != eid and any(_hits(s, pill) for s in segs[eid]))
    points = [(round(p[0], 1), round(p[1], 1), eid) for eid in ids
              for p in (drawn.lines[eid][0], drawn.lines[eid][-1])]
    shared = 0
    for i, (x, y, e) in enumerate(points):
        shared += any(abs(x - x2) < 1.0 and abs(y - y2) < 1.0 and e != e2 for x2, y2, e2 in points[i + 1:])
    angle = 0.0
    half = drawn.wall_width / 2
    for eid in ids:
        for x0, y0, x1, y1 in segs[eid]:
            for w in drawn.walls:
                if min(x0, x1) < w - half and max(x0, x1) > w + half:
                    angle = max(angle, math.degrees(math.atan2(abs(y1 - y0), abs(x1 - x0))))
                elif abs(x1 - x0) < 1e-6 and w - half <= x0 <= w + half and abs(y1 - y0) > 0.5:
                    angle = 90.0  # running along inside the wall
    distance = max((_distance(drawn.pills[eid], drawn.lines[eid]) for eid in ids), default=0.0)
    r = drawn.rect
    sizes = sorted(round(s, 2) for s in drawn.sizes)
    spacing, close_runs = parallel_spacing(drawn.lines, close)
    return QuadrantLint(
        workload=wid, rect=[round(r.x, 2), round(r.y, 2), round(r.right, 2), round(r.top, 2)],
        crossings=crossings, empty_fraction=round(_empty(drawn), 3), text_sizes=sizes,
        lines_through_boxes=through_boxes, lines_through_titles=through_titles,
        lines_through_labels=through_labels, shared_attach_points=shared,
        max_label_distance_pt=round(distance, 2), max_firewall_angle_deg=round(angle, 2),
        overlapping_boxes=len(overlapping_boxes(geometry)), smallest_text=min(sizes, default=0.0),
        min_parallel_spacing=spacing, close_parallel_runs=close_runs,
        min_side_spacing=side_spacing(drawn.boxes, drawn.lines))


_TOKEN = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>|\[|\]|/[^\s/\[\]()<>]+|[-+]?\d*\.?\d+|[A-Za-z'\"*]+")


def _printed_sizes(content: bytes) -> set[float]:
    """Font sizes times the scale of the graphics state they are set in (``q``/``Q``/``cm``)."""
    out: set[float] = set()
    ctm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0)
    stack: list[tuple[float, ...]] = []
    nums: list[float] = []
    for tok in _TOKEN.findall(content):
        c = tok[:1]
        if c.isdigit() or c in b"-+.":
            nums.append(float(tok))
            continue
        if tok == b"q":
            stack.append(ctm)
        elif tok == b"Q" and stack:
            ctm = stack.pop()
        elif tok == b"cm" and len(nums) >= 6:
            a, b, cc, d = nums[-6:-2]
            m = ctm
            ctm = (a * m[0] + b * m[2], a * m[1] + b * m[3], cc * m[0] + d * m[2], cc * m[1] + d * m[3])
        elif tok == b"Tf" and nums:
            scale = abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5
            out.add(round(nums[-1] * scale, 1))
        if not (c.isdigit() or c in b"-+."):
            nums = [] if tok not in (b"[", b"]") and not tok.startswith(b"/") else nums
    return out


def text_sizes(pdf: bytes) -> list[float]:
    """Every size text prints at: each ``Tf`` of the content streams, scaled as drawn, in points."""
    sizes = set()
    for m in re.finditer(rb"(?<!end)stream\r?\n(.*?)endstream", pdf, re.S):
        data = m.group(1)
        head = pdf[max(0, m.start() - 200):m.start()]
        try:
            if b"ASCII85Decode" in head:
                data = base64.a85decode(data.strip().removesuffix(b"~>"))
            if b"FlateDecode" in head:
                data = zlib.decompressobj().decompress(data)
        except (ValueError, zlib.error):
            continue
        sizes |= _printed_sizes(data)
    return sorted(sizes)


def lint(built, layout: LayoutSpec | None = None) -> list[QuadrantLint]:
    """Lint every workload panel of a build (``pipeline.Built``), from what was drawn."""
    page = layout or getattr(built, "layout", None)
    close = fonts.line_height(page.text["edge_label"]) if page is not None else 12.0
    return [_quadrant(wid, built.plans[wid], built.placements[wid].drawn, built.geometries[wid], close)
            for wid in built.plans]


def lint_json(built) -> dict:
    return {"panels": [asdict(q) for q in lint(built)], "distinct_text_sizes": len(text_sizes(built.pdf)),
            "text_sizes": text_sizes(built.pdf), "layout": built.layout.name if built.layout else None}
