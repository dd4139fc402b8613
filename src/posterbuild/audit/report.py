"""The audit written out: one summary line (for `check`), text, Markdown and JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from posterbuild.audit.match import COVERED, MISSING, OMITTED, Audit, RowResult, TableResult, Unsupported
from posterbuild.core.escape import markdown_cell

__all__ = ["summary", "audit_totals", "to_text", "to_markdown", "to_json"]


def _cell(value: object) -> str:
    return markdown_cell(str(value))


def _table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table, every cell (the header's too) through :func:`markdown_cell`."""
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(v) for v in r) + " |" for r in rows]
    return "\n".join(lines) + "\n"


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def summary(result: Audit) -> str:
    """One line, e.g. ``audit: 312 source rows in 26 tables: 250 covered, 40 omitted, 22 missing;
    3 contradictions; 10 unsupported (4 without a poster/other source and a note); coverage 92.9%``."""
    bad = sum(not u.allowed for u in result.unsupported)
    return (f"audit: {result.total()} source rows in {len(result.tables)} tables: "
            f"{result.total(COVERED)} covered, {result.total(OMITTED)} omitted, {result.total(MISSING)} missing; "
            f"{len(result.contradictions)} contradiction(s); {len(result.unsupported)} unsupported"
            + (f" ({bad} without a poster/other source and a note)" if bad else "")
            + f"; coverage {_percent(result.coverage)}")


def _facts(row_result: RowResult) -> str:
    return ", ".join(f"{k} {v}" for k, v in row_result.row.facts if k not in ("id",))


def audit_totals(result: Audit) -> dict:
    """The audit's numbers, for `check --format json`."""
    return {"rows": result.total(), "covered": result.total(COVERED), "omitted": result.total(OMITTED),
            "missing_count": result.total(MISSING), "contradictions": len(result.contradictions),
            "unsupported": len(result.unsupported),
            "unsupported_not_allowed": sum(not u.allowed for u in result.unsupported),
            "coverage": result.coverage}


def _unsupported_text(u: Unsupported) -> str:
    item = u.item.item
    kind = getattr(item, "source_kind", None) or "no kind"
    return f"{u.item.ref} ({u.item.kind}, source kind {kind}{', noted' if getattr(item, 'note', None) else ''})"


def to_text(result: Audit) -> str:
    lines = []
    for t in result.tables:
        lines.append(f"{t.table.id}: {t.table.title} ({t.table.release}): {len(t.rows)} rows, "
                     f"{t.count(COVERED)} covered, {t.count(OMITTED)} omitted, {t.count(MISSING)} missing")
        for r in t.rows:
            if r.status == MISSING:
                lines.append(f"  missing {r.row.ref} (line {r.row.origin.line}): {_facts(r)}"
                             + (f"; not on the poster: {'; '.join(r.gaps)}" if r.gaps else ""))
    for c in result.contradictions:
        lines.append(f"contradiction ({c.what}): {c.row.ref} says {c.table_says}; {c.item} draws {c.poster_says}")
    for u in result.unsupported:
        lines.append(("unsupported: " if u.allowed else "unsupported, not allowed: ") + _unsupported_text(u))
    lines.append(summary(result))
    return "\n".join(lines) + "\n"


def to_markdown(result: Audit, title: str = "") -> str:
    """A totals table, then a table per source table (every row, its status and its poster items
    or reason), then the contradictions and the unsupported poster items."""
    out = [f"## Audit{': ' + _cell(title) if title else ''}", "", _cell(summary(result)), "", "### Totals", ""]
    out.append(_table(("Table", "Id", "Release", "Rows", "Covered", "Omitted", "Missing", "Coverage"), [
        (t.table.title, t.table.id, t.table.release, len(t.rows), t.count(COVERED), t.count(OMITTED), t.count(MISSING),
         _percent(_coverage(t))) for t in result.tables] + [
        ("All tables", "", "", result.total(), result.total(COVERED), result.total(OMITTED), result.total(MISSING),
         _percent(result.coverage))]))
    for t in result.tables:
        out += [f"### {_cell(t.table.title)} ({_cell(t.table.id)})", "", _link(t.table.url), ""]
        out.append(_table(("Row", "Facts", "Status", "Poster items or reason"), [
            (r.row.ref, _facts(r), r.status + (" (decided)" if r.decided and r.status == COVERED else ""),
             "; ".join(r.by) if r.status == COVERED else r.reason if r.status == OMITTED
             else "not on the poster: " + "; ".join(r.gaps)) for r in t.rows]))
    if result.contradictions:
        out += ["### Contradictions", ""]
        out.append(_table(("Row", "What", "The table says", "Poster item", "The poster draws"), [
            (c.row.ref, c.what, c.table_says, c.item, c.poster_says) for c in result.contradictions]))
    if result.unsupported:
        out += ["### Unsupported poster items", ""]
        out.append(_table(("Poster item", "Kind", "Source kind", "Allowed"), [
            (u.item.ref, u.item.kind, getattr(u.item.item, "source_kind", None) or "",
             "yes" if u.allowed else "no: needs a poster/other source kind and a note")
            for u in result.unsupported]))
    return "\n".join(out)


def _link(url: str) -> str:
    """An autolink, when nothing in the URL could end it early; else the URL as text."""
    return f"<{url}>" if not set(url) & set("<>\\ \t\n") else _cell(url)


def _coverage(t: TableResult) -> float:
    return (t.count(COVERED) + t.count(OMITTED)) / len(t.rows) if t.rows else 1.0


def _row_json(r: RowResult) -> dict:
    return {"ref": r.row.ref, "id": r.row.id, "line": r.row.origin.line, "facts": dict(r.row.facts),
            "gaps": list(r.gaps), "near": list(r.by)}


def to_json(result: Audit) -> dict:
    """``tables[]`` (title, url, rows, covered, omitted, missing: the rows, missing_count),
    ``unsupported[]``, ``contradictions[]``, ``coverage`` (0..1)."""
    tables = []
    for t in result.tables:
        tables.append({
            "id": t.table.id, "title": t.table.title, "url": t.table.url, "release": t.table.release,
            "kind": t.table.kind, "file": t.table.origin.file, "rows": len(t.rows),
            "covered": t.count(COVERED), "omitted": t.count(OMITTED), "missing_count": t.count(MISSING),
            "missing": [_row_json(r) for r in t.rows if r.status == MISSING],
            "omitted_reasons": dict(Counter(r.reason for r in t.rows if r.status == OMITTED)),
            "coverage": _coverage(t)})
    return {
        "tables": tables,
        "unsupported": [{"item": u.item.ref, "kind": u.item.kind,
                         "source_kind": getattr(u.item.item, "source_kind", None),
                         "note": getattr(u.item.item, "note", None), "allowed": u.allowed,
                         "file": u.item.item.origin.file, "line": u.item.item.origin.line}
                        for u in result.unsupported],
        "contradictions": [{"row": c.row.ref, "table": c.row.table, "line": c.row.origin.line, "what": c.what,
                            "table_says": c.table_says, "item": c.item, "poster_says": c.poster_says}
                           for c in result.contradictions],
        "rows": result.total(), "covered": result.total(COVERED), "omitted": result.total(OMITTED),
        "missing_count": result.total(MISSING), "coverage": result.coverage}
