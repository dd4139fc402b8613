"""`posterbuild release`: record a version, freeze its content, build its PDF; never overwrite."""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
import re
import shutil
import signal
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator

from posterbuild import pipeline
from posterbuild.core.errors import DataError, FileSystemError, PosterError, os_error_message
from posterbuild.fonts.digest import font_digests
from posterbuild.graph.run_dot import dot_version
from posterbuild.output.atomic import TEMP_FOLDER, write_atomic
from posterbuild.output.claim import remove_stale_staging, staging_folder
from posterbuild.output.safe_paths import check_pdf_target
from posterbuild.render import Built
from posterbuild.versions.history_edit import with_history_entry, with_version
from posterbuild.source.snapshot import (Snapshot, published_versions, releases_dir,
                                          snapshot_json, snapshot_path, version_key)

__all__ = ["Released", "release"]


@dataclass(frozen=True)
class Released:
    version: str
    snapshot: Path
    pdf: Path
    files: tuple[Path, ...] = ()  # everything written (with dry_run: what would be)
    dry_run: bool = False


def release(poster_dir: Path, version: str, note: str, *, credits: list[str],
            date: str | None = None, out_dir: Path | None = None, dry_run: bool = False) -> Released:
    """Publish ``version``: refuses (changing nothing) a version that exists or is lower than
    the last one; otherwise edits poster.yaml and history.yaml, writes the snapshot and the PDF.
    With ``dry_run``, does every check and the build, and writes nothing. One release of a
    poster runs at a time (a lock on its folder)."""
    folder = Path(poster_dir)
    date = _check_arguments(version, note, date)
    with _release_lock(folder):
        return _release(folder, version, note, credits=credits, date=date, out_dir=out_dir,
                        dry_run=dry_run)


def _release(folder: Path, version: str, note: str, *, credits: list[str], date: str,
             out_dir: Path | None, dry_run: bool) -> Released:
    _check_new_version(folder, version)
    current = pipeline.load(folder)  # the working data must be valid
    replace_last = _replaces_last_entry(current, version)

    poster_text = with_version(folder / "poster.yaml", version, date)
    history_text = with_history_entry(folder / "history.yaml", version, date, note, credits, replace_last)
    loaded, trial = _trial_load(folder, poster_text, history_text)
    built = pipeline.build(replace(loaded, folder=folder))
    # the DOT names its source files: the poster folder, not the trial copy that is gone
    built.plans = {wid: replace(plan, dot=plan.dot.replace(str(trial), str(folder)))
                   for wid, plan in built.plans.items()}
    text = snapshot_json(_snapshot(replace(loaded, folder=folder), built, version=version, date=date))
    pdf_path = pipeline.default_output(loaded.poster, out_dir)
    check_pdf_target(pdf_path)  # refused before anything is written

    side = releases_dir(folder) / version
    files = (*(side / f"{wid}.{ext}" for wid in built.plans for ext in ("gv", "json")),
             pdf_path, pdf_path.with_suffix(""), folder / "poster.yaml", folder / "history.yaml",
             snapshot_path(folder, version))
    if dry_run:
        return Released(version=version, snapshot=snapshot_path(folder, version), pdf=pdf_path,
                        files=files, dry_run=True)
    # everything is known; first what the release publishes outside the data (the PDF and the
    # folder beside it), then the data, in one step (see _commit)
    pipeline.write(built, pdf_path)
    side_files = {f"{wid}.{ext}": data.encode("utf-8") for wid, plan in built.plans.items()
                  for ext, data in (("gv", plan.dot), ("json", built.layouts[wid]))}
    _commit(folder, version, side_files, {"history.yaml": history_text, "poster.yaml": poster_text},
            text)
    return Released(version=version, snapshot=snapshot_path(folder, version), pdf=pdf_path,
                    files=files)


def _commit(folder: Path, version: str, side_files: dict[str, bytes], edits: dict[str, str],
            snapshot_text: str) -> None:
    """Write the release into the data in one step: everything is first written to a temporary
    folder beside the data (the project's ``.posterbuild-tmp/``); then, with Ctrl-C and SIGTERM
    held back, ``releases/<version>/`` is renamed into place, history.yaml and poster.yaml are
    replaced and the snapshot is linked, exclusively: the commit point. A failure before it puts
    back every file as it was; a process killed outright (SIGKILL) inside these few renames
    leaves valid data that the same release command finishes."""
    snapshot = snapshot_path(folder, version)
    side = releases_dir(folder) / version
    where = _temp_dir(folder) / f"release-{version}"
    remove_stale_staging(where, "side")  # of a release killed outright
    try:
        with staging_folder(where) as staging:
            _commit_from(staging, folder, version, side_files, edits, snapshot_text)
    finally:
        with contextlib.suppress(OSError):
            where.parent.rmdir()  # only when empty


