"""``posterbuild diff``: what changed between two versions or folders (no YAML read for two
published versions)."""

from __future__ import annotations

import argparse
import re
import sys

from posterbuild.cli.reports import diff_report, dumps
from posterbuild.core.escape import terminal_text
from posterbuild.source.load import load_poster_only
from posterbuild.versions.diff import diff_posters, render_markdown, render_text

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    def resolve(ref: str) -> str:
        return f"{args.poster}@{ref}" if re.fullmatch(r"\d+\.\d+", ref) else ref
    old_ref, new_ref = resolve(args.old), resolve(args.new)
    old = load_poster_only(old_ref)
    new = load_poster_only(new_ref)
    changes = diff_posters(old, new)
    if args.format == "json":
        sys.stdout.write(dumps(diff_report(changes, args.old, args.new)))
    else:
        render = render_text if args.format == "text" else render_markdown
        sys.stdout.write(terminal_text(render(changes, args.old, args.new)))
    return 1 if args.exit_code and changes else 0
