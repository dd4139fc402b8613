"""``posterbuild check``: validate a poster folder (and with ``--layout`` lint it laid out), as
text or as one JSON report. Stages 1-2 only: no graph or page code unless ``--layout``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from posterbuild import loading
from posterbuild.audit.folder import audit_folder
from posterbuild.audit.report import audit_totals, summary
from posterbuild.cli.reports import counts, dumps, problem_json
from posterbuild.core.errors import DataError, PosterError
from posterbuild.exports.sources import kind_summary
from posterbuild.source.consistency import warnings

__all__ = ["run", "check_report"]


def run(args: argparse.Namespace) -> int:
    if args.format == "json":
        report, status = check_report(args.poster_dir, args.layout, args.paper, args.strict)
        sys.stdout.write(dumps(report))
        return status
    loaded = loading.load(args.poster_dir, args.layout or None, args.paper,
                          register=args.layout is not None)  # fonts registered only to lay out
    p = loaded.poster
    found = warnings(p)
    lint_problems = 0
    if args.layout is not None:
        from posterbuild.cli.commands import layout_lint  # noqa: PLC0415 (--layout only: lays out and draws)
        built, quadrants = layout_lint.linted(loaded)
        lint_problems = sum(q.problems for q in quadrants)
        print(f"layout '{built.layout.name if built.layout else '?'}':")
        for q in quadrants:
            print("  " + q.line())
        sizes = layout_lint.text_sizes(built.pdf)
        print(f"  the sheet: {len(sizes)} distinct text sizes ({', '.join(f'{s:g}' for s in sizes)} pt)")
    for w in found:
        print(f"posterbuild: warning: {w}", file=sys.stderr)
    count = sum(len(w.connections) for w in p.workloads)
    sources = len({c.source for w in p.workloads for c in w.connections}
                  | {c.source for c in p.certificates} | {r.source for r in p.dns_records})
    print(f"{args.poster_dir}: ok: {len(p.roles)} roles, {len(p.workloads)} workloads, "
          f"{count} connections, {len(p.certificates)} certificates, {len(p.dns_records)} DNS "
          f"records, {sources} distinct sources; layout '{loaded.layout.name}' ok"
          + (f"; {len(found)} warning(s)" if found else "")
          + (f"; layout lint: {lint_problems} problem(s)" if args.layout is not None else ""))
    if kinds := kind_summary(p):
        print(f"{args.poster_dir}: {kinds}")
    if (audited := audit_folder(args.poster_dir, p)) is not None:
        print(f"{args.poster_dir}: {summary(audited)}")
    return 2 if lint_problems or (found and args.strict) else 0


def check_report(poster_dir: Path, layout: str | None, paper: str | None,
                 strict: bool = False) -> tuple[dict, int]:
    """``check --format json``: the report and the exit status (0 ok, 2 problems)."""
    report: dict = {"ok": False, "poster": str(poster_dir), "problems": [], "warnings": [],
                    "counts": {}}
    try:
        loaded = loading.load(poster_dir, layout or None, paper, register=layout is not None)
        found = warnings(loaded.poster)
        report.update(counts=counts(loaded.poster), layout=loaded.layout.name,
                      warnings=[problem_json(w) for w in found])
        lint_problems = 0
        if layout is not None:
            from posterbuild.cli.commands import layout_lint  # noqa: PLC0415 (--layout only: lays out and draws)
            built, quadrants = layout_lint.linted(loaded)
            report.update(layout_lint.lint_json(built))  # panels, distinct_text_sizes, text_sizes
            lint_problems = sum(q.problems for q in quadrants)
        if (audited := audit_folder(poster_dir, loaded.poster)) is not None:
            report["audit"] = audit_totals(audited)
    except DataError as exc:
        report["problems"] = [problem_json(p) for p in exc.problems]
        return report, 2
    except PosterError as exc:
        report["problems"] = [{"file": str(poster_dir), "line": 0, "field": "", "message": str(exc)}]
        return report, 2
    report["ok"] = not lint_problems and not (found and strict)
    return report, 0 if report["ok"] else 2
