"""The command line: parse arguments, call one stage function, turn user errors into exit 2."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Callable

from posterbuild import __version__
from posterbuild.core.errors import PosterError, terminal_safe

__all__ = ["main"]

_NO_POSTER = Path("<name a POSTER_DIR>")
_DEFAULT_PROBLEM: list[str] = []  # what is wrong with data/default-poster, if anything


def _default_poster() -> Path:
    """The poster a command works on when none is named: the folder named in
    ``data/default-poster`` (one line), or the only poster folder in ``data/``, of the project
    found from here the way git finds its root (see :mod:`posterbuild.core.project`)."""
    from posterbuild.core.project import default_poster
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
    from posterbuild.cli.help import describe
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
    from posterbuild.core.papers import PAPERS
    c.add_argument("--paper", choices=sorted(PAPERS), type=str.lower, help="check on this paper")
    c.add_argument("--strict", action="store_true", help="treat warnings as errors (exit 2)")
    c.add_argument("--format", choices=("text", "json"), default="text",
                   help="json: one object with ok, problems, warnings and counts on stdout; with "
                        "--layout also the lint: panels and distinct_text_sizes")


def _tile_args(t: argparse.ArgumentParser, poster: Path) -> None:
    t.add_argument("source", nargs="?", type=Path, default=poster, metavar="POSTER_DIR|PDF")
    from posterbuild.core.papers import SHEETS
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
    s.add_argument("poster_dirs", nargs="*", type=Path, metavar="POSTER_DIR",
                   help="the posters (default: the default poster)")
    s.add_argument("-o", "--output", type=Path, required=True, metavar="SITE")
    s.add_argument("--dpi", type=_number, default=150.0, help="the deep-zoom viewer's full zoom "
                   "resolution (default 150)")


def _ports_args(p: argparse.ArgumentParser, poster: Path) -> None:
    p.add_argument("poster_dir", nargs="?", type=Path, default=poster, metavar="POSTER_DIR")
    p.add_argument("--format", choices=("csv", "markdown", "json"), default="csv")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout)")


# each command: what `posterbuild --help` says of it, and what adds its options
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
}


def _print_options(parser: argparse.ArgumentParser) -> None:
    from posterbuild.core.papers import PAPERS
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
    from posterbuild.core.units import parse_length
    try:
        return parse_length(text if text[-1:].isalpha() else f"{text}in")
    except (ValueError, IndexError):
        raise argparse.ArgumentTypeError(f"not a length: {text!r} (e.g. 0.125in, 3mm)") from None


def _setup(args: argparse.Namespace):
    from posterbuild.page.setup import DEFAULT_BLEED, PageSetup
    from posterbuild.source.limits import MAX_BLEED, in_range
    if args.bleed is not None and not args.print_marks:
        raise PosterError("--bleed goes with --print-marks")
    if args.bleed is not None:
        in_range("--bleed", args.bleed, 0, MAX_BLEED, unit=" pt (1 in)")
    return PageSetup(marks=args.print_marks, cmyk=args.cmyk,
                     bleed=DEFAULT_BLEED if args.bleed is None else args.bleed)


def _build(args: argparse.Namespace) -> int:
    from posterbuild import pipeline
    start = time.perf_counter()
    from posterbuild.source.consistency import warnings
    from posterbuild.output.published import check_not_published
    setup = _setup(args)
    if args.output:
        from posterbuild.output.safe_paths import check_pdf_target
        check_pdf_target(args.output)
    # fonts registered only if the build cache has no such build (see pipeline.build_output)
    loaded = pipeline.load(args.poster_dir, args.layout, args.paper, register=False)
    from posterbuild.source.limits import check_media
    check_media(loaded.layout.width, loaded.layout.height, setup.offset)
    for w in warnings(loaded.poster):
        print(f"posterbuild: warning: {w}", file=sys.stderr)
    review = None
    if args.changes_since:
        from posterbuild.versions.review import review_of
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


def _check(args: argparse.Namespace) -> int:
    if args.format == "json":
        from posterbuild.cli.reports import check_report, dumps
        report, status = check_report(args.poster_dir, args.layout, args.paper, args.strict)
        sys.stdout.write(dumps(report))
        return status
    from posterbuild import loading  # stages 1-2 only: no graph or page code unless --layout
    from posterbuild.source.consistency import warnings
    loaded = loading.load(args.poster_dir, args.layout or None, args.paper,
                          register=args.layout is not None)  # fonts registered only to lay out
    p = loaded.poster
    found = warnings(p)
    lint_problems = 0
    if args.layout is not None:
        from posterbuild import pipeline
        from posterbuild.lint import lint, text_sizes
        built = pipeline.build(loaded)
        quadrants = lint(built)
        lint_problems = sum(q.problems for q in quadrants)
        print(f"layout '{built.layout.name if built.layout else '?'}':")
        for q in quadrants:
            print("  " + q.line())
        sizes = text_sizes(built.pdf)
        print(f"  the sheet: {len(sizes)} distinct text sizes ({', '.join(f'{s:g}' for s in sizes)} pt)")
    for w in found:
        print(f"posterbuild: warning: {w}", file=sys.stderr)
    count = sum(len(w.connections) for w in p.workloads)
    sources = len({c.source for w in p.workloads for c in w.connections}
                  | {c.source for c in p.certificates} | {r.source for r in p.dns_records})
    print(f"{args.poster_dir}: ok: {len(p.roles)} roles, {len(p.workloads)} workloads, "
          f"{count} connections, {len(p.certificates)} certificates, {len(p.dns_records)} DNS "
          f"records, {sources} distinct sources; layout '{loaded.layout.name}' ok"
          + (f"; {len(found)} warning(s)" if found else "")
          + (f"; layout lint: {lint_problems} problem(s)" if args.layout is not None else ""))
    from posterbuild.exports.sources import kind_summary
    if summary := kind_summary(p):
        print(f"{args.poster_dir}: {summary}")
    return 2 if lint_problems or (found and args.strict) else 0


def _poster_pdf(source: Path) -> tuple[bytes, str]:
    """The PDF bytes of a built PDF, or of a poster folder built in memory; and a title."""
    if source.suffix.lower() == ".pdf":
        from posterbuild.output.pdf_input import read_poster_pdf
        return read_poster_pdf(source), source.stem
    from posterbuild import pipeline
    loaded = pipeline.load(source)
    return pipeline.build(loaded).pdf, f"{loaded.poster.meta.title} {loaded.poster.meta.version}"


def _release(args: argparse.Namespace) -> int:
    from posterbuild.publish.release import release
    done = release(args.poster_dir, args.release_version, args.note, credits=args.credit,
                   date=args.date, dry_run=args.dry_run)
    if done.dry_run:
        print(f"dry run: {done.version} would be released; nothing was written. It would write:")
        for path in done.files:
            print(f"  {path}" + ("/ (the DOT and layout JSON beside the PDF)" if not path.suffix else ""))
        return 0
    print(f"released {done.version}: {done.snapshot} and {done.pdf}")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from posterbuild.source.load import load_poster_only
    from posterbuild.versions.diff import diff_posters, render_markdown, render_text

    def resolve(ref: str) -> str:
        return f"{args.poster}@{ref}" if re.fullmatch(r"\d+\.\d+", ref) else ref
    old_ref, new_ref = resolve(args.old), resolve(args.new)
    old = load_poster_only(old_ref)
    new = load_poster_only(new_ref)
    changes = diff_posters(old, new)
    if args.format == "json":
        from posterbuild.cli.reports import diff_report, dumps
        sys.stdout.write(dumps(diff_report(changes, args.old, args.new)))
    else:
        render = render_text if args.format == "text" else render_markdown
        sys.stdout.write(terminal_safe(render(changes, args.old, args.new)))
    return 1 if args.exit_code and changes else 0


def _tile(args: argparse.Namespace) -> int:
    from posterbuild.output.atomic import write_atomic
    from posterbuild.output.pdf_input import pdf_errors
    from posterbuild.output.safe_paths import check_file_target
    from posterbuild.output.tiles import tile_pdf
    check_file_target(args.output, "pdf", suffix=".pdf")
    pdf, title = _poster_pdf(args.source)
    with pdf_errors(args.source):
        data, plan = tile_pdf(pdf, args.sheet, args.overlap, scale=args.scale, sheets=args.sheets,
                              title=title)
    write_atomic(args.output, data)
    print(f"wrote {args.output}: assembly map + {plan.columns} x {plan.rows} {plan.sheet} tiles at "
          f"{plan.scale * 100:.0f}%")
    return 0


def _preview(args: argparse.Namespace) -> int:
    from posterbuild.output.atomic import write_atomic
    from posterbuild.output.preview import parse_region, render_png
    from posterbuild.output.pdf_input import pdf_errors
    from posterbuild.output.safe_paths import check_file_target
    check_file_target(args.output, "png", suffix=".png")
    region = parse_region(args.region) if args.region else None
    pdf, _ = _poster_pdf(args.source)
    with pdf_errors(args.source):
        png = render_png(pdf, args.dpi, region)
    write_atomic(args.output, png)
    print(f"wrote {args.output}")
    return 0


def _init(args: argparse.Namespace) -> int:
    from posterbuild.cli.scaffold import next_steps, scaffold
    print(next_steps(scaffold(args.folder, product=args.product, author=args.author, title=args.title)))
    return 0


def _watch(args: argparse.Namespace) -> int:
    from posterbuild.cli.watch import watch
    return watch(args.poster_dir, args.layout, args.output, args.preview, max_builds=args.max_builds)


def _web(args: argparse.Namespace) -> int:
    from posterbuild import pipeline
    from posterbuild.web.site import write_site
    from posterbuild.output.safe_paths import check_site_folder
    if not 10 <= args.dpi <= 600:
        raise PosterError("--dpi must be between 10 and 600")
    check_site_folder(args.output)
    start = time.perf_counter()
    loaded = pipeline.load(args.poster_dir)
    site = write_site(loaded, pipeline.build(loaded), args.output, args.dpi)
    print(f"wrote {site.folder}/index.html: {site.width} x {site.height} px, {site.levels} levels, "
          f"{site.tiles} tiles, {site.entries} search entries ({time.perf_counter() - start:.1f} s)")
    return 0


def _site(args: argparse.Namespace) -> int:
    from posterbuild.output.safe_paths import check_site_folder
    from posterbuild.publish.site.build import write_posters_site
    if not 10 <= args.dpi <= 600:
        raise PosterError("--dpi must be between 10 and 600")
    check_site_folder(args.output)
    folders = args.poster_dirs or [_default_poster()]
    if _NO_POSTER in folders:
        from posterbuild.core.project import not_found_message
        raise PosterError(not_found_message())
    report = write_posters_site(folders, args.output, args.dpi)
    print(f"wrote {report.folder}/index.html: {len(report.posters)} poster(s), "
          f"{sum(len(p.releases) for p in report.posters)} published version(s); {report.made} part(s) "
          f"made, {report.reused} unchanged ({report.seconds:.1f} s)")
    return 0


def _ports(args: argparse.Namespace) -> int:
    from posterbuild.exports.connections import connection_rows, to_csv, to_markdown
    from posterbuild.output.atomic import write_atomic
    from posterbuild.source.load import load_poster
    from posterbuild.output.safe_paths import check_file_target
    if args.output:
        check_file_target(args.output, args.format)
    rows = connection_rows(load_poster(args.poster_dir))
    if args.format == "json":
        from posterbuild.cli.reports import dumps, ports_report
        text = dumps(ports_report(rows))
    else:  # control characters in the data are written as escapes (\x1b), in files and on the terminal
        text = terminal_safe(to_csv(rows) if args.format == "csv" else to_markdown(rows))
    if args.output:
        write_atomic(args.output, text.encode("utf-8"))
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    from posterbuild.cli.guard import run_guarded, safe_streams
    safe_streams()
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(argv).parse_args(argv)

    def run() -> int:
        commands = {"build": _build, "check": _check, "ports": _ports, "tile": _tile, "preview": _preview,
                    "release": _release, "diff": _diff, "web": _web, "site": _site, "watch": _watch, "init": _init}
        from posterbuild.cli.verbosity import running
        with running(args, no_poster=_NO_POSTER, problem=_DEFAULT_PROBLEM[0] if _DEFAULT_PROBLEM else None):
            return commands[args.command](args)
    return run_guarded(run)
