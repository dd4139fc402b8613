"""The rule table: every connection the layout does not draw as a diagram, typeset compactly.

Grouped by workload (a section) and, inside it, by role pair (who opens -> who listens); each
row gives protocol, transport and port, with an arrow that says who opens (one head: the left
role; two heads: either side). The rows flow into as many columns as the panel's height needs;
:func:`rules_width` tells the grid how wide that is, so the page makes room for the table at the
layout's own text sizes instead of shrinking it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from reportlab.pdfgen.canvas import Canvas

from posterbuild.core.errors import LayoutError
from posterbuild.core.layout_model import LayoutSpec, TextStyle
from posterbuild.core.model import Poster, Workload
from posterbuild.fonts import metrics as fonts
from posterbuild.page.paint import PANEL_PAD, Rect, color, draw_text, panel_frame, panel_title_height

__all__ = ["not_drawn", "rule_items", "rules_width", "draw_rules", "RuleRow"]

COLUMN_GAP = 22.0  # between two columns of rules
CELL_GAP = 8.0  # between two cells of a row
ARROW_W = 16.0  # the "who opens" arrow at the start of a row
PAIR_GAP = 22.0  # the arrow between the two roles of a pair header
KEY = "one head: the left role opens, the right one listens on the port;  two heads: either side opens"


@dataclass(frozen=True)
class RuleRow:
    protocol: str
    transport: str
    port: str
    both_ways: bool


@dataclass(frozen=True)
class _Item:
    kind: str  # "section", "pair" or "row"
    text: tuple[str, ...]  # section: (title,); pair: (opener, listener); row: unused
    row: RuleRow | None = None


def not_drawn(poster: Poster, layout: LayoutSpec) -> list[Workload]:
    """The workloads this layout does not draw: no workload panel places them."""
    drawn = {p.workload for p in layout.panels if p.type == "workload"}
    return [w for w in poster.workloads if w.id not in drawn and w.connections]


def rule_items(poster: Poster, layout: LayoutSpec) -> list[list[_Item]]:
    """Blocks that print together: a section title with its first pair, or one pair's rows."""
    blocks: list[list[_Item]] = []
    for w in not_drawn(poster, layout):
        pairs: dict[tuple[str, str], list[RuleRow]] = {}
        for c in w.connections:
            pairs.setdefault((c.initiator, c.listener), []).append(RuleRow(
                poster.protocols[c.protocol].name, c.transport, c.port_text or "set per device",
                c.both_ways))
        first = True
        for (a, b), rows in pairs.items():
            block = [_Item("pair", (poster.roles[a].name, poster.roles[b].name))]
            block += [_Item("row", (), r) for r in rows]
            if first:
                block.insert(0, _Item("section", (w.title,)))
                first = False
            blocks.append(block)
    return blocks


def _styles(layout: LayoutSpec) -> tuple[TextStyle, TextStyle, TextStyle]:
    """Section, pair and row styles: the table styles of the sheet's one type scale."""
    head = layout.text["table_head"]
    return (replace(head, color=layout.colors.get("panel_bar", layout.colors["ink"])),
            replace(head, color=layout.colors["ink"]), layout.text["table"])


@dataclass
class _Metrics:
    cells: tuple[float, float, float]  # protocol, transport, port widths
    width: float  # one column
    row_h: float
    pair_h: float
    section_h: float
    key_h: float


def _metrics(blocks: list[list[_Item]], layout: LayoutSpec, key_width: float | None = None) -> _Metrics:
    section, pair, cell = _styles(layout)
    rows = [i.row for b in blocks for i in b if i.row is not None]
    cells = tuple(max([fonts.text_width(t, cell) for t in col] + [0.0])
                  for col in zip(*[(r.protocol, r.transport, r.port) for r in rows])) if rows else (0.0, 0.0, 0.0)
    row_w = ARROW_W + sum(cells) + CELL_GAP * 3
    # a pair header wraps inside the column; the column is at least a comfortable reading width
    width = max(row_w, 2.8 * 72)
    key_lines = len(fonts.wrap(KEY, cell, key_width or width))
    return _Metrics(cells=cells, width=width, row_h=fonts.line_height(cell) + 1.0,  # type: ignore[arg-type]
                    pair_h=fonts.line_height(pair) + 3.0, section_h=fonts.line_height(section) + 4.0,
                    key_h=fonts.block_height(key_lines, cell) + 6.0)


