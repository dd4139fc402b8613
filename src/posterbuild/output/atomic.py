"""Write files atomically: a temporary file, flushed, then renamed over the target.

The temporary ``.part`` file lies beside the target, except inside a poster folder: there it
goes to ``.posterbuild-tmp/`` in the project, so no stray file ever appears among the data.
It is removed on any failure, including an interrupt or SIGTERM (see ``cli``).
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

from posterbuild.core.errors import FileSystemError, os_error_message
from posterbuild.output.safe_paths import poster_folder_above

__all__ = ["write_atomic", "write_if_changed", "TEMP_FOLDER"]

TEMP_FOLDER = ".posterbuild-tmp"


def _temp_dir(path: Path) -> Path:
    poster = poster_folder_above(path)
    if poster is None:
        return path.parent
    return poster.parent.parent / TEMP_FOLDER


def write_if_changed(path: Path, data: bytes) -> bool:
    """:func:`write_atomic`, unless ``path`` is a regular file that already holds ``data``
    (a rebuild leaves the files it would not change alone); True when it wrote."""
    path = Path(path)
    try:
        if path.is_file() and not path.is_symlink() and path.stat().st_size == len(data) \
                and path.read_bytes() == data:
            return False
    except OSError:
        pass  # unreadable: write_atomic says what is wrong with it
    write_atomic(path, data)
    return True


def write_atomic(path: Path, data: bytes, *, exclusive: bool = False) -> None:
    """Replace ``path`` with ``data`` so that readers see the old file or the new, never half.
    With ``exclusive``, refuse (``FileExistsError``) when ``path`` exists: the new file
    appears by a hard link, which fails rather than replace anything. File-system failures
    become a :class:`FileSystemError` naming ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, path.parent, "cannot create the folder")) from None
    folder = _temp_dir(path)
    tmp = None
    try:
        try:
            folder.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".part", dir=folder)
        except OSError:
            if folder == path.parent:
                raise
            folder = path.parent
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name[:200]}.", suffix=".part", dir=folder)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if exclusive:
            os.link(tmp, path)
        else:
            try:
                os.replace(tmp, path)
            except OSError as exc:
                if exc.errno != errno.EXDEV:
                    raise
                tmp2 = path.with_name(Path(tmp).name)  # another file system: beside it after all
                os.replace(tmp, tmp2)
                tmp = str(tmp2)
                os.replace(tmp, path)
    except FileExistsError:
        raise
    except OSError as exc:
        ours = exc.filename is None or str(exc.filename).endswith(".part")  # our temporary file
        where = path if ours or exc.filename in (tmp, str(tmp)) else exc.filename
        raise FileSystemError(os_error_message(exc, where, "cannot write")) from None
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        if folder.name == TEMP_FOLDER:
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass
