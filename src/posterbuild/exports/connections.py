"""The connection table: one row per connection, as CSV or Markdown, for firewall administrators."""

from __future__ import annotations

import csv
import io

from posterbuild.core.escape import csv_cell, markdown_cell
from posterbuild.core.model import Poster
from posterbuild.core.vendor_tables import item_ref

__all__ = ["COLUMNS", "connection_rows", "to_csv", "to_markdown"]

COLUMNS = ("workload", "source_role", "destination_role", "protocol", "transport", "port",
           "initiator", "note", "source", "source_kind", "also_source", "placement", "audit_table",
           "audit_row")


def connection_rows(poster: Poster, supports: dict[str, tuple[str, ...]] | None = None) -> list[dict[str, str]]:
    """Every connection in drawing order. The source role opens the connection ("source"),
    or either side may ("either"); the destination role listens on the port. ``source_kind``
    says what the source documents; ``placement`` whether the poster draws the workload
    ("diagram") or only lists it ("table"). ``supports``: the vendor table rows that support
    each connection (by its reference ``<workload id>/<n>``, see :mod:`posterbuild.audit`), written
    as ``audit_table`` (the tables' ids) and ``audit_row`` (``<table-id>#<n>``); empty without."""
    rows = []
    for w in poster.workloads:
        for i, c in enumerate(w.connections):
            found = (supports or {}).get(item_ref(w.id, i + 1), ())
            rows.append({
                "workload": w.title,
                "source_role": poster.roles[c.initiator].name,
                "destination_role": poster.roles[c.listener].name,
                "protocol": poster.protocols[c.protocol].name,
                "transport": c.transport,
                "port": c.port_text,
                "initiator": "either" if c.both_ways else "source",
                "note": c.note or "",
                "source": c.source,
                "source_kind": c.source_kind or "",
                "also_source": c.also_source or "",
                "placement": w.placement,
                "audit_table": "; ".join(dict.fromkeys(ref.split("#")[0] for ref in found)),
                "audit_row": "; ".join(found),
            })
    return rows


def to_csv(rows: list[dict[str, str]]) -> str:
    """CSV, every cell through :func:`csv_cell` (no spreadsheet reads a cell as a formula)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: csv_cell(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def to_markdown(rows: list[dict[str, str]]) -> str:
    """A GitHub-flavoured Markdown table, every cell through :func:`markdown_cell`.

    >>> print(to_markdown([dict.fromkeys(COLUMNS, "a|b")]).splitlines()[2][:20])
    | a\\|b | a\\|b | a\\|b
    """
    cell = markdown_cell
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    lines += ["| " + " | ".join(cell(r[k]) for k in COLUMNS) + " |" for r in rows]
    return "\n".join(lines) + "\n"