def _pair_line_count(opener: str, listener: str, style: TextStyle, width: float) -> int:
    """How many lines :func:`_draw_pair` takes for this pair in a column ``width`` wide."""
    if fonts.text_width(opener, style) + PAIR_GAP + fonts.text_width(listener, style) <= width:
        return 1
    return len(fonts.wrap(opener, style, width - PAIR_GAP)) + len(fonts.wrap(listener, style, width - 12))


def _block_height(block: list[_Item], m: _Metrics, layout: LayoutSpec) -> float:
    _, pair, _ = _styles(layout)
    h = 0.0
    for item in block:
        if item.kind == "section":
            h += m.section_h
        elif item.kind == "pair":
            h += _pair_line_count(item.text[0], item.text[1], pair, m.width) * fonts.line_height(pair) + 3.0
        else:
            h += m.row_h
    return h


def _flow(blocks: list[list[_Item]], m: _Metrics, height: float, layout: LayoutSpec) -> list[list[list[_Item]]]:
    """The blocks in columns no taller than ``height`` (a block longer than a column is split,
    its pair header repeated)."""
    columns: list[list[list[_Item]]] = [[]]
    used = 0.0
    for block in blocks:
        h = _block_height(block, m, layout)
        if used + h > height + 1e-6 and columns[-1]:
            columns.append([])
            used = 0.0
        if h > height + 1e-6:  # longer than a whole column: split it, header repeated
            head = [i for i in block if i.kind != "row"]
            rows = [i for i in block if i.kind == "row"]
            piece: list[_Item] = list(head)
            for r in rows:
                if _block_height(piece + [r], m, layout) + used > height + 1e-6 and len(piece) > len(head):
                    columns[-1].append(piece)
                    columns.append([])
                    used = 0.0
                    piece = [i for i in head if i.kind == "pair"]
                piece.append(r)
            columns[-1].append(piece)
            used += _block_height(piece, m, layout)
            continue
        columns[-1].append(block)
        used += h
    return columns


def _layout(poster: Poster, layout: LayoutSpec, body_h: float):
    blocks = rule_items(poster, layout)
    m = _metrics(blocks, layout)
    room = body_h - m.key_h
    smallest = max((_block_height(b[:2], m, layout) for b in blocks), default=0.0)
    if room < smallest:
        raise LayoutError(f"rule table: the panel is {body_h / 72:.1f} in high; it needs at least "
                          f"{(smallest + m.key_h) / 72:.1f} in at the layout's text sizes")
    cols = _flow(blocks, m, room, layout)
    # balance: the lowest column height that keeps the same number of columns
    lo, hi = smallest, room
    for _ in range(20):
        mid = (lo + hi) / 2
        if len(_flow(blocks, m, mid, layout)) <= len(cols):
            hi = mid
        else:
            lo = mid
    return blocks, m, _flow(blocks, m, hi, layout), room


def rules_width(poster: Poster, layout: LayoutSpec, panel_h: float) -> float:
    """The panel width the rule table needs in a panel ``panel_h`` high (0 if nothing to list)."""
    if not rule_items(poster, layout):
        return 0.0
    body_h = panel_h - panel_title_height(layout) - 2 * PANEL_PAD
    _, m, cols, _ = _layout(poster, layout, body_h)
    return len(cols) * m.width + (len(cols) - 1) * COLUMN_GAP + 2 * PANEL_PAD


