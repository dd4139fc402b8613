"""The firewall poster's body: for each firewall, the rules it needs; then what crosses none."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.pdfgen.canvas import Canvas

from posterbuild.fonts import metrics as fonts
from posterbuild.core.firewalls import firewall_rules
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Connection, Poster
from posterbuild.page.paint import PANEL_PAD, Rect, color, panel_frame
from posterbuild.page.tables import draw_table

__all__ = ["RuleRow", "rule_rows", "draw_firewall_rules", "COLUMNS"]

COLUMNS = (("Protocol", 0.16), ("Transport", 0.11), ("Port", 0.2), ("Workloads", 0.28), ("Note", 0.25))
NO_FIREWALL = "Inside one zone (no firewall)"
GROW = 1.8  # tables may print this much larger than the layout's table text, to fill the sheet


@dataclass(frozen=True)
class RuleRow:
    """One rule: a (table, direction and role pair, protocol, transport, port), with every
    connection that needs it and the workloads they belong to."""

    table: str  # a firewall's name, or NO_FIREWALL
    section: str  # direction and role pair
    cells: tuple[str, ...]
    connections: tuple[Connection, ...]
    workloads: tuple[str, ...]  # workload ids, in the poster's order


def rule_rows(poster: Poster) -> list[RuleRow]:
    """Every row of the firewall poster, table by table, grouped by direction and role pair.
    A connection either side may open is a rule in both directions; the same rule needed by
    several workloads is one row that lists them all."""
    names = {z.id: z.name for z in poster.zones}
    order = {w.id: i for i, w in enumerate(poster.workloads)}
    titles = {w.id: w.title for w in poster.workloads}
    # (table, section, protocol, transport, port) -> [(workload, connection)], in data order
    found: dict[tuple[str, str, str, str, str], list[tuple[str, Connection]]] = {}

    def add(table: str, direction: str, opener: str, listener: str, wid: str, c: Connection) -> None:
        section = f"{direction}: {poster.roles[opener].name} → {poster.roles[listener].name}"
        found.setdefault((table, section, c.protocol, c.transport, c.port_text), []).append((wid, c))

    def rows_of(table: str) -> list[RuleRow]:
        out = []
        for (tab, section, protocol, transport, port), members in found.items():
            if tab != table:
                continue
            wids = tuple(sorted(dict.fromkeys(w for w, _ in members), key=order.__getitem__))
            notes = "; ".join(dict.fromkeys(c.note for _, c in members if c.note))
            cells = (poster.protocols[protocol].name, transport, port,
                     ", ".join(titles[w] for w in wids), notes)
            out.append(RuleRow(table, section, cells, tuple(c for _, c in members), wids))
        return out

    rules = firewall_rules(poster)
    rows: list[RuleRow] = []
    for fw in poster.firewalls:
        out_in = f"Inbound ({names[fw.left]} → {names[fw.right]})"
        in_out = f"Outbound ({names[fw.right]} → {names[fw.left]})"
        for r in (r for r in rules if r.firewall == fw):
            c = r.connection
            add(fw.name, out_in if r.inbound else in_out, c.initiator, c.listener, r.workload, c)
            if c.both_ways:
                add(fw.name, in_out if r.inbound else out_in, c.listener, c.initiator, r.workload, c)
        rows += sorted(rows_of(fw.name), key=lambda x: (not x.section.startswith("Inbound"), x.section))
    crossing = {id(r.connection) for r in rules}
    for w in poster.workloads:
        for c in w.connections:
            if id(c) not in crossing:
                add(NO_FIREWALL, "Either way" if c.both_ways else "Opened", c.initiator, c.listener, w.id, c)
    rows += sorted(rows_of(NO_FIREWALL), key=lambda x: x.section)
    return rows


def draw_firewall_rules(c: Canvas, rect: Rect, title: str, poster: Poster, layout: LayoutSpec) -> None:
    """One column per table, side by side."""
    body = panel_frame(c, rect, title, layout)
    rows = rule_rows(poster)
    tables = list(dict.fromkeys(r.table for r in rows))
    gap = PANEL_PAD * 2
    width = (body.w - gap * (len(tables) - 1)) / max(1, len(tables))
    head = layout.text["panel_title"]
    columns = []
    for i, table in enumerate(tables):
        column = Rect(body.x + i * (width + gap), body.y, width, body.h)
        mine = [r for r in rows if r.table == table]
        area = Rect(column.x, column.y, column.w, column.h - head.size * 1.3)
        sections: list[str | None] = [r.section for r in mine]
        args = (area, COLUMNS, [list(r.cells) for r in mine], sections, layout,
                f"firewall rules: {table}")
        columns.append((table, mine, column, args))
    # one scale for every column (the tightest), so the same text prints the same size
    scale = min(draw_table(c, *args, grow=GROW, draw=False) for *_, args in columns)
    for table, mine, column, args in columns:
        heading = f"{table} ({len(mine)} rules)" if table != NO_FIREWALL else f"{table} ({len(mine)})"
        c.setFont(head.font, head.size * 0.8)
        c.setFillColor(_ink(layout))
        c.drawString(column.x, column.top - head.size * 0.8, fonts.printable(heading, head.font))
        draw_table(c, *args, fixed=scale)


def _ink(layout: LayoutSpec):
    return color(layout.colors["ink"])
