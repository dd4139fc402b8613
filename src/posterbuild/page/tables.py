"""Certificate and DNS panels: tables that wrap their cells and shrink, within limits, to fit."""

from __future__ import annotations

import math

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.errors import LayoutError
from posterbuild.core.escape import xml_text
from posterbuild.core.layout_model import LayoutSpec, TextStyle
from posterbuild.core.model import Poster
from posterbuild.page.paint import PANEL_PAD, Rect, color, panel_frame, panel_title_height

__all__ = ["draw_certificates", "draw_dns", "table_height", "draw_table", "draw_fitted_table", "certificate_rows", "dns_rows",
           "content_widths", "table_width", "fitted_width"]

CERT_COLUMNS = (("Role / use", 0.17), ("Subject name", 0.16), ("Subject alternative names", 0.32),
                ("CA", 0.07), ("EKU", 0.07), ("Notes", 0.21))
COLUMN_GAP = 18.0  # between the two halves of a table that flows into two columns
DNS_COLUMNS = (("Record", 0.06), ("Name", 0.3), ("Target", 0.22), ("Port", 0.06), ("View", 0.08),
               ("Notes", 0.28))


def _para_style(name: str, style: TextStyle) -> ParagraphStyle:
    return ParagraphStyle(name, fontName=style.font, fontSize=style.size,
                          leading=style.size * style.leading, textColor=color(style.color))


_PARSED: dict[tuple, tuple[str, list]] = {}  # a cell's text and style -> ReportLab's parse of it


def _paragraph(text: str, style: ParagraphStyle) -> Paragraph:
    """``Paragraph(text, style)``, its markup parsed once per text and style (a table is built
    several times while it is fitted, and a watch session builds it again at every edit)."""
    key = (text, style.fontName, style.fontSize, style.leading, style.textColor.hexval())
    done = _PARSED.get(key)
    if done is not None:
        return Paragraph(done[0], style, frags=done[1])
    if len(_PARSED) > 20_000:
        _PARSED.clear()
    para = Paragraph(text, style)
    _PARSED[key] = (para.text, para.frags)
    return para


def _esc(text: str, font: str) -> str:
    return xml_text(fonts.printable(text, font))  # ReportLab's paragraph markup is XML


def certificate_rows(poster: Poster) -> list[list[str]]:
    """Rows of plain text, in data order (also used by exports and tests)."""
    rows = []
    for cert in poster.certificates:
        role = poster.roles[cert.role].name
        rows.append([f"{role}: {cert.usage}", cert.subject, ", ".join(cert.san) or "none",
                     cert.ca, ", ".join(cert.eku), cert.note or ""])
    return rows


def dns_rows(poster: Poster) -> list[tuple[str, list[str]]]:
    """(scenario, row) pairs, in data order."""
    return [(r.scenario, [r.type, r.name, r.target, str(r.port or ""), r.view, r.note or ""])
            for r in poster.dns_records]


CELL_PAD = 8.0  # a cell's left and right padding together
MAX_FILL_PAD = 4.0  # the most a row's top and bottom padding each grow to fill a panel


def content_widths(header: tuple[tuple[str, float], ...], rows: list[list[str]], layout: LayoutSpec,
                   width: float) -> list[float]:
    """Column widths from the text they hold, as a browser sizes an automatic table: each
    column at least its longest word, the rest of ``width`` shared in proportion to how much
    more each column's longest line needs (so short columns, like CA or EKU, stay narrow and
    long ones, like names and notes, get the width); when every line fits on one line the
    spare room goes in the same proportion to the columns with the longest text."""
    cell, head = layout.text["table"], layout.text["table_head"]
    lo, hi = [], []
    for k, (title, _) in enumerate(header):
        texts = [r[k] for r in rows if k < len(r)]
        words = [w for t in texts + [title] for w in t.split()] or [""]
        lo.append(max([fonts.text_width(w, cell) for w in words] + [fonts.text_width(w, head) for w in title.split()])
                  + CELL_PAD + 1)
        hi.append(max([fonts.text_width(t, cell) for t in texts] + [fonts.text_width(title, head), 0.0]) + CELL_PAD + 1)
    hi = [max(a, b) for a, b in zip(lo, hi)]
    if sum(hi) <= width:
        extra = width - sum(hi)
        total = sum(hi)
        return [h + extra * h / total for h in hi]
    room = width - sum(lo)
    if room <= 0:
        return [width * a / sum(lo) for a in lo]
    want = [h - a for a, h in zip(lo, hi)]
    return [a + room * w / sum(want) for a, w in zip(lo, want)]


