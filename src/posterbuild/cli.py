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

    c = sub.add_parser("check", help="validate a poster folder without building")
    c.add_argument("poster_dir", nargs="?", type=Path, default=DEFAULT_POSTER, metavar="POSTER_DIR")
    c.add_argument("--layout", metavar="NAME|PATH", help="also check this layout")
    return parser


def _build(args: argparse.Namespace) -> int:
    from posterbuild import pipeline
    start = time.perf_counter()
    loaded = pipeline.load(args.poster_dir, args.layout)
    built = pipeline.build(loaded)
    out = args.output or pipeline.default_output(loaded.poster)
    side = pipeline.write(built, out)
    elapsed = time.perf_counter() - start
    smallest = min((p.scale for p in built.placements.values()), default=1.0)
    print(f"wrote {out} ({len(built.pdf) / 1024:.0f} KiB, {elapsed:.2f} s); "
          f"layouts in {side}/; smallest graph scale {smallest:.2f}")
    return 0


def _check(args: argparse.Namespace) -> int:
    from posterbuild import pipeline
    loaded = pipeline.load(args.poster_dir, args.layout)
    p = loaded.poster
    count = sum(len(w.connections) for w in p.workloads)
    print(f"{args.poster_dir}: ok: {len(p.roles)} roles, {len(p.workloads)} workloads, "
          f"{count} connections, {len(p.certificates)} certificates, {len(p.dns_records)} DNS "
          f"records; layout '{loaded.layout.name}' ok")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return {"build": _build, "check": _check}[args.command](args)
    except PosterError as exc:
        print(f"posterbuild: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("posterbuild: interrupted", file=sys.stderr)
        return 130
