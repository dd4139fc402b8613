"""The command line: parse arguments, call one stage function, turn user errors into exit 2."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from posterbuild import __version__
from posterbuild.errors import PosterError

__all__ = ["main"]

DEFAULT_POSTER = Path("data/lync2010")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="posterbuild", description=(
        "Build print-ready PDF posters of protocol workloads from versioned YAML data."))
    parser.add_argument("--version", action="version", version=f"posterbuild {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    b = sub.add_parser("build", help="build the poster PDF (default: data/lync2010)")
    b.add_argument("poster_dir", nargs="?", type=Path, default=DEFAULT_POSTER, metavar="POSTER_DIR")
    b.add_argument("--layout", metavar="NAME|PATH", help="layout name in layouts/ or a YAML path "
                   "(default: the poster's own)")
    b.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="PDF to write (default: output/<poster>-v<version>.pdf)")
    _print_options(b)

    c = sub.add_parser("check", help="validate a poster folder without building")
    c.add_argument("poster_dir", nargs="?", type=Path, default=DEFAULT_POSTER, metavar="POSTER_DIR")
    c.add_argument("--layout", metavar="NAME|PATH", help="also check this layout")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2)")

    p = sub.add_parser("ports", help="write every connection as a table (CSV or Markdown)")
    p.add_argument("poster_dir", nargs="?", type=Path, default=DEFAULT_POSTER, metavar="POSTER_DIR")
    p.add_argument("--format", choices=("csv", "markdown"), default="csv")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")
    return parser


def _print_options(parser: argparse.ArgumentParser) -> None:
    from posterbuild.papers import PAPERS
    parser.add_argument("--paper", choices=sorted(PAPERS), type=str.lower,
                        help="fit the layout to this landscape sheet (default: the layout's own)")
    parser.add_argument("--print-marks", action="store_true",
                        help="add bleed and crop marks (MediaBox > BleedBox > TrimBox)")
    parser.add_argument("--bleed", type=_length, default=None, metavar="LENGTH",
                        help="bleed with --print-marks (default 0.125in; e.g. 3mm)")
    parser.add_argument("--cmyk", action="store_true", help="every colour in CMYK")


def _length(text: str) -> float:
    from posterbuild.source.layout_file import parse_length
    try:
        return parse_length(text if text[-1:].isalpha() else f"{text}in")
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"not a length: {text!r} (e.g. 0.125in, 3mm)") from None


def _setup(args: argparse.Namespace):
    from posterbuild.page.setup import DEFAULT_BLEED, PageSetup
    if args.bleed is not None and not args.print_marks:
        raise PosterError("--bleed goes with --print-marks")
    return PageSetup(marks=args.print_marks, cmyk=args.cmyk,
                     bleed=DEFAULT_BLEED if args.bleed is None else args.bleed)


def _build(args: argparse.Namespace) -> int:
    from posterbuild import pipeline
    start = time.perf_counter()
    from posterbuild.source.consistency import warnings
    setup = _setup(args)
    loaded = pipeline.load(args.poster_dir, args.layout, args.paper)
    for w in warnings(loaded.poster):
        print(f"posterbuild: warning: {w}", file=sys.stderr)
    built = pipeline.build(loaded, setup)
    out = args.output or pipeline.default_output(loaded.poster, paper=args.paper,
                                                 marks=setup.marks, cmyk=setup.cmyk)
    side = pipeline.write(built, out)
    elapsed = time.perf_counter() - start
    smallest = min((p.scale for p in built.placements.values()), default=1.0)
    print(f"wrote {out} ({len(built.pdf) / 1024:.0f} KiB, {elapsed:.2f} s); "
          f"layouts in {side}/; smallest graph scale {smallest:.2f}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from posterbuild import pipeline
    from posterbuild.source.consistency import warnings
    loaded = pipeline.load(args.poster_dir, args.layout)
    p = loaded.poster
    found = warnings(p)
    for w in found:
        print(f"posterbuild: warning: {w}", file=sys.stderr)
    count = sum(len(w.connections) for w in p.workloads)
    sources = len({c.source for w in p.workloads for c in w.connections}
                  | {c.source for c in p.certificates} | {r.source for r in p.dns_records})
    print(f"{args.poster_dir}: ok: {len(p.roles)} roles, {len(p.workloads)} workloads, "
          f"{count} connections, {len(p.certificates)} certificates, {len(p.dns_records)} DNS "
          f"records, {sources} distinct sources; layout '{loaded.layout.name}' ok"
          + (f"; {len(found)} warning(s)" if found else ""))
    return 2 if found and args.strict else 0


def _ports(args: argparse.Namespace) -> int:
    from posterbuild.exports.connections import connection_rows, to_csv, to_markdown
    from posterbuild.output.atomic import write_atomic
    from posterbuild.source.load import load_poster
    rows = connection_rows(load_poster(args.poster_dir))
    text = to_csv(rows) if args.format == "csv" else to_markdown(rows)
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"build": _build, "check": _check, "ports": _ports}[args.command](args)
    except PosterError as exc:
        print(f"posterbuild: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("posterbuild: interrupted", file=sys.stderr)
        return 130
