"""Machine-readable output for scripts (``--format json``): check, diff and ports.

Each report is one JSON object with a stable core; new keys may be added, never renamed, so a
script reads the keys it knows (``check --layout`` adds ``lint`` and may add more)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

from posterbuild.core.errors import DataError, PosterError, Problem
from posterbuild.core.model import Poster

__all__ = ["counts", "check_report", "problem_json", "diff_report", "ports_report", "dumps"]


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


def check_report(poster_dir: Path, layout: str | None, paper: str | None,
                 strict: bool = False) -> tuple[dict, int]:
    """``check --format json``: the report and the exit status (0 ok, 2 problems)."""
    from posterbuild import loading
    from posterbuild.source.consistency import warnings
    report: dict = {"ok": False, "poster": str(poster_dir), "problems": [], "warnings": [],
                    "counts": {}}
    try:
        loaded = loading.load(poster_dir, layout or None, paper, register=layout is not None)
        found = warnings(loaded.poster)
        report.update(counts=counts(loaded.poster), layout=loaded.layout.name,
                      warnings=[problem_json(w) for w in found])
        lint_problems = 0
        if layout is not None:
            from posterbuild import pipeline  # laid out and drawn only to be linted
            from posterbuild.lint import lint, lint_json
            built = pipeline.build(loaded)
            report.update(lint_json(built))  # panels, distinct_text_sizes, text_sizes
            lint_problems = sum(q.problems for q in lint(built))
    except DataError as exc:
        report["problems"] = [problem_json(p) for p in exc.problems]
        return report, 2
    except PosterError as exc:
        report["problems"] = [{"file": str(poster_dir), "line": 0, "field": "", "message": str(exc)}]
        return report, 2
    report["ok"] = not lint_problems and not (found and strict)
    return report, 0 if report["ok"] else 2


def diff_report(changes: list, old_label: str, new_label: str) -> dict:
    """``diff --format json``: every change, with its fields before and after."""
    from posterbuild.versions.diff import sorted_changes
    return {"old": old_label, "new": new_label, "count": len(changes), "changes": [
        {"kind": c.kind, "action": c.action, "key": c.key, "workload": c.workload,
         "fields": [{"field": f, "old": before, "new": after} for f, before, after in c.fields]}
        for c in sorted_changes(changes)]}


def ports_report(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """``ports --format json``: the rows of the connection table, as objects."""
    return rows
