"""``posterbuild ports``: every connection as a table (CSV, Markdown or JSON)."""

from __future__ import annotations

import argparse
import sys

from posterbuild.cli.reports import dumps, ports_report
from posterbuild.core.errors import terminal_safe
from posterbuild.exports.connections import connection_rows, to_csv, to_markdown
from posterbuild.output.atomic import write_atomic
from posterbuild.output.safe_paths import check_file_target
from posterbuild.source.load import load_poster

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    if args.output:
        check_file_target(args.output, args.format)
    rows = connection_rows(load_poster(args.poster_dir))
    if args.format == "json":
        text = dumps(ports_report(rows))
    else:  # control characters in the data are written as escapes (\x1b), in files and on the terminal
        text = terminal_safe(to_csv(rows) if args.format == "csv" else to_markdown(rows))
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0
