"""Machine-readable output for scripts (``--format json``): check, diff and ports.

Each report is one JSON object with a stable core; new keys may be added, never renamed, so a
script reads the keys it knows (``check --layout`` adds ``lint`` and may add more)."""

from __future__ import annotations

import json

from posterbuild.core.errors import Problem
from posterbuild.core.model import Poster
from posterbuild.versions.diff import sorted_changes

__all__ = ["counts", "problem_json", "diff_report", "ports_report", "dumps"]


def dumps(report: object) -> str:
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def problem_json(p: Problem) -> dict:
    return {"file": p.file, "line": p.line, "field": p.field, "message": p.message}


def counts(poster: Poster) -> dict[str, int]:
    """What the poster holds, as ``check`` reports it."""
    sources = {c.source for w in poster.workloads for c in w.connections} \
        | {c.source for c in poster.certificates} | {r.source for r in poster.dns_records}
    return {"roles": len(poster.roles), "workloads": len(poster.workloads),
            "connections": sum(len(w.connections) for w in poster.workloads),
            "certificates": len(poster.certificates), "dns_records": len(poster.dns_records),
            "sources": len(sources)}


def diff_report(changes: list, old_label: str, new_label: str) -> dict:
    """``diff --format json``: every change, with its fields before and after."""
    return {"old": old_label, "new": new_label, "count": len(changes), "changes": [
        {"kind": c.kind, "action": c.action, "key": c.key, "workload": c.workload,
         "fields": [{"field": f, "old": before, "new": after} for f, before, after in c.fields]}
        for c in sorted_changes(changes)]}


def ports_report(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """``ports --format json``: the rows of the connection table, as objects."""
    return rows
