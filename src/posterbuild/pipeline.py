"""The build, stage by stage: load -> validate -> DOT -> Graphviz -> compose -> write.

Stages 1-2 (read, validate, fit the layout to the paper) are :mod:`posterbuild.loading`, kept
apart so that commands that stop there (`check`, `diff`) never import the graph or page code;
their names are also here, the build's one entry point. The graph and page stages are imported
by the functions below that run them: a build the build cache answers runs neither, and their
imports (ReportLab, Graphviz's package, the routing code) would be most of its time.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from posterbuild.layout_model import LayoutSpec
from posterbuild.loading import (Loaded, layout_search_path, load, load_poster_only, load_release,
                                 parse_ref, project_root, use_fonts)
from posterbuild.model import Poster
from posterbuild.output.atomic import write_atomic
from posterbuild.output.build_cache import Output
from posterbuild.page.setup import PageSetup
from posterbuild.errors import LayoutError
from posterbuild.project import output_dir
from posterbuild.source.layout_rules import placed_workloads
from posterbuild.source.snapshot import font_digests

if TYPE_CHECKING:  # only types (a plain build never imports the release code)
    from posterbuild.graph.arrange import Arranged
    from posterbuild.graph.geometry import Geometry
    from posterbuild.graph.plan import GraphPlan
    from posterbuild.page.quadrant import Placement
    from posterbuild.release.review import Review

log = logging.getLogger("posterbuild")

__all__ = ["Loaded", "Built", "load", "lay_out", "build", "write", "default_output", "build_output",
           "write_output", "output_of", "build_key", "layout_search_path", "load_poster_only",
           "load_release", "parse_ref", "project_root"]


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


def lay_out(loaded: Loaded, cache=None) -> Arranged:
    """Stages 3-4: each placed workload's diagram, laid out at the layout's own sizes (it knows
    nothing of the page; the page is sized from it afterwards)."""
    from posterbuild.graph.arrange import arrange  # noqa: PLC0415 (where it runs: see above)
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
    from posterbuild.page.compose import compose_pdf, size_page  # noqa: PLC0415 (see above)
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
    from posterbuild import fonts  # noqa: PLC0415 (see above)
    from posterbuild.graph.arrange import Room, spread  # noqa: PLC0415
    from posterbuild.page.compose import diagram_areas  # noqa: PLC0415
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
    """The folder of files beside the PDF, then the PDF, under the lock of the folder that holds
    them: concurrent builds to one PDF wait for each other, and the folder appears with its
    marker or not at all (see :mod:`posterbuild.output.claim`). Returns the folder of files."""
    from posterbuild.output.claim import claim_folder, output_lock
    from posterbuild.output.safe_paths import SIDE_MARKER, check_pdf_target
    check_pdf_target(pdf_path)  # refused before anything is written
    with output_lock(pdf_path):
        side = check_pdf_target(pdf_path)  # again, now that no other build writes there
        claim_folder(side, output.side, marker=SIDE_MARKER)
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
    use_fonts(loaded.layout.font_files)  # if loaded only to look the build up, without registering them
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