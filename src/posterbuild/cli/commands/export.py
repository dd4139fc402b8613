"""``posterbuild export``: the diagrams as SVG or draw.io, from the placed diagrams the PDF draws."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from posterbuild import pipeline
from posterbuild.core.errors import PosterError
from posterbuild.core.project import output_dir
from posterbuild.exports.drawio import drawio_file
from posterbuild.exports.svg import diagram_svg, sheet_svg
from posterbuild.output.atomic import write_atomic
from posterbuild.output.claim import claim_folder, output_lock
from posterbuild.output.published import draft_if_changed
from posterbuild.output.safe_paths import EXPORT_MARKER, check_file_target, check_owned_folder

__all__ = ["run", "FORMATS"]

FORMATS = ("svg", "drawio")


def _target(args: argparse.Namespace, slug: str) -> tuple[Path, bool]:
    """Where to write and whether it is one file (else a folder of SVG files)."""
    suffix = f"-{args.workload}" if args.workload else ""
    if args.format == "drawio":
        path = args.output or output_dir() / f"{slug}{suffix}.drawio"
        check_file_target(path, "drawio", suffix=".drawio")
        return Path(path), True
    if args.output is not None and args.output.suffix.lower() == ".svg":
        check_file_target(args.output, "svg", suffix=".svg")
        return args.output, True
    folder = args.output or output_dir() / f"{slug}{suffix}-svg"
    check_owned_folder(folder, marker=EXPORT_MARKER, what="SVG files", command="`posterbuild export`",
                       example="output/svg")
    return Path(folder), False


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    loaded = draft_if_changed(pipeline.load(args.poster_dir))
    poster = loaded.poster
    draft = "-draft" if poster.meta.draft else ""
    target, one_file = _target(args, f"{poster.slug}-v{poster.meta.version}{draft}")  # before any work
    built = pipeline.build(loaded)
    layout = built.layout or loaded.layout
    drawn = [wid for wid in built.plans if wid in built.placements]
    if args.workload is not None and args.workload not in drawn:
        raise PosterError(f"--workload {args.workload}: not a diagram of this poster's layout "
                          f"(its diagrams: {', '.join(drawn)})")
    chosen = [args.workload] if args.workload else drawn
    if args.format == "drawio":
        pages = {wid: built.placements[wid].drawn for wid in chosen}
        write_atomic(target, drawio_file(poster, layout, built.plans,
                                         {k: v for k, v in pages.items() if v is not None}, chosen))
        written = [target]
    elif one_file:
        data = diagram_svg(poster, layout, built.plans, built.geometries, chosen[0]) if args.workload \
            else sheet_svg(poster, layout, built.plans, built.geometries)
        write_atomic(target, data)
        written = [target]
    else:  # the folder appears whole with its marker, or (ours already) gets its changed files
        files = {EXPORT_MARKER: b"SVG files written by `posterbuild export`; the next export may replace them.\n"}
        if not args.workload:
            files["sheet.svg"] = sheet_svg(poster, layout, built.plans, built.geometries)
        for wid in chosen:
            files[f"{wid}.svg"] = diagram_svg(poster, layout, built.plans, built.geometries, wid)
        with output_lock(target):
            _target(args, f"{poster.slug}-v{poster.meta.version}")  # again: it may have changed meanwhile
            claim_folder(target, files, marker=EXPORT_MARKER)
        written = [target / name for name in files if name != EXPORT_MARKER]
    where = written[0] if one_file else target
    print(f"wrote {where}: {len(written)} {args.format} file{'s' if len(written) != 1 else ''}, "
          f"{len(chosen)} diagram{'s' if len(chosen) != 1 else ''} ({time.perf_counter() - start:.1f} s)")
    return 0
