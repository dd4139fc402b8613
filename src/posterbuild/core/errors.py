"""User-facing errors: each is printed without a traceback and exits with status 2."""

from __future__ import annotations

import dataclasses
import errno
from pathlib import Path

__all__ = ["Problem", "PosterError", "DataError", "LayoutError", "FileSystemError",
           "GraphvizError", "ExecutableNotFound", "os_error_message"]


@dataclasses.dataclass(frozen=True, order=True)
class Problem:
    """One mistake in one input file: where it is, which field, and what is wrong."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return f"{where}:{field} {self.message}"


class PosterError(Exception):
    """Base class of every error that is the user's to fix (exit status 2)."""


class DataError(PosterError):
    """The poster's data or layout files are wrong; carries every problem found at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        count = len(self.problems)
        head = f"{count} problem{'s' if count != 1 else ''} in the input:"
        super().__init__("\n".join([head, *(f"  {p}" for p in self.problems)]))

    @classmethod
    def single(cls, file: Path | str, line: int, field: str, message: str) -> "DataError":
        return cls([Problem(str(file), line, field, message)])


class LayoutError(PosterError):
    """The data is valid but cannot be drawn with the chosen layout (for example text too small)."""


class GraphvizError(PosterError):
    """The Graphviz ``dot`` program failed; the message carries its stderr."""


class ExecutableNotFound(GraphvizError):
    """The Graphviz ``dot`` program is not installed."""

    def __init__(self, program: str = "dot") -> None:
        super().__init__(
            f"the Graphviz program '{program}' was not found on PATH. "
            "Install Graphviz (Debian/Ubuntu: sudo apt-get install graphviz; "
            "`make poster` does this for you when run as root).")


class FileSystemError(PosterError):
    """Reading or writing a file failed (permissions, a full disk, a name too long...)."""


# what the user can do about each failure, by errno; the rest use the system's own words
_OS_HINTS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.EROFS: "the file system is read-only",
    errno.ENOTDIR: "a part of this path is a file, not a folder",
    errno.ENAMETOOLONG: "the name is too long for the file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EISDIR: "this is a folder, not a file",
    errno.ELOOP: "too many levels of symbolic links (a symlink loop?)",
    errno.ENOENT: "no such file or folder",
    errno.EEXIST: "already exists",
    errno.EXDEV: "cannot move a file between file systems",
    errno.EMFILE: "too many open files",
    errno.EIO: "input/output error",
}


def os_error_message(exc: OSError, path: object = None, action: str = "") -> str:
    """One line for a failed file operation: the path, what was being done, and why.

    >>> os_error_message(OSError(errno.ENOSPC, "No space left on device"), "out/x.pdf", "cannot write")
    'out/x.pdf: cannot write: no space left on the device'
    >>> os_error_message(PermissionError(errno.EACCES, "Permission denied", "/root/x"))
    '/root/x: permission denied'
    """
    where = path if path is not None else (exc.filename if exc.filename is not None else "")
    why = _OS_HINTS.get(exc.errno or 0) or exc.strerror or str(exc) or type(exc).__name__
    head = f"{where}: " if str(where) else ""
    return f"{head}{action + ': ' if action else ''}{why}"
