"""``posterbuild build``: the poster's PDF, and beside it each diagram's DOT and layout JSON."""

from __future__ import annotations

import argparse
import sys
import time

from posterbuild import pipeline
from posterbuild.core.errors import PosterError
from posterbuild.output.published import check_not_published, draft_if_changed
from posterbuild.output.safe_paths import check_pdf_target
from posterbuild.page.setup import DEFAULT_BLEED, PageSetup
from posterbuild.source.consistency import warnings
from posterbuild.source.limits import MAX_BLEED, check_media, in_range

__all__ = ["run", "page_setup"]


def page_setup(args: argparse.Namespace) -> PageSetup:
    if args.bleed is not None and not args.print_marks:
        raise PosterError("--bleed goes with --print-marks")
    if args.bleed is not None:
        in_range("--bleed", args.bleed, 0, MAX_BLEED, unit=" pt (1 in)")
    return PageSetup(marks=args.print_marks, cmyk=args.cmyk,
                     bleed=DEFAULT_BLEED if args.bleed is None else args.bleed)


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    setup = page_setup(args)
    if args.output:
        check_pdf_target(args.output)
    # fonts registered only if the build cache has no such build (see pipeline.build_output)
    loaded = pipeline.load(args.poster_dir, args.layout, args.paper, register=False)
    check_media(loaded.layout.width, loaded.layout.height, setup.offset)
    if args.output:  # a copy elsewhere: a draft, as watch makes
        loaded = draft_if_changed(loaded)
    for w in warnings(loaded.poster):
        print(f"posterbuild: warning: {w}", file=sys.stderr)
    review = None
    if args.changes_since:
        from posterbuild.versions.review import review_of  # noqa: PLC0415 (a review copy only: a plain build compares no versions)
        folder, _ = pipeline.parse_ref(args.poster_dir)
        since = pipeline.load(f"{folder}@{args.changes_since}", register=False).poster
        review = review_of(since, loaded.poster, args.changes_since)
    built = pipeline.build_output(loaded, setup, review)
    out = args.output or pipeline.default_output(loaded.poster, paper=args.paper, marks=setup.marks,
                                                 cmyk=setup.cmyk, review=review is not None,
                                                 layout=args.layout)
    check_not_published(loaded, out, built.pdf)
    side = pipeline.write_output(built, out)
    elapsed = time.perf_counter() - start
    print(f"wrote {out} ({len(built.pdf) / 1024:.0f} KiB, {elapsed:.2f} s, layout "
          f"'{built.layout_name}'{', unchanged: from the build cache' if built.cached else ''}); "
          f"diagrams (DOT and placement JSON) in {side}/")
    return 0
