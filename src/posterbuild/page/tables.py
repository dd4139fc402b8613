"""Certificate and DNS panels: tables that wrap their cells and shrink, within limits, to fit."""

from __future__ import annotations

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph, Table, TableStyle
from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.errors import LayoutError
from posterbuild.core.layout_model import LayoutSpec, TextStyle
from posterbuild.core.model import Poster
from posterbuild.page.paint import Rect, color, panel_frame

__all__ = ["draw_certificates", "draw_dns", "draw_table", "certificate_rows", "dns_rows"]

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
    text = fonts.printable(text, font)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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


def draw_table(c: Canvas, area: Rect, header: tuple[tuple[str, float], ...],
               rows: list[list[str]], sections: list[str | None], layout: LayoutSpec,
               what: str, *, grow: float = 1.0, fixed: float | None = None,
               draw: bool = True) -> float:
    """Draw a table filling ``area``'s width, scaled to fit its height (down as needed, up to
    ``grow``; or exactly ``fixed``); return the scale. ``draw=False`` only measures."""
    head = _para_style("head", layout.text["table_head"])
    cell = _para_style("cell", layout.text["table"])
    section = _para_style("section", layout.text["table_head"])
    section.textColor = color(layout.colors["ink"])

    def build(width: float) -> tuple[Table, float]:
        data = [[_paragraph(_esc(h, head.fontName), head) for h, _ in header]]
        commands = [("BACKGROUND", (0, 0), (-1, 0), color(layout.colors.get("table_head", "#333333"))),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("FONTNAME", (0, 0), (-1, -1), layout.text["table"].font),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, color(layout.colors["rule"])),
                    ("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
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
        table = Table(data, colWidths=[width * f for _, f in header], repeatRows=0)
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


def draw_certificates(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> float:
    body = panel_frame(c, rect, title, layout)
    rows = certificate_rows(poster)
    where = poster.certificates[0].origin.file + ": " if poster.certificates else ""
    return draw_flowing_table(c, body, CERT_COLUMNS, rows, [None] * len(rows), layout,
                              f"{where}certificate panel")


def draw_dns(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> float:
    body = panel_frame(c, rect, title, layout)
    pairs = dns_rows(poster)
    where = poster.dns_records[0].origin.file + ": " if poster.dns_records else ""
    return draw_flowing_table(c, body, DNS_COLUMNS, [r for _, r in pairs], [s for s, _ in pairs],
                              layout, f"{where}DNS panel")
