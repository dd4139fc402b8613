"""The resources panel: clickable links and a QR code to the poster's home link."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
from pathlib import Path
from types import ModuleType

from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.core.errors import LayoutError
from posterbuild.page.paint import Rect, color, draw_text, link_area, panel_frame
from posterbuild.core.cache import key, store

__all__ = ["draw_resources", "draw_qr"]

COLUMN_GAP = 14.0


def draw_qr(c: Canvas, url: str, x: float, y: float, size: float, ink: str) -> None:
    """A vector QR code of ``url`` (error correction M, quiet zone of 2 modules) in the square
    at (x, y): ReportLab's encoder computes the modules, drawn as one rectangle per dark run."""
    dark = _modules(url)
    n = len(dark)
    quiet = 2
    k = size / (n + 2 * quiet)
    c.setFillColor(color(ink))
    for row in range(n):
        col = 0
        while col < n:
            if not dark[row][col]:
                col += 1
                continue
            start = col
            while col < n and dark[row][col]:
                col += 1
            c.rect(x + (quiet + start) * k, y + (quiet + n - 1 - row) * k, (col - start) * k, k,
                   stroke=0, fill=1)


@functools.lru_cache(maxsize=16)
def _modules(url: str) -> tuple[tuple[bool, ...], ...]:
    """The QR code's dark modules, row by row: encoded once per link and kept in the cache
    folder (the pure-Python encoder takes ~0.1 s; see :func:`_cached_modules`): the one cache's
    kind ``qr``, keyed by the link and the encoder's file."""
    cache = store()
    entry = key("qr", url, hashlib.sha256(_encoder_path().read_bytes()).digest()) if cache.root else ""
    if entry and (cached := _cached_modules(cache.get("qr", entry))) is not None:
        return cached
    qrencoder = _qrencoder()
    code = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    code.addData(url)
    code.make()
    n = code.getModuleCount()
    dark = tuple(tuple(code.isDark(r, c) for c in range(n)) for r in range(n))
    if entry:
        rows = ["".join("1" if d else "0" for d in row) for row in dark]
        cache.put("qr", entry, json.dumps({"modules": rows}).encode("ascii"))
    return dark


def _cached_modules(body: bytes | None) -> tuple[tuple[bool, ...], ...] | None:
    """A QR matrix from the cache (JSON rows of 0 and 1); anything malformed is a miss."""
    if body is None:
        return None
    try:
        rows = json.loads(body)["modules"]
    except (ValueError, KeyError, TypeError, RecursionError):
        return None
    n = len(rows) if isinstance(rows, list) else 0
    if not (21 <= n <= 177 and (n - 17) % 4 == 0):
        return None
    if not all(isinstance(r, str) and len(r) == n and set(r) <= {"0", "1"} for r in rows):
        return None
    return tuple(tuple(ch == "1" for ch in row) for row in rows)


def _encoder_path() -> Path:
    spec = importlib.util.find_spec("reportlab")
    assert spec is not None and spec.origin is not None
    return Path(spec.origin).parent / "graphics" / "barcode" / "qrencoder.py"


@functools.cache
def _qrencoder() -> ModuleType:
    """ReportLab's QR encoder module itself (it needs only ``re`` and ``itertools``), loaded from
    its file: importing it as ``reportlab.graphics.barcode.qrencoder`` would first run the
    package's ``__init__``, which imports every barcode widget and ReportLab's graphics framework."""
    loaded = importlib.util.spec_from_file_location("_posterbuild_qrencoder", _encoder_path())
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    return module


def draw_resources(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> float:
    """Links in one or two columns beside the QR code, shrunk (within the minimum) to fit."""
    body = panel_frame(c, rect, title, layout)
    qr = min(body.h, 1.9 * 72)
    draw_qr(c, poster.meta.home, body.right - qr, body.top - qr, qr, layout.colors["ink"])
    link_area(c, poster.meta.home, (body.right - qr, body.top - qr, body.right, body.top))
    room = Rect(body.x, body.y, body.w - qr - 12, body.h)
    for columns in (1, 2):
        col_w = (room.w - COLUMN_GAP * (columns - 1)) / columns
        entries = [_entry(link, col_w, layout) for link in poster.links]
        heights = [sum(fonts.line_height(layout.text[st]) for _, st in e) for e in entries]
        per_column = -(-len(entries) // columns)
        needed = max(sum(heights[i:i + per_column]) for i in range(0, len(entries), per_column)) \
            if entries else 0.0
        if needed <= room.h:
            break
    scale = min(1.0, room.h / needed) if needed else 1.0
    smallest = layout.text["table_small"].size * scale
    if smallest < layout.min_text_size - 1e-6:
        raise LayoutError(f"resources panel: {len(entries)} links would print at {smallest:.1f} pt, "
                          f"below the minimum {layout.min_text_size:g} pt of layout '{layout.name}'; "
                          "give the panel more room or list fewer links")
    for index, (link, entry) in enumerate(zip(poster.links, entries)):
        column, row = divmod(index, per_column)
        if row == 0:
            top = room.top
        x = room.x + column * (col_w * scale + COLUMN_GAP)
        start = top
        c.saveState()
        c.translate(x, top)
        c.scale(scale, scale)
        local = 0.0
        for text, style_name in entry:
            fill = layout.colors.get("panel_bar") if style_name == "table" else None
            indent = 0 if style_name == "table" else 8
            local = draw_text(c, text, layout.text[style_name], indent, local, fill=fill)
        c.restoreState()
        top = start + local * scale
        link_area(c, link.url, (x, top, x + col_w * scale, start))
    return scale


def _entry(link, width: float, layout: LayoutSpec) -> list[tuple[str, str]]:
    lines = [(t, "table") for t in fonts.wrap(link.title, layout.text["table"], width)]
    lines += [(t, "table_small") for t in fonts.wrap(link.url, layout.text["table_small"], width - 8)]
    return lines