def _commit_from(staging: Path, folder: Path, version: str, side_files: dict[str, bytes],
                 edits: dict[str, str], snapshot_text: str) -> None:
    snapshot = snapshot_path(folder, version)
    side = releases_dir(folder) / version
    (staging / "side").mkdir()
    for name, data in side_files.items():
        _write_synced(staging / "side" / name, data)
    for name, text in edits.items():
        _write_synced(staging / name, text.encode("utf-8"))
    _write_synced(staging / "snapshot.json", snapshot_text.encode("utf-8"))
    originals = {name: (folder / name).read_bytes() if (folder / name).exists() else None
                 for name in edits}  # history.yaml may be new
    made_releases = not releases_dir(folder).exists()
    held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    done: list[str] = []
    try:
        try:
            if made_releases:
                releases_dir(folder).mkdir()
            if os.path.lexists(side):  # left by an interrupted release of this version
                os.rename(side, staging / "old-side")
                done.append("old-side")
            os.rename(staging / "side", side)
            done.append("side")
            for name in edits:
                os.replace(staging / name, folder / name)
                done.append(name)
            os.link(staging / "snapshot.json", snapshot)  # the commit point
        except BaseException as exc:
            _undo(folder, staging, side, done, originals, made_releases)
            if isinstance(exc, FileExistsError) and Path(exc.filename or "") == snapshot:
                raise PosterError(f"version {version} was published while this release ran "
                                  f"({snapshot}); nothing of it was changed") from None
            if isinstance(exc, OSError):
                raise FileSystemError(os_error_message(exc, folder, "cannot write the release")) from None
            raise
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _undo(folder: Path, staging: Path, side: Path, done: list[str], originals: dict[str, bytes | None],
          made_releases: bool) -> None:
    """Put the data back as it was before :func:`_commit` began."""
    for name in reversed(done):
        if name == "side":
            shutil.rmtree(side, ignore_errors=True)
        elif name == "old-side":
            os.rename(staging / "old-side", side)
        else:
            original = originals[name]
            if original is None:
                (folder / name).unlink(missing_ok=True)
            else:
                write_atomic(folder / name, original)
    if made_releases:
        with contextlib.suppress(OSError):
            releases_dir(folder).rmdir()


def _temp_dir(folder: Path) -> Path:
    """The project's temporary folder, beside ``data/``: never among the data."""
    return folder.resolve().parent.parent / TEMP_FOLDER


def _write_synced(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o644)


def _check_arguments(version: str, note: str, date: str | None) -> str:
    """The release date (today by default), once the arguments are well formed."""
    if not re.fullmatch(r"\d+\.\d+", version):
        raise PosterError(f"--version must be MAJOR.MINOR, such as 5.16, not {version!r}")
    if not note.strip():
        raise PosterError("--note must say what changed")
    date = date or dt.date.today().isoformat()
    _check_date(date)
    return date


def _check_date(date: str) -> None:
    """A real calendar date, YYYY-MM-DD.

    >>> _check_date("2026-02-30")
    Traceback (most recent call last):
    posterbuild.core.errors.PosterError: --date: 2026-02-30 is not a calendar date (YYYY-MM-DD)
    """
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        raise PosterError(f"--date must be YYYY-MM-DD, not {date!r}")
    try:
        dt.date.fromisoformat(date)
    except ValueError:
        raise PosterError(f"--date: {date} is not a calendar date (YYYY-MM-DD)") from None


@contextlib.contextmanager
def _release_lock(folder: Path) -> Iterator[None]:
    """One release of a poster at a time: an advisory lock on the poster folder itself (no
    lock file to leave behind; the system releases it if the process dies)."""
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, folder, "cannot open the poster folder")) from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PosterError(f"{folder}: another release of this poster is running; "
                              "wait for it to finish, then try again") from None
        yield
    finally:
        os.close(fd)  # also releases the lock


def _check_new_version(folder: Path, version: str) -> None:
    """Refuse a version that is published, or lower than the last published one."""
    published = published_versions(folder)
    if version in published:
        raise PosterError(f"version {version} is already published ({snapshot_path(folder, version)}); "
                          "a published version never changes: release a new version")
    if published and version_key(version) < version_key(published[-1]):
        raise PosterError(f"version {version} is lower than the last published version {published[-1]}")


def _replaces_last_entry(current: pipeline.Loaded, version: str) -> bool:
    """Whether history.yaml already ends with ``version`` (an entry written ahead); refuse a
    version listed elsewhere or lower than the last entry."""
    listed = [v.version for v in current.poster.history]
    replace_last = version in listed
    if replace_last and listed[-1] != version:
        raise PosterError(f"version {version} is already in history.yaml, and not as the last entry")
    if not replace_last and listed and version_key(version) < version_key(listed[-1]):
        raise PosterError(f"version {version} is lower than the last version in history.yaml, {listed[-1]}")
    return replace_last


def _trial_load(folder: Path, poster_text: str, history_text: str) -> tuple[pipeline.Loaded, Path]:
    """The release validated in a copy of the folder (symlinks kept as links), before anything
    real is written; also the copy's path, which the DOT names."""
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "data" / folder.resolve().name
        shutil.copytree(folder, trial, ignore=shutil.ignore_patterns("releases"), symlinks=True)
        (trial / "poster.yaml").write_text(poster_text, encoding="utf-8")
        (trial / "history.yaml").write_text(history_text, encoding="utf-8")
        try:
            return pipeline.load(trial), trial
        except DataError as exc:  # name the real files, not the trial copy
            raise DataError([replace(p, file=p.file.replace(str(trial), str(folder)))
                             for p in exc.problems]) from None


def _snapshot(loaded: pipeline.Loaded, built: Built, *, version: str, date: str) -> Snapshot:
    """What the release freezes: data files, layout (path relative to the project), the layout
    variant of each workload, font checksums and the Graphviz version."""
    root = pipeline.project_root(loaded.folder or Path("."))
    layout_path = Path(loaded.layout_path or loaded.layout.path).resolve()
    return Snapshot(poster=loaded.poster.slug, version=version, date=date, files=loaded.files,
                    layout_path=str(layout_path.relative_to(root)) if layout_path.is_relative_to(root)
                    else str(layout_path),
                    layout=loaded.layout.data,
                    variants={wid: plan.choice for wid, plan in built.plans.items()},
                    fonts=font_digests(loaded.layout.font_files), graphviz=dot_version())
