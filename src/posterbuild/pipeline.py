"""The build, stage by stage: load -> validate -> DOT -> Graphviz -> compose -> write."""

from __future__ import annotations

import logging
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from posterbuild import fonts
from posterbuild.graph.arrange import Arranged, Room, arrange, spread
from posterbuild.graph.geometry import Geometry
from posterbuild.graph.plan import GraphPlan
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster
from posterbuild.output.atomic import write_atomic, write_if_changed
from posterbuild.output.build_cache import Output
from posterbuild.page.compose import compose_pdf, diagram_areas, size_page
from posterbuild.page.quadrant import Placement
from posterbuild.page.setup import PageSetup
from posterbuild.errors import DataError, LayoutError
from posterbuild.papers import TYPE_STEPS, fit_to_paper, paper_factors, scale_type
from posterbuild.release.review import Review
from posterbuild.project import layout_dirs, output_dir
from posterbuild.source.snapshot import DataFiles, Snapshot, font_digests, published_versions, read_snapshot
from posterbuild.source.layout_file import find_layout, layout_from_data, load_layout
from posterbuild.source.layout_rules import check_layout, placed_workloads
from posterbuild.source.load import FolderSource, MemorySource, load_source

log = logging.getLogger("posterbuild")

__all__ = ["Loaded", "Built", "load", "lay_out", "build", "write", "default_output", "build_output",
           "write_output", "output_of", "build_key",
           "layout_search_path"]


@dataclass(frozen=True)
class Loaded:
    poster: Poster
    layout: LayoutSpec
    alternatives: tuple[LayoutSpec, ...] = ()  # other fits of the layout to the paper, to try next
    files: DataFiles = field(default_factory=dict)  # each data file as parsed (what a snapshot keeps)
    layout_path: Path | None = None
    variants: dict[str, str] = field(default_factory=dict)  # forced (a rebuild of a release)
    prefer: dict[str, str] = field(default_factory=dict)  # kept unless clearly worse (stability)
    folder: Path | None = None
    latest: Snapshot | None = None  # the last published version of the poster, if any


@dataclass
class Built:
    pdf: bytes
    plans: dict[str, GraphPlan]
    layouts: dict[str, str]  # workload id -> dot -Tjson text
    geometries: dict[str, Geometry]
    placements: dict[str, Placement]
    timings: dict[str, float] = field(default_factory=dict)
    dot_runs: int = 0  # graphs Graphviz laid out; the others came from the cache
    layout: LayoutSpec | None = None  # the layout as drawn: its grid sized from the diagrams


def layout_search_path(poster_dir: Path) -> list[Path]:
    """Where a layout name is looked up (see :func:`posterbuild.project.layout_dirs`)."""
    return layout_dirs(poster_dir)


def parse_ref(ref: str | Path) -> tuple[Path, str | None]:
    """``data/example`` (the working data) or ``data/example@1.2`` (a published version).

    >>> parse_ref("data/example@1.2")
    (PosixPath('data/example'), '1.2')
    >>> parse_ref("data/example")
    (PosixPath('data/example'), None)
    """
    text = str(ref)
    if "@" in text:
        folder, version = text.rsplit("@", 1)
        return Path(folder), version
    return Path(text), None


def project_root(poster_dir: Path) -> Path:
    """The project that holds a poster folder ``<project>/data/<poster>``."""
    return Path(poster_dir).resolve().parent.parent


def load(poster_dir: Path | str, layout: str | None = None, paper: str | None = None) -> Loaded:
    """Stages 1-2: read and validate the poster folder (or a published version of it,
    ``DIR@X.Y``) and its layout, fitted to ``paper``."""
    folder, version = parse_ref(poster_dir)
    if version is not None:
        return _fit(load_release(folder, version), paper)
    poster, files = load_source(FolderSource(folder))
    search = layout_search_path(folder)
    path = find_layout(layout, search) if layout else find_layout(poster.meta.layout, search, folder)
    spec = load_layout(path, search)
    log.info("poster %s; layout '%s' from %s", folder, spec.name, path)
    fonts.register_fonts(spec.font_files)
    published = published_versions(folder)
    latest = read_snapshot(folder, published[-1]) if published else None
    prefer = latest.variants if latest and layout is None else {}
    return _fit(Loaded(poster, spec, files=files, layout_path=path, prefer=prefer, folder=folder,
                       latest=latest), paper)


