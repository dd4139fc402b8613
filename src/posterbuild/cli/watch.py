"""`posterbuild watch`: rebuild each time a data, layout or font file is saved."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

from posterbuild import pipeline
from posterbuild.core.errors import PosterError, os_error_message
from posterbuild.core.escape import terminal_text
from posterbuild.output.atomic import write_atomic
from posterbuild.output.preview import render_png
from posterbuild.output.published import check_not_published
from posterbuild.output.safe_paths import check_file_target, check_pdf_target
from posterbuild.versions.diff import diff_posters, render_text

__all__ = ["watch", "watched_files", "draft_target"]

POLL_SECONDS = 0.25


def _yaml_files(folder: Path, *, recursive: bool = True) -> list[Path]:
    try:
        return list(folder.rglob("*.yaml") if recursive else folder.glob("*.yaml"))
    except OSError:  # a folder that vanished, a symlink loop
        return []


def watched_files(poster_dir: Path, loaded: pipeline.Loaded | None,
                  layout: str | None = None) -> dict[Path, tuple[int, int]]:
    """Every file a build reads, with its size and modification time."""
    paths = {p for p in _yaml_files(Path(poster_dir)) if "releases" not in p.parts}
    if loaded is not None:
        if loaded.layout_path:
            paths.add(Path(loaded.layout_path))
            # the layouts it may extend
            paths |= {p for d in pipeline.layout_search_path(poster_dir) if d.is_dir() for p in d.glob("*.yaml")}
        paths |= set(loaded.layout.font_files.values())
    else:  # the last build failed, perhaps in the layout: watch every layout it may use
        for folder in pipeline.layout_search_path(Path(poster_dir)):
            paths |= set(_yaml_files(folder, recursive=False))
        if layout and Path(layout).suffix in (".yaml", ".yml"):
            paths.add(Path(layout))
    out = {}
    for p in sorted(paths):
        try:
            st = p.stat()
            out[p] = (st.st_size, st.st_mtime_ns)
        except OSError:
            out[p] = (-1, -1)
    return out


def _as_read(before: dict[Path, tuple[int, int]],
             after: dict[Path, tuple[int, int]]) -> dict[Path, tuple[int, int]]:
    """The files a build read, stamped as they were when it started: a save made while the
    build ran then counts as a change at the next poll instead of being taken as seen."""
    return {p: before.get(p, stamp) for p, stamp in after.items()}


def draft_target(loaded: pipeline.Loaded, target: Path, *, named: bool) -> tuple[pipeline.Loaded, Path]:
    """Where a watch build goes. A published version is never overwritten: when the data
    differs from it, the build is a draft, ``...-draft.pdf``, marked DRAFT on the sheet (a file
    named with ``-o`` is refused as ``build`` refuses it)."""
    try:
        check_not_published(loaded, target)
        return loaded, target
    except PosterError:
        if named:
            raise
    poster = replace(loaded.poster, meta=replace(loaded.poster.meta, draft=True))
    return replace(loaded, poster=poster), target.with_name(f"{target.stem}-draft.pdf")


def _build_once(poster_dir: Path, layout: str | None, out: Path | None, preview: Path | None,
                previous) -> tuple[pipeline.Loaded | None, object]:
    start = time.perf_counter()
    try:
        loaded = pipeline.load(poster_dir, layout)
        loaded, target = draft_target(loaded, out or pipeline.default_output(loaded.poster, layout=layout),
                                      named=out is not None)
        built = pipeline.build(loaded)
        check_not_published(loaded, target, built.pdf)  # a published PDF is rewritten only byte for byte
        pipeline.write(built, target)
        if preview:
            write_atomic(preview, render_png(built.pdf, 36))
    except PosterError as exc:
        print(f"posterbuild: error: {terminal_text(str(exc))}", file=sys.stderr, flush=True)
        return None, previous
    except OSError as exc:
        print(f"posterbuild: error: {terminal_text(os_error_message(exc))}", file=sys.stderr, flush=True)
        return None, previous
    except Exception as exc:  # noqa: BLE001 (a bug, or a symlink loop: say so, keep watching)
        print(f"posterbuild: internal error: {type(exc).__name__}: {terminal_text(str(exc))[:300]} "
              "(please report it)", file=sys.stderr, flush=True)
        return None, previous
    elapsed = time.perf_counter() - start
    print(f"rebuilt {target} in {elapsed:.2f} s" + (f"; preview {preview}" if preview else ""),
          flush=True)
    if loaded.poster.meta.draft:
        print(f"  a DRAFT: version {loaded.poster.meta.version} is published and the data differs "
              "from it; release a new version to publish the change", flush=True)
    if previous is not None:
        changes = render_text(diff_posters(previous, loaded.poster), "before", "now").rstrip()
        print("  " + changes.replace("\n", "\n  "), flush=True)
    return loaded, loaded.poster


def watch(poster_dir: Path, layout: str | None = None, out: Path | None = None,
          preview: Path | None = None, *, max_builds: int | None = None) -> int:
    """Build now, then again after every save, until interrupted (or ``max_builds`` builds)."""
    if out is not None:
        check_pdf_target(out)  # a wrong target stops watch at once, before any build
    if preview is not None:
        check_file_target(preview, "png", suffix=".png")
    print(f"watching {poster_dir} (Ctrl-C to stop)", flush=True)
    before = watched_files(poster_dir, None, layout)
    loaded, poster = _build_once(poster_dir, layout, out, preview, None)
    builds = 1
    seen = _as_read(before, watched_files(poster_dir, loaded, layout))
    try:
        while max_builds is None or builds < max_builds:
            time.sleep(POLL_SECONDS)
            now = watched_files(poster_dir, loaded, layout)
            if now == seen:
                continue
            time.sleep(POLL_SECONDS / 2)  # let an editor finish writing
            now = watched_files(poster_dir, loaded, layout)
            changed = sorted(str(p) for p in set(now) | set(seen) if now.get(p) != seen.get(p))
            print(f"changed: {', '.join(changed)}", flush=True)
            new_loaded, poster = _build_once(poster_dir, layout, out, preview, poster)
            loaded = new_loaded or loaded
            seen = _as_read(now, watched_files(poster_dir, loaded, layout))
            builds += 1
    except KeyboardInterrupt:
        print("stopped", flush=True)
    return 0
