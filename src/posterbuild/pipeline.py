"""The build, stage by stage: load -> validate -> DOT -> Graphviz -> compose -> write.

Stages 1-2 (read, validate, fit the layout to the paper) are :mod:`posterbuild.loading`, kept
apart so that commands that stop there (`check`, `diff`) never import the graph or page code;
their names are also here, the build's one entry point. Stages 3-5 (lay out, size the page, draw)
are :mod:`posterbuild.render`, imported only when a build runs them: a build the build cache
answers runs neither, and their imports (ReportLab, Graphviz's package, the routing code) would
be most of its time. Stage 6 (write) and the build cache are here.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from posterbuild.core.cache import code_stamp, key
from posterbuild.core.model import Poster
from posterbuild.core.project import output_dir
from posterbuild.fonts.digest import font_digests
from posterbuild.graph.codec import encode
from posterbuild.graph.run_dot import dot_stamp
from posterbuild.loading import (Loaded, layout_search_path, load, load_poster_only, load_release,
                                 parse_ref, project_root, use_fonts)
from posterbuild.output.atomic import write_atomic
from posterbuild.output.build_cache import Output, default_build_cache
from posterbuild.output.claim import claim_folder, output_lock
from posterbuild.output.safe_paths import SIDE_MARKER, check_pdf_target
from posterbuild.page.setup import PageSetup

if TYPE_CHECKING:  # only types (a plain build never imports the versions' comparison)
    from posterbuild.render import Built
    from posterbuild.versions.review import Review

log = logging.getLogger("posterbuild")

__all__ = ["Loaded", "load", "build", "write", "default_output", "build_output",
           "write_output", "output_of", "build_key", "layout_search_path", "load_poster_only",
           "load_release", "parse_ref", "project_root"]


def build(loaded: Loaded, setup: PageSetup = PageSetup(), review: Review | None = None) -> Built:
    """Stages 3-5 in memory (:func:`posterbuild.render.build`); nothing is written."""
    from posterbuild import render  # noqa: PLC0415 (graph and page stages: not for a build the build cache answers)
    return render.build(loaded, setup, review)


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
    side = {SIDE_MARKER: b"DOT and layout JSON of the PDF beside this folder\n"}
    for wid, plan in built.plans.items():
        side[f"{wid}.gv"] = plan.dot.encode("utf-8")
        side[f"{wid}.json"] = built.layouts[wid].encode("utf-8")
    return Output(built.pdf, side, built.layout.name if built.layout else "?")


def write_output(output: Output, pdf_path: Path) -> Path:
    """The folder of files beside the PDF, then the PDF, under the lock of the folder that holds
    them: concurrent builds to one PDF wait for each other, and the folder appears with its
    marker or not at all (see :mod:`posterbuild.output.claim`). Returns the folder of files."""
    check_pdf_target(pdf_path)  # refused before anything is written
    with output_lock(pdf_path):
        side = check_pdf_target(pdf_path)  # again, now that no other build writes there
        claim_folder(side, output.side, marker=SIDE_MARKER)
        write_atomic(pdf_path, output.pdf)
    return side


def build_output(loaded: Loaded, setup: PageSetup = PageSetup(), review: Review | None = None) -> Output:
    """:func:`build`'s files, from the build cache when nothing that decides them changed."""
    cache = default_build_cache()
    wanted = build_key(loaded, setup, review) if cache.folder is not None else ""
    hit = cache.get(wanted)
    if hit is not None:
        log.info("unchanged since an earlier build: its files come from the build cache")
        return hit
    use_fonts(loaded.layout.font_files)  # if loaded only to look the build up, without registering them
    output = output_of(build(loaded, setup, review))
    cache.put(wanted, output)
    return output


def build_key(loaded: Loaded, setup: PageSetup, review: Review | None) -> str:
    """A hash of all that decides a build's bytes: the poster and layout as loaded (and the
    layouts to fall back on), the page set-up, the review, the fonts' content, the code and the
    ``dot`` program."""
    specs = (loaded.layout, *loaded.alternatives)
    fonts_used = {str(p): p for spec in specs for p in spec.font_files.values()}
    return key("build", code_stamp(), dot_stamp(), repr(loaded.poster), repr(specs),
               json.dumps([spec.data for spec in specs], sort_keys=True, default=str), repr(setup),
               json.dumps(encode(review), sort_keys=True, default=str),
               json.dumps(font_digests(fonts_used), sort_keys=True))