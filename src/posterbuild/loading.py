"""Stages 1-2 of the build: the poster folder (or a published version of it) read and
validated, its layout found, checked against it and fitted to the paper, its fonts registered.

Nothing here lays out or draws: `check` (without ``--layout``) stops here and imports no graph
or page code (`diff` needs only the poster model: ``source.load.load_poster_only``);
:mod:`posterbuild.pipeline` goes on from a :class:`Loaded`.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from posterbuild.fonts.cache import known
from posterbuild.fonts.digest import font_digests
from posterbuild.core.layout_model import LayoutSpec
from posterbuild.core.model import Poster
from posterbuild.core.papers import TYPE_STEPS, fit_to_paper, paper_factors, scale_type
from posterbuild.core.project import layout_dirs
from posterbuild.source.snapshot import (DataFiles, Snapshot, parse_ref, published_versions,
                                         read_snapshot)
from posterbuild.source.layout_file import find_layout, layout_from_data, load_layout
from posterbuild.source.layout_rules import check_layout
from posterbuild.source.load import FolderSource, MemorySource, load_poster_only, load_source

log = logging.getLogger("posterbuild")

__all__ = ["Loaded", "load", "load_poster_only", "load_release", "layout_search_path", "parse_ref",
           "project_root", "use_fonts"]


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


def layout_search_path(poster_dir: Path) -> list[Path]:
    """Where a layout name is looked up (see :func:`posterbuild.core.project.layout_dirs`)."""
    return layout_dirs(poster_dir)


def project_root(poster_dir: Path) -> Path:
    """The project that holds a poster folder ``<project>/data/<poster>``."""
    return Path(poster_dir).resolve().parent.parent


def load(poster_dir: Path | str, layout: str | None = None, paper: str | None = None, *,
         register: bool = True) -> Loaded:
    """Stages 1-2: read and validate the poster folder (or a published version of it,
    ``DIR@X.Y``) and its layout, fitted to ``paper``; its fonts registered with ReportLab, or
    with ``register=False`` (nothing is measured or drawn yet) only known to be usable."""
    folder, version = parse_ref(poster_dir)
    if version is not None:
        return _fit(load_release(folder, version, register=register), paper)
    poster, files = load_source(FolderSource(folder))
    search = layout_search_path(folder)
    path = find_layout(layout, search) if layout else find_layout(poster.meta.layout, search, folder)
    spec = load_layout(path, search)
    log.info("poster %s; layout '%s' from %s", folder, spec.name, path)
    use_fonts(spec.font_files, register)
    published = published_versions(folder)
    latest = read_snapshot(folder, published[-1]) if published else None
    prefer = latest.variants if latest and layout is None else {}
    return _fit(Loaded(poster, spec, files=files, layout_path=path, prefer=prefer, folder=folder,
                       latest=latest), paper)


def load_release(folder: Path, version: str, *, register: bool = True) -> Loaded:
    """A published version, from its snapshot: the same data, layout and layout variants."""
    snap = read_snapshot(folder, version)
    poster, files = load_source(MemorySource(snap.files, snap.poster, f"{folder}@{version}"))
    path = project_root(folder) / snap.layout_path
    spec = layout_from_data(snap.layout, path)
    use_fonts(spec.font_files, register)
    changed = [n for n, d in font_digests(spec.font_files).items() if snap.fonts.get(n) != d]
    if changed:
        print(f"posterbuild: warning: fonts changed since {version} was published "
              f"({', '.join(changed)}); the rebuild will not be byte-identical", file=sys.stderr)
    # a version published before the site plan may need its whole sheet's type a little smaller
    steps = tuple(scale_type(spec, f) for f in TYPE_STEPS)
    return Loaded(poster, spec, files=files, layout_path=path, variants=snap.variants, folder=folder,
                  alternatives=steps)


def use_fonts(font_files: dict[str, Path], register: bool = True) -> None:
    """The layout's fonts registered (again only when a file changed), or only known to be
    usable: a font the cache holds was parsed and checked by an earlier run, so `check` (or a
    build the build cache answers) need not load ReportLab to know it."""
    if not register and all(known(name, path) for name, path in font_files.items()):
        return
    from posterbuild.fonts import metrics as fonts  # noqa: PLC0415 (ReportLab and Pillow: not for a check the cache answers)
    fonts.register_fonts(font_files)


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