def draw_table(c: Canvas, area: Rect, header: tuple[tuple[str, float], ...],
               rows: list[list[str]], sections: list[str | None], layout: LayoutSpec,
               what: str, *, grow: float = 1.0, fixed: float | None = None,
               draw: bool = True, fit_content: bool = False, fill: bool = False) -> float:
    """Draw a table filling ``area``'s width, scaled to fit its height (down as needed, up to
    ``grow``; or exactly ``fixed``); return the scale. ``draw=False`` only measures.
    ``fit_content``: column widths from their text (:func:`content_widths`) instead of the
    header's fractions. ``fill``: rows get up to :data:`MAX_FILL_PAD` more padding so that the
    table reaches the bottom of ``area`` (a panel's size follows its content; this takes up
    what the grid's rounding leaves)."""
    head = _para_style("head", layout.text["table_head"])
    cell = _para_style("cell", layout.text["table"])
    section = _para_style("section", layout.text["table_head"])
    section.textColor = color(layout.colors["ink"])
    pad = [0.0]
    count = [1]

    def build(width: float) -> tuple[Table, float]:
        data = [[_paragraph(_esc(h, head.fontName), head) for h, _ in header]]
        commands = [("BACKGROUND", (0, 0), (-1, 0), color(layout.colors.get("table_head", "#333333"))),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), layout.text["table"].font),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, color(layout.colors["rule"])),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5 + pad[0]),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 + pad[0]),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]
        current = None
        for row, sec in zip(rows, sections):
            if sec is not None and sec != current:
                current = sec
                data.append([_paragraph(_esc(sec, section.fontName), section)] + [""] * (len(header) - 1))
                r = len(data) - 1
                commands += [("SPAN", (0, r), (-1, r)),
                             ("BACKGROUND", (0, r), (-1, r), color(layout.colors.get("table_stripe", "#eeeeee")))]
            data.append([_paragraph(_esc(v, cell.fontName), cell) for v in row])
        count[0] = len(data)
        widths = content_widths(header, rows, layout, width) if fit_content else [width * f for _, f in header]
        table = Table(data, colWidths=widths, repeatRows=0)
        table.setStyle(TableStyle(commands))
        _, h = table.wrap(width, 1e9)
        return table, h

    scale = fixed or 1.0
    table, needed = build(area.w / scale)
    if fixed is None and (needed > area.h or grow > 1.0):
        # a scale s draws a table designed for width w/s: iterate towards height == room
        for _ in range(5):
            target = min(grow, scale * (area.h / (needed * scale)) ** 0.5)
            if abs(target - scale) < 0.01 * scale:
                break
            scale = target
            table, needed = build(area.w / scale)
        if needed * scale > area.h:
            scale = area.h / needed
    if fill and needed * scale < area.h:
        pad[0] = min(MAX_FILL_PAD, (area.h / scale - needed) / (2 * count[0]))
        table, needed = build(area.w / scale)
    smallest = min(layout.text["table"].size, layout.text["table_head"].size) * scale
    if smallest < layout.min_text_size - 1e-6:
        raise LayoutError(f"{what}: the table text would print at {smallest:.1f} pt, below the "
                          f"minimum {layout.min_text_size:g} pt of layout '{layout.name}'; "
                          "give the panel more room")
    if draw:
        c.saveState()
        c.translate(area.x, area.top - needed * scale)
        c.scale(scale, scale)
        table.drawOn(c, 0, 0)
        c.restoreState()
    return scale


