"""Tile seams go between boxes where the room the sheets leave over allows it."""

from __future__ import annotations

import io
from dataclasses import replace

import pdfplumber
import pytest

from posterbuild.output.tiles import BOX, TEXT, Mark, _cuts, marks_to_avoid, place_seams, plan_tiles, tile_pdf

MM = 72 / 25.4


def test_a_cut_moves_off_a_box_into_the_spare_room():
    # 4 windows of 300 with 20 overlap cover 1140 > 1000: 140 points to spare
    marks = [(270.0, 290.0, BOX, 40.0), (540.0, 600.0, BOX, 40.0), (100.0, 900.0, TEXT, 12.0)]
    starts = _cuts(marks, 4, 300.0, 20.0, 1000.0)
    assert starts[0] == 0 and starts[-1] + 300 >= 1000
    assert all(20 <= b - a <= 280 + 1e-6 for a, b in zip(starts, starts[1:]))  # overlap kept
    assert not any(a < s < b for s in starts[1:] for a, b, k, _ in marks if k == BOX)
    assert _cuts([], 4, 300.0, 20.0, 1000.0) == (0.0, 280.0, 560.0, 840.0)  # nothing to avoid: even


def test_marks_are_read_from_the_pdf(lync):
    pdf = lync.pdf_path.read_bytes()
    marks = marks_to_avoid(pdf)
    boxes = [m for m in marks if m.kind == BOX]
    assert len(boxes) > 100 and len(marks) - len(boxes) > 300
    for m in marks:  # on the sheet
        assert -1 <= m.x0 <= m.x1 <= lync.page_width + 1 and -1 <= m.y0 <= m.y1 <= lync.page_height + 1
    # every role name's first word lies in some box
    word = next(w for w in lync.words if w["text"] == "Director")
    cx, cy = (word["x0"] + word["x1"]) / 2, lync.page_height - (word["top"] + word["bottom"]) / 2
    assert any(m.x0 <= cx <= m.x1 and m.y0 <= cy <= m.y1 for m in boxes)


def _role_boxes(pdf: bytes, poster) -> list[tuple[float, float, float, float]]:
    """Boxes as pdfplumber sees them (filled and stroked) that hold a role's name."""
    firsts = {r.name.split()[0] for r in poster.roles.values()}
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        page = doc.pages[0]
        h, words = float(page.height), page.extract_words()
        out = []
        for o in page.rects + page.curves:
            if not (o.get("fill") and o.get("stroke")) or o["x1"] - o["x0"] > 4 * 72:
                continue
            if any(w["text"] in firsts and o["x0"] <= (w["x0"] + w["x1"]) / 2 <= o["x1"]
                   and o["top"] <= (w["top"] + w["bottom"]) / 2 <= o["bottom"] for w in words):
                out.append((o["x0"], h - o["bottom"], o["x1"], h - o["top"]))
    return out


def _crossings(plan, boxes):
    """For each seam: (boxes it crosses, whether a position free of boxes was within reach
    with its neighbours where they are)."""
    ov = plan.overlap / plan.scale
    w, h = plan.content_w / plan.scale, plan.content_h / plan.scale
    xs = [plan.window(c, 0)[0] for c in range(plan.columns)]
    tops = [plan.poster_h - plan.window(0, r)[1] - h for r in range(plan.rows)]
    out = []
    for starts, size, length, spans in (
            (xs, w, plan.poster_w, [(b[0], b[2]) for b in boxes]),
            (tops, h, plan.poster_h, [(plan.poster_h - b[3], plan.poster_h - b[1]) for b in boxes])):
        for i in range(1, len(starts)):
            lo = max(starts[i - 1] + ov, starts[i + 1] - (size - ov) if i + 1 < len(starts) else length - size)
            hi = min(starts[i - 1] + size - ov, starts[i + 1] - ov if i + 1 < len(starts) else 1e9)
            free = any(not any(a < x < b for a, b in spans) for x in (lo + k * (hi - lo) / 400 for k in range(401)))
            out.append((sum(a < starts[i] < b for a, b in spans), free))
    return out


@pytest.mark.exe
def test_lync_letter_seams_miss_role_boxes_where_they_can(lync):
    pdf = lync.pdf_path.read_bytes()
    boxes = _role_boxes(pdf, lync.loaded.poster)
    assert len(boxes) >= 60
    _, plan = tile_pdf(pdf, "letter", 10 * MM)
    placed = _crossings(plan, boxes)
    assert all(crossed == 0 or not free for crossed, free in placed), placed
    even = _crossings(replace(plan, xs=(), tops=()), boxes)
    # the chooser moves seams: some that cut a role box at the even position miss it now (where
    # no position misses every box, it may trade a role box for fewer label pills and lines)
    assert any(e > 0 and p == 0 for (p, _), (e, _) in zip(placed, even)), (placed, even)


def test_a_plan_without_room_to_spare_keeps_its_cuts():
    plan = plan_tiles(2000, 100, "letter", 10 * MM, sheets=(2, 1))  # the width decides the scale
    moved = place_seams(plan, [Mark(plan.window(1, 0)[0] - 5, 0, plan.window(1, 0)[0] + 5, 10, BOX)])
    assert moved.window(1, 0)[0] == pytest.approx(plan.window(1, 0)[0], abs=0.5)
