"""-q and -v: how much a command says. Errors and warnings always go to stderr."""

from __future__ import annotations

import argparse
import contextlib
import io
import logging
import re
import sys
from collections.abc import Iterator
from pathlib import Path

from posterbuild.core.errors import PosterError
from posterbuild.core.project import not_found_message

__all__ = ["running", "log"]

log = logging.getLogger("posterbuild")

# commands whose stdout is a report for a person (the others print data a script reads)
_REPORTS = {"build", "release", "tile", "preview", "web", "watch", "init", "check"}


@contextlib.contextmanager
def running(args: argparse.Namespace, *, no_poster: Path, problem: str | None = None) -> Iterator[None]:
    """Run one command at the verbosity asked for; refuse a missing (or damaged) default
    poster clearly, only when the command uses the default."""
    for attr in ("poster_dir", "source"):
        if getattr(args, attr, None) == no_poster:
            raise PosterError(problem or not_found_message())
    if no_poster in getattr(args, "poster_dirs", ()):
        raise PosterError(problem or not_found_message())
    if getattr(args, "poster", None) == no_poster and any(
            re.fullmatch(r"\d+\.\d+", getattr(args, r, "")) for r in ("old", "new")):
        raise PosterError(problem or not_found_message())
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("posterbuild: %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO if getattr(args, "verbose", False) else logging.WARNING)
    quiet = getattr(args, "quiet", False) and args.command in _REPORTS \
        and getattr(args, "format", "text") != "json"
    try:
        if quiet:
            with contextlib.redirect_stdout(io.StringIO()):
                yield
        else:
            yield
    finally:
        log.removeHandler(handler)
