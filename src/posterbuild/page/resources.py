"""The resources panel: clickable links (titles and short link text) and a QR code to the
poster's home link."""

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

__all__ = ["draw_resources", "draw_qr", "short_link"]

COLUMN_GAP = 24.0
ENTRY_GAP = 5.0  # between two links
QR_MIN = 25 / 25.4 * 72  # 25 mm: a phone reads it from arm's length


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


def short_link(url: str) -> str:
    """The link text a reader can type or recognise: host and the last part of the path (the
    full URL stays the PDF link).

    >>> short_link("https://docs.example.org/en-us/previous-versions/server-2010/gg398094(v=ocs.14)")
    'docs.example.org/…/gg398094'
    >>> short_link("http://go.example.org/fwlink/?LinkId=204593")
    'go.example.org/fwlink/?LinkId=204593'
    """
    rest = url.split("://", 1)[-1]
    host, _, path = rest.partition("/")
    host = host.removeprefix("www.")
    path, q, query = path.partition("?")
    parts = [p for p in path.split("/") if p]
    last = parts[-1].split("(")[0].removesuffix(".aspx").removesuffix(".htm") if parts else ""
    if q:
        return f"{host}/{path}?{query}" if len(parts) <= 1 else f"{host}/…/{last}?{query}"
    if not parts:
        return host
    return f"{host}/{last}" if len(parts) == 1 else f"{host}/…/{last}"


def draw_resources(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> int:
    """The links in as few balanced columns as hold them at the layout's sizes (titles in the
    callout title style, readable from a step away; short link text under each), beside a QR
    code of the poster's home link sized for a phone at arm's length. Returns the columns."""
    body = panel_frame(c, rect, title, layout)
    qr = max(min(body.h, 1.9 * 72), QR_MIN)
    draw_qr(c, poster.meta.home, body.right - qr, body.top - qr, qr, layout.colors["ink"])
    link_area(c, poster.meta.home, (body.right - qr, body.top - qr, body.right, body.top))
    room = Rect(body.x, body.y, body.w - qr - 18, body.h)
    links = list(poster.links)
    for columns in range(1, 7):
        col_w = (room.w - COLUMN_GAP * (columns - 1)) / columns
        entries = [_entry(link, col_w, layout) for link in links]
        heights = [sum(fonts.line_height(layout.text[st]) for _, st in e) + ENTRY_GAP for e in entries]
        split = _balanced(heights, columns)
        if split is not None and max(sum(heights[a:b]) for a, b in split) - ENTRY_GAP <= room.h + 0.5:
            break
    else:
        raise LayoutError(f"resources panel: {len(links)} links do not fit at the layout's text sizes "
                          f"(layout '{layout.name}'); give the panel more room or list fewer links")
    for column, (a, b) in enumerate(split):
        x = room.x + column * (col_w + COLUMN_GAP)
        top = room.top
        for link, entry in zip(links[a:b], entries[a:b]):
            start = top
            for text, style_name in entry:
                fill = layout.colors.get("panel_bar") if style_name == "table" else None
                top = draw_text(c, text, layout.text[style_name], x, top, fill=fill)
            link_area(c, link.url, (x, top, x + col_w, start))
            top -= ENTRY_GAP
    return len(split)


def _balanced(heights: list[float], columns: int) -> list[tuple[int, int]] | None:
    """Consecutive runs of entries for ``columns`` columns, the tallest as low as it can be."""
    n = len(heights)
    if n == 0:
        return [(0, 0)]
    if columns > n:
        return None
    best: tuple[float, list[tuple[int, int]]] | None = None

    def go(start: int, left: int, acc: list[tuple[int, int]]) -> None:
        nonlocal best
        if left == 1:
            runs = acc + [(start, n)]
            tallest = max(sum(heights[a:b]) for a, b in runs)
            if best is None or tallest < best[0] - 1e-6:
                best = (tallest, runs)
            return
        for end in range(start + 1, n - left + 2):
            go(end, left - 1, acc + [(start, end)])
    go(0, columns, [])
    return best[1] if best else None


def _entry(link, width: float, layout: LayoutSpec) -> list[tuple[str, str]]:
    lines = [(t, "callout_title") for t in fonts.wrap(link.title, layout.text["callout_title"], width)]
    lines += [(t, "table") for t in fonts.wrap(short_link(link.url), layout.text["table"], width)]
    return lines
