"""``posterbuild tile``: the poster cut into office sheets, with an assembly map."""

from __future__ import annotations

import argparse

from posterbuild.cli.commands.poster_pdf import poster_pdf
from posterbuild.output.atomic import write_atomic
from posterbuild.output.pdf_input import pdf_errors
from posterbuild.output.safe_paths import check_file_target
from posterbuild.output.tiles import tile_pdf

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    check_file_target(args.output, "pdf", suffix=".pdf")
    pdf, title = poster_pdf(args.source)
    with pdf_errors(args.source):
        data, plan = tile_pdf(pdf, args.sheet, args.overlap, scale=args.scale, sheets=args.sheets,
                              title=title)
    write_atomic(args.output, data)
    print(f"wrote {args.output}: assembly map + {plan.columns} x {plan.rows} {plan.sheet} tiles at "
          f"{plan.scale * 100:.0f}%")
    return 0
