"""``posterbuild ports``: every connection as a table (CSV, Markdown or JSON)."""

from __future__ import annotations

import argparse
import sys

from posterbuild.audit.folder import audit_folder
from posterbuild.cli.reports import dumps, ports_report
from posterbuild.core.escape import terminal_text
from posterbuild.exports.connections import connection_rows, to_csv, to_markdown
from posterbuild.output.atomic import write_atomic
from posterbuild.output.safe_paths import check_file_target
from posterbuild.source.load import load_poster

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    if args.output:
        check_file_target(args.output, args.format)
    poster = load_poster(args.poster_dir)
    audited = audit_folder(args.poster_dir, poster)  # the vendor table rows behind each connection
    rows = connection_rows(poster, audited.supports if audited else None)
    if args.format == "json":
        text = dumps(ports_report(rows))
    else:  # each cell escaped by its format's one function (csv_cell, markdown_cell)
        text = to_csv(rows) if args.format == "csv" else to_markdown(rows)
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:  # the data carries no control characters (loading refuses them); belt and braces
        sys.stdout.write(terminal_text(text))
    return 0
