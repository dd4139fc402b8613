"""User-facing errors: each is printed without a traceback and exits with status 2."""

from __future__ import annotations

import dataclasses
from pathlib import Path

__all__ = ["Problem", "PosterError", "DataError", "LayoutError",
           "GraphvizError", "ExecutableNotFound"]


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