def draw_flowing_table(c: Canvas, area: Rect, header: tuple[tuple[str, float], ...],
                       rows: list[list[str]], sections: list[str | None], layout: LayoutSpec,
                       what: str) -> float:
    """A table in one column, or, when that would have to shrink and two side by side print
    larger (a wide, short panel), in two: the rows split where the halves come out most even,
    the header (and the current section) repeated at the top of the second. Returns the scale."""
    try:
        one = draw_table(c, area, header, rows, sections, layout, what, draw=False)
    except LayoutError:  # below the minimum in one column: perhaps not in two
        one = 0.0
    if one >= 1.0 - 1e-6 or len(rows) < 4 or area.w < 2 * 72 * 6:
        return draw_table(c, area, header, rows, sections, layout, what)
    w = (area.w - COLUMN_GAP) / 2
    left, right = Rect(area.x, area.y, w, area.h), Rect(area.x + w + COLUMN_GAP, area.y, w, area.h)
    best: tuple[float, int] | None = None
    middle = len(rows) // 2
    for k in range(max(1, middle - 3), min(len(rows) - 1, middle + 3) + 1):
        try:
            scale = min(draw_table(c, left, header, rows[:k], sections[:k], layout, what, draw=False),
                        draw_table(c, right, header, rows[k:], sections[k:], layout, what, draw=False))
        except LayoutError:
            continue
        if best is None or scale > best[0] + 1e-6:
            best = (scale, k)
    if best is None or best[0] <= one + 1e-6:
        return draw_table(c, area, header, rows, sections, layout, what)
    scale, k = best
    draw_table(c, left, header, rows[:k], sections[:k], layout, what, fixed=scale)
    draw_table(c, right, header, rows[k:], sections[k:], layout, what, fixed=scale)
    return scale


