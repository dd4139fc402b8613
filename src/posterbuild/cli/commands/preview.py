"""``posterbuild preview``: the poster, or a region of it, as a PNG."""

from __future__ import annotations

import argparse

from posterbuild.cli.commands.poster_pdf import poster_pdf
from posterbuild.output.atomic import write_atomic
from posterbuild.output.pdf_input import pdf_errors
from posterbuild.output.preview import parse_region, render_png
from posterbuild.output.safe_paths import check_file_target

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    check_file_target(args.output, "png", suffix=".png")
    region = parse_region(args.region) if args.region else None
    pdf, _ = poster_pdf(args.source)
    with pdf_errors(args.source):
        png = render_png(pdf, args.dpi, region)
    write_atomic(args.output, png)
    print(f"wrote {args.output}")
    return 0