def draw_rules(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> None:
    body = panel_frame(c, rect, title, layout)
    section, pair, cell = _styles(layout)
    blocks, m, cols, room = _layout(poster, layout, body.h)
    if not blocks:
        draw_text(c, "Every connection is drawn on a diagram.", cell, body.x, body.top)
        return
    n = len(cols)
    col_w = max(m.width, (body.w - (n - 1) * COLUMN_GAP) / n) if n else m.width
    # the key, across the panel
    top = body.top
    for line in fonts.wrap("Arrows: " + KEY + ".", cell, body.w - ARROW_W * 2):
        top = draw_text(c, line, cell, body.x, top, fill=layout.colors.get("panel_bar"))
    top -= 6.0
    ink = layout.colors["ink"]
    for k, column in enumerate(cols):
        x = body.x + k * (col_w + COLUMN_GAP)
        used = sum(_block_height(b, m, layout) for b in column)
        # spare height (the last column, or rounding) goes between the pairs, at most a row each
        gap = min(m.row_h, (room - used) / max(1, len(column) - 1)) if len(column) > 1 else 0.0
        y = top
        for block in column:
            for item in block:
                if item.kind == "section":
                    c.setFillColor(color(layout.colors.get("table_stripe", "#eeeeee")))
                    c.rect(x - 3, y - m.section_h + 1, col_w + 6, m.section_h - 2, stroke=0, fill=1)
                    draw_text(c, item.text[0], section, x, y - 2)
                    y -= m.section_h
                elif item.kind == "pair":
                    y = _draw_pair(c, item.text, pair, x, y, col_w, ink) - 3.0
                else:
                    y = _draw_row(c, item.row, m, cell, x, y, ink, layout)
            y -= gap
        if k:
            c.setStrokeColor(color(layout.colors["rule"]))
            c.setLineWidth(0.5)
            c.line(x - COLUMN_GAP / 2, top, x - COLUMN_GAP / 2, body.y)


def _draw_pair(c: Canvas, names: tuple[str, ...], style: TextStyle, x: float, top: float, width: float,
               ink: str) -> float:
    """``opener -> listener`` with a drawn arrow (the fonts have no arrow glyph)."""
    opener, listener = names
    gap = PAIR_GAP
    w_open = fonts.text_width(opener, style)
    if w_open + gap + fonts.text_width(listener, style) <= width:
        draw_text(c, opener, style, x, top)
        _arrow(c, x + w_open + 4, x + w_open + gap - 4, top - fonts.line_height(style) / 2, ink, False)
        return draw_text(c, listener, style, x + w_open + gap, top)
    lines = fonts.wrap(opener, style, width - gap)
    for line in lines[:-1]:
        top = draw_text(c, line, style, x, top)
    last = fonts.text_width(lines[-1], style)
    _arrow(c, x + last + 4, x + last + gap - 4, top - fonts.line_height(style) / 2, ink, False)
    top = draw_text(c, lines[-1], style, x, top)
    for line in fonts.wrap(listener, style, width - 12):
        top = draw_text(c, line, style, x + 12, top)
    return top


def _draw_row(c: Canvas, row: RuleRow, m: _Metrics, style: TextStyle, x: float, top: float, ink: str,
              layout: LayoutSpec) -> float:
    mid = top - m.row_h / 2
    _arrow(c, x + 2, x + ARROW_W - 4, mid, layout.colors.get("panel_bar", ink), row.both_ways)
    cx = x + ARROW_W
    for text, w in zip((row.protocol, row.transport, row.port), m.cells):
        draw_text(c, text, style, cx, top - 0.5)
        cx += w + CELL_GAP
    return top - m.row_h


def _arrow(c: Canvas, x0: float, x1: float, y: float, ink: str, both: bool) -> None:
    """A small arrow from ``x0`` to ``x1`` (a head at each end when ``both``)."""
    c.setStrokeColor(color(ink))
    c.setFillColor(color(ink))
    c.setLineWidth(1.0)
    head = 3.2
    c.line(x0 + (head if both else 0), y, x1 - head, y)
    for tip, sign in ((x1, 1),) + (((x0, -1),) if both else ()):
        p = c.beginPath()
        p.moveTo(tip, y)
        p.lineTo(tip - sign * head * 1.4, y + head)
        p.lineTo(tip - sign * head * 1.4, y - head)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