def load_poster_only(ref: Path | str):
    """Just the poster model of the working data or of a published version (for diffs)."""
    folder, version = parse_ref(ref)
    if version is None:
        return load_source(FolderSource(folder))[0]
    snap = read_snapshot(folder, version)
    return load_source(MemorySource(snap.files, snap.poster, f"{folder}@{version}"))[0]


def load_release(folder: Path, version: str) -> Loaded:
    """A published version, from its snapshot: the same data, layout and layout variants."""
    snap = read_snapshot(folder, version)
    poster, files = load_source(MemorySource(snap.files, snap.poster, f"{folder}@{version}"))
    path = project_root(folder) / snap.layout_path
    spec = layout_from_data(snap.layout, path)
    fonts.register_fonts(spec.font_files)
    changed = [n for n, d in font_digests(spec.font_files).items() if snap.fonts.get(n) != d]
    if changed:
        print(f"posterbuild: warning: fonts changed since {version} was published "
              f"({', '.join(changed)}); the rebuild will not be byte-identical", file=sys.stderr)
    # a version published before the site plan may need its whole sheet's type a little smaller
    steps = tuple(scale_type(spec, f) for f in TYPE_STEPS)
    return Loaded(poster, spec, files=files, layout_path=path, variants=snap.variants, folder=folder,
                  alternatives=steps)


def _fit(loaded: Loaded, paper: str | None) -> Loaded:
    """The layout fitted to ``paper``, and checked against the poster (the same rules as
    `check`, before anything is laid out)."""
    if not paper:
        check_layout(loaded.poster, loaded.layout)
        return loaded
    fitted = [fit_to_paper(loaded.layout, paper, f) for f in paper_factors(loaded.layout, paper)]
    check_layout(loaded.poster, fitted[0])
    fitted += [scale_type(fitted[0], f) for f in TYPE_STEPS]
    return replace(loaded, layout=fitted[0], alternatives=tuple(fitted[1:]))


def lay_out(loaded: Loaded, cache=None) -> Arranged:
    """Stages 3-4: each placed workload's diagram, laid out at the layout's own sizes (it knows
    nothing of the page; the page is sized from it afterwards)."""
    from posterbuild.graph.run_dot import dot_timeout
    dot_timeout()  # a nonsense $POSTERBUILD_DOT_TIMEOUT is an error even when the cache answers
    return arrange(loaded.poster, loaded.layout, placed_workloads(loaded.poster, loaded.layout))


def warm_up_compose() -> None:
    import posterbuild.page.tables  # noqa: F401, PLC0415 (ReportLab's platypus)


def build(loaded: Loaded, setup: PageSetup = PageSetup(), review: Review | None = None) -> Built:
    """Stages 3-5 in memory; nothing is written. When the layout was fitted to a paper in more
    than one way, the first fit that keeps all text above the minimum wins."""
    try:
        return _build_one(loaded, setup, review)
    except LayoutError:
        for spec in loaded.alternatives:
            try:
                return _build_one(replace(loaded, layout=spec, alternatives=()), setup, review)
            except LayoutError:
                continue
        raise


def _build_one(loaded: Loaded, setup: PageSetup, review: Review | None) -> Built:
    t0 = time.perf_counter()
    arranged = lay_out(loaded)
    plans, texts, geometries = arranged.plans, arranged.layouts, arranged.geometries
    t1 = time.perf_counter()
    page = size_page(loaded.poster, loaded.layout, plans, geometries)
    geometries = _spread(loaded.poster, page, plans, geometries)
    pdf, placements = compose_pdf(loaded.poster, page, plans, geometries, setup, review)
    t2 = time.perf_counter()
    log.info("laid out in %.2f s (Graphviz ran %d time(s)), composed in %.2f s", t1 - t0,
             arranged.dot_runs, t2 - t1)
    return Built(pdf=pdf, plans=plans, layouts=texts, geometries=geometries, placements=placements,
                 timings={"layout": t1 - t0, "compose": t2 - t1}, dot_runs=arranged.dot_runs,
                 layout=page)