def _table_height(width: float, header, rows, sections, layout: LayoutSpec) -> float:
    """The height of a table ``width`` wide at the layout's sizes, columns fitted to content."""
    head = _para_style("head", layout.text["table_head"])
    cell = _para_style("cell", layout.text["table"])
    data = [[_paragraph(_esc(h, head.fontName), head) for h, _ in header]]
    current = None
    for row, sec in zip(rows, sections):
        if sec is not None and sec != current:
            current = sec
            data.append([_paragraph(_esc(sec, head.fontName), head)] + [""] * (len(header) - 1))
        data.append([_paragraph(_esc(v, cell.fontName), cell) for v in row])
    table = Table(data, colWidths=content_widths(header, rows, layout, width))
    table.setStyle(TableStyle([("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
                               ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
    return table.wrap(width, 1e9)[1]


FLOWS = (1, 2, 3)  # flow columns a fitted table may take, fewest first
MIN_FLOW = 3 * 72.0  # the narrowest third flow column


def _split(width: float, header, rows, sections, layout: LayoutSpec, columns: int) -> tuple[float, list[int]]:
    """The tallest flow column and where the rows split, for ``columns`` side by side (two:
    the best cut near the middle; more: even cuts)."""
    if columns == 1 or len(rows) < 2 * columns:
        return _table_height(width, header, rows, sections, layout), []
    w = (width - COLUMN_GAP * (columns - 1)) / columns
    if columns > 2 and w < MIN_FLOW:
        return math.inf, []
    if columns > 2:
        cuts = [round(len(rows) * j / columns) for j in range(1, columns)]
        return max(_table_height(w, header, rows[a:b], sections[a:b], layout)
                   for a, b in zip([0, *cuts], [*cuts, len(rows)])), cuts
    best: tuple[float, list[int]] | None = None
    middle = len(rows) // 2
    for k in range(max(1, middle - 4), min(len(rows) - 1, middle + 4) + 1):  # two columns
        h = max(_table_height(w, header, rows[:k], sections[:k], layout),
                _table_height(w, header, rows[k:], sections[k:], layout))
        if best is None or h < best[0] - 1e-6:
            best = (h, [k])
    assert best is not None
    return best


def fitted_width(header, rows, sections, layout: LayoutSpec, height: float, what: str) -> float:
    """The narrowest width at which the table fits ``height`` at the layout's sizes, in one
    column or two; an error when no width up to 60 in does."""
    def fits(width: float) -> bool:
        return min(_split(width, header, rows, sections, layout, n)[0] for n in FLOWS) <= height
    lo, hi = 3 * 72.0, 60 * 72.0
    if not fits(hi):
        raise LayoutError(f"{what}: {len(rows)} rows do not fit {height / 72:.1f} in of height at the "
                          f"layout's text sizes")
    for _ in range(14):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if fits(mid) else (mid, hi)
    return hi


def draw_fitted_table(c: Canvas, area: Rect, header, rows, sections, layout: LayoutSpec, what: str) -> None:
    """The table at the layout's own sizes (never scaled), columns fitted to content, in one
    flow column, two or three (the fewest that fit ``area``), padded to reach its bottom."""
    options = [(_split(area.w, header, rows, sections, layout, n), n) for n in FLOWS]
    fitting = [o for o in options if o[0][0] <= area.h + 0.5]
    if not fitting:
        raise LayoutError(f"{what}: the table needs {min(o[0][0] for o in options) / 72:.1f} in of "
                          f"height; the panel has {area.h / 72:.1f} in (layout '{layout.name}')")
    (_, cuts), n = min(fitting, key=lambda o: (o[1], o[0][0]))  # the fewest flow columns that fit
    if n == 1 or not cuts:
        draw_table(c, area, header, rows, sections, layout, what, fixed=1.0, fit_content=True, fill=True)
        return
    w = (area.w - COLUMN_GAP * (n - 1)) / n
    for part, (a, b) in enumerate(zip([0, *cuts], [*cuts, len(rows)])):
        draw_table(c, Rect(area.x + part * (w + COLUMN_GAP), area.y, w, area.h), header, rows[a:b],
                   sections[a:b], layout, what, fixed=1.0, fit_content=True, fill=True)


def certificate_table(poster: Poster):
    rows = certificate_rows(poster)
    where = poster.certificates[0].origin.file + ": " if poster.certificates else ""
    return CERT_COLUMNS, rows, [None] * len(rows), f"{where}certificate panel"


def dns_table(poster: Poster):
    pairs = dns_rows(poster)
    where = poster.dns_records[0].origin.file + ": " if poster.dns_records else ""
    return DNS_COLUMNS, [r for _, r in pairs], [s for s, _ in pairs], f"{where}DNS panel"


def table_width(kind: str, poster: Poster, layout: LayoutSpec, panel_h: float) -> float:
    """The panel width the certificate or DNS table (``kind``) needs in a panel ``panel_h`` high."""
    header, rows, sections, what = (certificate_table if kind == "certificates" else dns_table)(poster)
    if not rows:
        return 0.0
    body_h = panel_h - panel_title_height(layout) - 2 * PANEL_PAD
    return fitted_width(header, rows, sections, layout, body_h, what) + 2 * PANEL_PAD


def table_height(kind: str, poster: Poster, layout: LayoutSpec, panel_w: float, panel_h: float) -> float:
    """How far down a panel ``panel_w`` by ``panel_h`` the certificate or DNS table (``kind``)
    reaches before it is padded to the bottom (title bar and padding included): in one flow
    column when it fits, as drawn."""
    header, rows, sections, _ = (certificate_table if kind == "certificates" else dns_table)(poster)
    if not rows:
        return 0.0
    head = panel_title_height(layout) + 2 * PANEL_PAD
    options = [(_split(panel_w - 2 * PANEL_PAD, header, rows, sections, layout, n)[0], n) for n in FLOWS]
    fitting = [o for o in options if o[0] <= panel_h - head + 0.5] or options
    return min(fitting, key=lambda o: (o[1], o[0]))[0] + head


def draw_certificates(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> None:
    body = panel_frame(c, rect, title, layout)
    header, rows, sections, what = certificate_table(poster)
    if rows:
        draw_fitted_table(c, body, header, rows, sections, layout, what)


def draw_dns(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> None:
    body = panel_frame(c, rect, title, layout)
    header, rows, sections, what = dns_table(poster)
    if rows:
        draw_fitted_table(c, body, header, rows, sections, layout, what)
