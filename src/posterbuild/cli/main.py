"""The command line: parse arguments, run one command, turn user errors into exit 2.

Each command is a module of :mod:`posterbuild.cli.commands` (``run(args) -> int``), imported
only when that command runs: this is where posterbuild's start-up rule lives. Parsing imports
only the tables the options' choices come from."""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import Callable

from posterbuild import __version__
from posterbuild.cli.guard import run_guarded, safe_streams
from posterbuild.cli.help import describe
from posterbuild.cli.verbosity import running
from posterbuild.core.papers import PAPERS, SHEETS
from posterbuild.core.project import default_poster
from posterbuild.core.units import parse_length

__all__ = ["main"]

_NO_POSTER = Path("<name a POSTER_DIR>")
_DEFAULT_PROBLEM: list[str] = []  # what is wrong with data/default-poster, if anything


def _default_poster() -> Path:
    """The poster a command works on when none is named: the folder named in
    ``data/default-poster`` (one line), or the only poster folder in ``data/``, of the project
    found from here the way git finds its root (see :mod:`posterbuild.core.project`)."""
    path, problem = default_poster()
    _DEFAULT_PROBLEM[:] = [problem] if problem else []
    return path or _NO_POSTER


def _parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command line. Given ``argv``, only the command it names gets its options: the others
    are listed for ``--help``, but reading every command's options (and the tables their choices
    come from) would cost some commands more than their work."""
    parser = argparse.ArgumentParser(prog="posterbuild", description=(
        "Build print-ready PDF posters of protocol workloads from versioned YAML data."))
    parser.add_argument("--version", action="version", version=f"posterbuild {__version__}")
    loud = parser.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print only errors and warnings "
                      "(and the data a command outputs)")
    loud.add_argument("-v", "--verbose", action="store_true",
                      help="also say which files were used and how long each stage took")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    poster = _default_poster()  # read when the command runs, not at import
    named = next((a for a in argv or () if not a.startswith("-")), None)  # no top option takes a value
    for name, (help_text, add) in _COMMANDS.items():
        command = sub.add_parser(name, help=help_text)
        if argv is None or named not in _COMMANDS or name == named:
            add(command, poster)
    describe(sub)
    return parser


def _init_args(i: argparse.ArgumentParser, poster: Path) -> None:
    i.add_argument("folder", type=Path, metavar="DIR", help="the new folder (must not exist, or be empty)")
    i.add_argument("--product", metavar="TEXT", help="the product the poster is about")
    i.add_argument("--author", metavar="NAME", help="who draws the poster")
    i.add_argument("--title", metavar="TEXT", help="default: '<product> Protocol Workloads Poster'")


def _build_args(b: argparse.ArgumentParser, poster: Path) -> None:
    b.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    b.add_argument("--layout", metavar="NAME|PATH", help="layout name in layouts/ or a YAML path "
                   "(default: the poster's own)")
    b.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="PDF to write (default: output/<poster>-v<version>.pdf)")
    b.add_argument("--changes-since", metavar="X.Y",
                   help="review copy: draw what changed since published version X.Y in a highlight "
                        "colour and list what was removed (default file: ...-review.pdf)")
    _print_options(b)


def _release_args(r: argparse.ArgumentParser, poster: Path) -> None:
    r.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    r.add_argument("--version", required=True, dest="release_version", metavar="X.Y")
    r.add_argument("--note", required=True, metavar="TEXT", help="what changed, for the history")
    r.add_argument("--credit", action="append", default=[], metavar="NAME",
                   help="a reader or contributor to thank (repeat for several)")
    r.add_argument("--date", metavar="YYYY-MM-DD", help="release date (default: today)")
    r.add_argument("--dry-run", action="store_true", help="check and build everything, say what "
                   "would be written, write nothing")


def _diff_args(d: argparse.ArgumentParser, poster: Path) -> None:
    d.add_argument("old", metavar="OLD", help="X.Y (published), DIR (working data) or DIR@X.Y")
    d.add_argument("new", metavar="NEW", help="X.Y (published), DIR (working data) or DIR@X.Y")
    d.add_argument("--poster", type=Path, default=poster, metavar="DIR",
                   help="the poster a bare X.Y refers to (default: the default poster)")
    d.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    d.add_argument("--exit-code", action="store_true",
                   help="exit with status 1 when there are differences, 0 when there are none")


def _check_args(c: argparse.ArgumentParser, poster: Path) -> None:
    c.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    c.add_argument("--layout", nargs="?", const="", metavar="NAME|PATH",
                   help="also lay the poster out and lint it (with this layout, or the poster's own): "
                        "overlapping boxes, text below the minimum, edges through boxes, crossings")
    c.add_argument("--paper", choices=sorted(PAPERS), type=str.lower, help="check on this paper")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2)")
    c.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: one object with ok, problems, warnings and counts on stdout; with "
                        "--layout also the lint: panels and distinct_text_sizes")


def _tile_args(t: argparse.ArgumentParser, poster: Path) -> None:
    t.add_argument("source", nargs="?", type=Path, default=poster, metavar="POSTER_DIR|PDF")
    t.add_argument("--sheet", choices=list(SHEETS), default="letter")
    t.add_argument("--overlap", type=_length, default=_length("10mm"), metavar="LENGTH",
                   help="overlap between neighbouring tiles (default 10mm)")
    size = t.add_mutually_exclusive_group()
    size.add_argument("--sheets", type=_grid, metavar="COLSxROWS", help="fit the poster on this many sheets")
    size.add_argument("--scale", type=_number, metavar="F", help="print at this scale (default 1: full size)")
    t.add_argument("-o", "--output", type=Path, required=True, metavar="FILE")


def _preview_args(v: argparse.ArgumentParser, poster: Path) -> None:
    v.add_argument("source", nargs="?", type=Path, default=poster, metavar="POSTER_DIR|PDF")
    v.add_argument("--dpi", type=_number, default=72.0)
    v.add_argument("--region", metavar="x,y,w,h", help="inches from the poster's top-left corner")
    v.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.png")


def _watch_args(wa: argparse.ArgumentParser, poster: Path) -> None:
    wa.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    wa.add_argument("--layout", metavar="NAME|PATH")
    wa.add_argument("-o", "--output", type=Path, metavar="FILE")
    wa.add_argument("--preview", type=Path, metavar="FILE.png", help="also write a preview PNG")
    wa.add_argument("--max-builds", type=int, help=argparse.SUPPRESS)  # for tests


def _web_args(w: argparse.ArgumentParser, poster: Path) -> None:
    w.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    w.add_argument("-o", "--output", type=Path, required=True, metavar="DIR")
    w.add_argument("--dpi", type=_number, default=150.0, help="full zoom resolution (default 150)")


def _site_args(s: argparse.ArgumentParser, poster: Path) -> None:
    s.add_argument("poster_dirs", nargs="*", type=Path, default=[poster], metavar="POSTER_DIR",
                   help="the posters (default: the default poster)")
    s.add_argument("-o", "--output", type=Path, required=True, metavar="SITE")
    s.add_argument("--dpi", type=_number, default=150.0, help="the deep-zoom viewer's full zoom "
                   "resolution (default 150)")


def _export_args(e: argparse.ArgumentParser, poster: Path) -> None:
    e.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    e.add_argument("--format", choices=("svg", "drawio"), required=True,
                   help="svg: a folder with the sheet and one file per diagram (or one FILE.svg); "
                        "drawio: one .drawio file, a page per diagram")
    e.add_argument("-o", "--output", type=Path, metavar="FILE_OR_DIR",
                   help="default: output/<poster>-v<version>-svg/ or output/<poster>-v<version>.drawio")
    e.add_argument("--workload", metavar="ID", help="only this workload's diagram")


def _ports_args(p: argparse.ArgumentParser, poster: Path) -> None:
    p.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    p.add_argument("--format", choices=("csv", "markdown", "json"), default="csv")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")


def _audit_args(a: argparse.ArgumentParser, poster: Path) -> None:
    a.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    a.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    a.add_argument("--strict", action="store_true", help="exit with status 1 when a source row is "
                   "neither covered nor decided in audit.yaml, or the poster contradicts its source")


# each command (its module is posterbuild.cli.commands.<name>): what `posterbuild --help` says of it,
# and what adds its options
_COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser, Path], None]]] = {
    "init": ("create a new poster folder that builds as it is", _init_args),
    "build": ("build the poster PDF (default: the poster in data/default-poster)", _build_args),
    "release": ("publish a version: history, snapshot, PDF (never overwrites)", _release_args),
    "diff": ("what changed between two versions or folders", _diff_args),
    "check": ("validate a poster folder without building", _check_args),
    "tile": ("cut the poster into office sheets to print and tape together", _tile_args),
    "preview": ("render the poster, or a region of it, to PNG", _preview_args),
    "watch": ("rebuild the PDF each time a data or layout file is saved", _watch_args),
    "web": ("a static deep-zoom site of the poster, with search", _web_args),
    "site": ("the posters' static website: every version, PDFs, ports, feed, viewer", _site_args),
    "ports": ("write every connection as a table (CSV or Markdown)", _ports_args),
    "audit": ("compare the poster with the vendor's own tables (sources/)", _audit_args),
    "export": ("the diagrams as editable SVG or draw.io files", _export_args),
}


def _print_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paper", choices=sorted(PAPERS), type=str.lower,
                        help="fit the layout to this landscape sheet (default: the layout's own)")
    parser.add_argument("--print-marks", action="store_true",
                        help="add bleed and crop marks (MediaBox > BleedBox > TrimBox)")
    parser.add_argument("--bleed", type=_length, default=None, metavar="LENGTH",
                        help="bleed with --print-marks (default 0.125in; e.g. 3mm)")
    parser.add_argument("--cmyk", action="store_true", help="every colour in CMYK")


def _number(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return value


def _grid(text: str) -> tuple[int, int]:
    try:
        cols, rows = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not COLSxROWS: {text!r} (e.g. 4x3)") from None
    if not (1 <= cols <= 50 and 1 <= rows <= 50):
        raise argparse.ArgumentTypeError("COLSxROWS must be from 1x1 to 50x50")
    return cols, rows


def _length(text: str) -> float:
    try:
        return parse_length(text if text[-1:].isalpha() else f"{text}in")
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"not a length: {text!r} (e.g. 0.125in, 3mm)") from None


def main(argv: list[str] | None = None) -> int:
    safe_streams()
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(argv).parse_args(argv)

    def run() -> int:
        with running(args, no_poster=_NO_POSTER, problem=_DEFAULT_PROBLEM[0] if _DEFAULT_PROBLEM else None):
            # the start-up rule: a command's module (and all it imports) is loaded only when it runs
            command = importlib.import_module(f"posterbuild.cli.commands.{args.command}")
            return command.run(args)
    return run_guarded(run)
