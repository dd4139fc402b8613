"""Claiming an output folder: one writer at a time, and a folder that appears with its marker
or not at all.

Every run that writes an output folder (the DOT and layout files beside a PDF, a web site)
takes the lock of the folder that will hold it (an advisory ``flock`` on that folder, released
by the system when the process ends, so nothing is left behind) for the short time it checks
and writes the output: concurrent runs wait for each other instead of failing. A new folder is
written complete under a temporary ``.NAME.XXXX.part`` name, also locked while it lives, and
renamed into place; one whose owner died (its lock is free) is removed by the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterator

from posterbuild.core.errors import FileSystemError, os_error_message
from posterbuild.output.atomic import write_if_changed

__all__ = ["output_lock", "staging_folder", "remove_stale_staging", "claim_folder", "replace_folder",
           "normal_permissions", "LEFTOVER_PART"]

# a temporary file that write_atomic leaves beside a target if it is killed (SIGKILL)
LEFTOVER_PART = re.compile(r"^\.[^/]{1,250}\.[A-Za-z0-9_]{4,}\.part$")


@contextlib.contextmanager
def output_lock(target: Path) -> Iterator[None]:
    """Hold the lock of the folder that holds ``target`` (created if missing); waits for another
    posterbuild that holds it. Without a folder that can be opened, no lock (the writes then say
    what is wrong)."""
    parent = Path(os.path.abspath(target)).parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, parent, "cannot create the folder")) from None
    try:
        fd = os.open(parent, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # also releases the lock


@contextlib.contextmanager
def staging_folder(target: Path) -> Iterator[Path]:
    """A new, locked, temporary folder ``.NAME.XXXX.part`` beside ``target``; removed on any
    failure or interrupt, unless it was renamed to ``target``."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = Path(tempfile.mkdtemp(prefix=f".{target.name[:200]}.", suffix=".part", dir=target.parent))
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, target, "cannot create the folder")) from None
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        os.close(fd)


def remove_stale_staging(target: Path, marker: str) -> None:
    """Remove the temporary folders of ``target`` (``.NAME.XXXX.part`` and ``.NAME.XXXX.old``)
    that hold ``marker`` (directly or in ``site/``) and whose owner is gone: their lock is free."""
    target = Path(target)
    try:
        candidates = [p for p in target.parent.glob(f".{glob_escape(target.name[:200])}.*")
                      if p.suffix in (".part", ".old") and p.is_dir() and not p.is_symlink()]
    except OSError:
        return
    for folder in candidates:
        if not ((folder / marker).exists() or (folder / "site" / marker).exists()
                or not any(folder.iterdir())):
            continue  # not one of ours
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue  # a live run's
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)


@contextlib.contextmanager
def replace_folder(target: Path, *, marker: str, marker_text: str,
                   check: Callable[[Path], None]) -> Iterator[Path]:
    """A folder that replaces ``target`` as a whole (a site): yields a new staging folder (see
    :func:`staging_folder`) that already holds ``marker``; when the block ends without an error,
    under :func:`output_lock`, ``check(target)`` is asked again (it may have changed meanwhile:
    it refuses a folder we did not write), the leftovers of killed runs are removed, and the
    staging folder, its files 0644 and folders 0755, is renamed into place; the old one is moved
    aside first (``.NAME.XXXX.old/site``, still marked) and removed after. On any error or
    interrupt the staging folder goes and ``target`` is as it was."""
    target = Path(target)
    check(target)
    with staging_folder(target) as staging:
        try:
            (staging / marker).write_text(marker_text, encoding="utf-8")
        except OSError as exc:
            raise FileSystemError(os_error_message(exc, staging, "cannot write")) from None
        yield staging
        try:
            normal_permissions(staging)
            with output_lock(target):
                check(target)
                remove_stale_staging(target, marker)
                if os.path.lexists(target):
                    old = Path(tempfile.mkdtemp(prefix=f".{target.name[:200]}.", suffix=".old",
                                                dir=target.parent))
                    target.rename(old / "site")
                    try:
                        staging.rename(target)
                    except BaseException:
                        (old / "site").rename(target)  # the old site back in place
                        old.rmdir()
                        raise
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    staging.rename(target)
        except OSError as exc:
            raise FileSystemError(os_error_message(exc, target, "cannot write")) from None


def normal_permissions(folder: Path) -> None:
    """Folders 0755 and files 0644 under ``folder``: a web server running as another user can
    read a site whatever the umask was."""
    os.chmod(folder, 0o755)
    for root, dirs, files in os.walk(folder):
        for d in dirs:
            os.chmod(os.path.join(root, d), 0o755)
        for f in files:
            os.chmod(os.path.join(root, f), 0o644)


def glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def claim_folder(folder: Path, files: dict[str, bytes], *, marker: str) -> None:
    """Write ``files`` (name -> bytes, ``marker`` among them) into ``folder``: a new folder is
    written whole under a temporary name and renamed into place, so it never exists without its
    marker; an existing one (checked to be ours) has its changed files replaced, one by one
    atomically, and the temporary files a killed run left removed. Call under :func:`output_lock`."""
    folder = Path(folder)
    remove_stale_staging(folder, marker)
    if not os.path.lexists(folder):
        with staging_folder(folder) as staging:
            for name in sorted(files, key=lambda n: n != marker):  # the marker first
                (staging / name).write_bytes(files[name])
                os.chmod(staging / name, 0o644)
            os.chmod(staging, 0o755)
            try:
                os.rename(staging, folder)
                return
            except OSError as exc:
                if not os.path.lexists(folder):
                    raise FileSystemError(os_error_message(exc, folder, "cannot create the folder")) from None
    try:
        for entry in folder.iterdir():
            if LEFTOVER_PART.match(entry.name) and entry.is_file() and not entry.is_symlink():
                entry.unlink()
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, folder, "cannot write")) from None
    for name in sorted(files, key=lambda n: n != marker):
        write_if_changed(folder / name, files[name])
