"""The build, stage by stage: load -> validate -> DOT -> Graphviz -> compose -> write."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from posterbuild import fonts
from posterbuild.graph.arrange import Arranged, Room, arrange
from posterbuild.graph.cache import LayoutCache, default_cache
from posterbuild.graph.geometry import Geometry
from posterbuild.graph.plan import GraphPlan
from posterbuild.layout_model import LayoutSpec
from posterbuild.model import Poster
from posterbuild.output.atomic import write_atomic
from posterbuild.page.compose import compose_pdf, graph_rooms, placed_workloads
from posterbuild.page.quadrant import Placement, label_styles
from posterbuild.page.setup import PageSetup
from posterbuild.errors import LayoutError
from posterbuild.papers import fit_to_paper, paper_factors
from posterbuild.release.review import Review
from posterbuild.release.snapshot import Snapshot, font_digests, published_versions, read_snapshot
from posterbuild.source.layout_file import find_layout, layout_from_data, load_layout
from posterbuild.source.load import FolderSource, MemorySource, load_source

__all__ = ["Loaded", "Built", "load", "lay_out", "build", "write", "default_output",
           "layout_search_path"]


@dataclass(frozen=True)
class Loaded:
    poster: Poster
    layout: LayoutSpec
    alternatives: tuple[LayoutSpec, ...] = ()  # other fits of the layout to the paper, to try next
    files: dict = field(default_factory=dict)  # each data file as parsed (what a snapshot keeps)
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


def layout_search_path(poster_dir: Path) -> list[Path]:
    """Where a layout name is looked up: ``layouts/`` of the project that holds the poster
    folder (``<project>/data/<poster>``), beside the poster folder, then here."""
    folder = Path(poster_dir).resolve()
    paths = [folder.parent.parent / "layouts", folder.parent / "layouts", Path.cwd() / "layouts"]
    return list(dict.fromkeys(paths))


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
    path = find_layout(layout or poster.meta.layout, layout_search_path(folder))
    spec = load_layout(path)
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
    return Loaded(poster, spec, files=files, layout_path=path, variants=snap.variants, folder=folder)


def _fit(loaded: Loaded, paper: str | None) -> Loaded:
    if not paper:
        return loaded
    fitted = [fit_to_paper(loaded.layout, paper, f) for f in paper_factors(loaded.layout, paper)]
    return replace(loaded, layout=fitted[0], alternatives=tuple(fitted[1:]))


def lay_out(loaded: Loaded, cache: LayoutCache | None = None) -> Arranged:
    """Stages 3-4: DOT graphs per placed workload (a few variants each), laid out by Graphviz
    in parallel; each workload keeps the variant that fits its panel best."""
    from posterbuild.graph.run_dot import dot_timeout
    dot_timeout()  # a nonsense $POSTERBUILD_DOT_TIMEOUT is an error even when the cache answers
    poster, layout = loaded.poster, loaded.layout
    ids = placed_workloads(poster, layout)
    areas = graph_rooms(poster, layout)

    def room(wid: str):
        def of(plan: GraphPlan) -> Room:
            smallest = min(layout.text[s].size for s in label_styles(plan))
            return Room(areas[wid].w, areas[wid].h, layout.min_text_size / smallest)
        return of
    return arrange(poster, layout, ids, {wid: room(wid) for wid in ids},
                   cache if cache is not None else default_cache(), forced=loaded.variants,
                   prefer=loaded.prefer, meanwhile=warm_up_compose)


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
    pdf, placements = compose_pdf(loaded.poster, loaded.layout, plans, geometries, setup, review)
    t2 = time.perf_counter()
    return Built(pdf=pdf, plans=plans, layouts=texts, geometries=geometries, placements=placements,
                 timings={"layout": t1 - t0, "compose": t2 - t1}, dot_runs=arranged.dot_runs)


def default_output(poster: Poster, out_dir: Path = Path("output"), *, paper: str | None = None,
                   marks: bool = False, cmyk: bool = False, review: bool = False,
                   layout: str | None = None) -> Path:
    """``output/<poster>-v<version>[-<layout>][-<paper>][-print][-cmyk][-review].pdf``: other
    layouts and print variants never overwrite the poster itself."""
    other = layout if layout and layout != poster.meta.layout else None
    suffix = (f"-{Path(other).stem}" if other else "") + (f"-{paper.lower()}" if paper else "") + \
        ("-print" if marks else "") + \
        ("-cmyk" if cmyk else "") + ("-review" if review else "")
    return out_dir / f"{poster.slug}-v{poster.meta.version}{suffix}.pdf"


def write(built: Built, pdf_path: Path) -> Path:
    """Stage 6: the DOT and layout JSON of each quadrant beside the PDF, then the PDF itself."""
    from posterbuild.output.safe_paths import SIDE_MARKER, check_pdf_target
    side = check_pdf_target(pdf_path)  # refused before anything is written
    write_atomic(side / SIDE_MARKER, b"DOT and layout JSON of the PDF beside this folder\n")
    for wid, plan in built.plans.items():
        write_atomic(side / f"{wid}.gv", plan.dot.encode("utf-8"))
        write_atomic(side / f"{wid}.json", built.layouts[wid].encode("utf-8"))
    write_atomic(pdf_path, built.pdf)
    return side