def _spread(poster: Poster, page: LayoutSpec, plans: dict[str, GraphPlan],
            geometries: dict[str, Geometry]) -> dict[str, Geometry]:
    """Each diagram with room to spare in its panel spread apart to use it (the text keeps its
    size): laid out again by the graph stage once the page is sized, before anything is drawn."""
    spare = fonts.line_height(page.text["node"])
    rooms = {wid: Room(area.h, area.w)
             for wid, area in diagram_areas(poster, page, plans, geometries).items()
             if area.h > geometries[wid].height + spare}
    return spread(poster, plans, page, geometries, rooms)


def default_output(poster: Poster, out_dir: Path | None = None, *, paper: str | None = None,
                   marks: bool = False, cmyk: bool = False, review: bool = False,
                   layout: str | None = None) -> Path:
    """``output/<poster>-v<version>[-<layout>][-<paper>][-print][-cmyk][-review].pdf``: other
    layouts and print variants never overwrite the poster itself."""
    out_dir = output_dir() if out_dir is None else out_dir
    other = layout if layout and layout != poster.meta.layout else None
    suffix = (f"-{Path(other).stem}" if other else "") + (f"-{paper.lower()}" if paper else "") + \
        ("-print" if marks else "") + \
        ("-cmyk" if cmyk else "") + ("-review" if review else "")
    return out_dir / f"{poster.slug}-v{poster.meta.version}{suffix}.pdf"


def write(built: Built, pdf_path: Path) -> Path:
    """Stage 6: the DOT and layout JSON of each quadrant beside the PDF, then the PDF itself."""
    return write_output(output_of(built), pdf_path)


def output_of(built: Built) -> Output:
    """The files a build writes: the PDF, and beside it each diagram's DOT and layout JSON."""
    from posterbuild.output.safe_paths import SIDE_MARKER
    side = {SIDE_MARKER: b"DOT and layout JSON of the PDF beside this folder\n"}
    for wid, plan in built.plans.items():
        side[f"{wid}.gv"] = plan.dot.encode("utf-8")
        side[f"{wid}.json"] = built.layouts[wid].encode("utf-8")
    return Output(built.pdf, side, built.layout.name if built.layout else "?")


def write_output(output: Output, pdf_path: Path) -> Path:
    """The files beside the PDF (those whose bytes change), then the PDF; the folder of files."""
    from posterbuild.output.safe_paths import check_pdf_target
    side = check_pdf_target(pdf_path)  # refused before anything is written
    for name, data in output.side.items():  # the folder's marker first
        write_if_changed(side / name, data)
    write_atomic(pdf_path, output.pdf)
    return side


def build_output(loaded: Loaded, setup: PageSetup = PageSetup(), review: Review | None = None) -> Output:
    """:func:`build`'s files, from the build cache when nothing that decides them changed."""
    from posterbuild.output.build_cache import default_build_cache
    cache = default_build_cache()
    key = build_key(loaded, setup, review) if cache.folder is not None else ""
    hit = cache.get(key)
    if hit is not None:
        log.info("unchanged since an earlier build: its files come from the build cache")
        return hit
    output = output_of(build(loaded, setup, review))
    cache.put(key, output)
    return output


def build_key(loaded: Loaded, setup: PageSetup, review: Review | None) -> str:
    """A hash of all that decides a build's bytes: the poster and layout as loaded (and the
    layouts to fall back on), the page set-up, the review, the fonts' content, the code and the
    ``dot`` program."""
    import hashlib
    import json

    from posterbuild.cache_dir import code_stamp
    from posterbuild.graph.codec import encode
    from posterbuild.graph.run_dot import dot_stamp
    specs = (loaded.layout, *loaded.alternatives)
    fonts_used = {str(p): p for spec in specs for p in spec.font_files.values()}
    parts = ["build 1", code_stamp(), dot_stamp(), repr(loaded.poster), repr(specs),
             json.dumps([spec.data for spec in specs], sort_keys=True, default=str), repr(setup),
             json.dumps(encode(review), sort_keys=True, default=str),
             json.dumps(font_digests(fonts_used), sort_keys=True)]
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()