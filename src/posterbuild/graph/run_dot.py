"""Run the Graphviz ``dot`` program: a timeout, one known retry, and errors that say what failed."""

from __future__ import annotations

import functools
import os
import shutil
import subprocess

from posterbuild.errors import ExecutableNotFound, GraphvizError

__all__ = ["layout_json", "dot_program", "dot_version", "dot_timeout", "DOT_TIMEOUT_SECONDS",
           "RETRY_WITH_NEWRANK", "RUN_OPTIONS"]

DOT_TIMEOUT_SECONDS = 30.0  # default of $POSTERBUILD_DOT_TIMEOUT
MAX_DOT_TIMEOUT = 3600.0
# dot fails with this on some clustered graphs; newrank=true is the documented way around it
RETRY_WITH_NEWRANK = "trouble in init_rank"
RUN_OPTIONS = ("-Tjson",)  # and "-Gnewrank=true" on that error (decided by the DOT source alone)


def dot_timeout() -> float:
    """``$POSTERBUILD_DOT_TIMEOUT`` in seconds (default 30); anything but a number from 0.1
    to 3600 is an error, not a silent default."""
    text = os.environ.get("POSTERBUILD_DOT_TIMEOUT", "").strip()
    if not text:
        return DOT_TIMEOUT_SECONDS
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0.1 <= value <= MAX_DOT_TIMEOUT:  # also refuses nan and inf
        raise GraphvizError(f"POSTERBUILD_DOT_TIMEOUT must be a number of seconds from 0.1 to "
                            f"{MAX_DOT_TIMEOUT:g}, not {text[:40]!r}")
    return value


def dot_program() -> str:
    """The ``dot`` program's path (``$POSTERBUILD_DOT`` or ``dot`` on PATH)."""
    program = os.environ.get("POSTERBUILD_DOT", "dot")
    found = shutil.which(program)
    if not found:
        raise ExecutableNotFound(program)
    return found


def layout_json(dot_source: str, *, name: str, timeout: float | None = None) -> str:
    """Lay out ``dot_source`` with ``dot -Tjson``; return the JSON text. ``timeout`` defaults to
    ``$POSTERBUILD_DOT_TIMEOUT`` seconds (30)."""
    timeout = timeout or dot_timeout()
    program = dot_program()
    try:
        return _run([program, *RUN_OPTIONS], dot_source, name, timeout)
    except GraphvizError as exc:
        if RETRY_WITH_NEWRANK not in str(exc):
            raise
    return _run([program, "-Gnewrank=true", *RUN_OPTIONS], dot_source, name, timeout)


def _run(cmd: list[str], source: str, name: str, timeout: float) -> str:
    try:
        proc = subprocess.run(cmd, input=source.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise GraphvizError(f"Graphviz took longer than {timeout:g} s to lay out '{name}'; "
                            "the graph is too large or too tangled") from None
    except OSError as exc:
        raise GraphvizError(f"cannot run {cmd[0]}: {exc.strerror}") from None
    stderr = proc.stderr.decode("utf-8", "replace").strip()
    if proc.returncode != 0 or not proc.stdout:
        raise GraphvizError(f"Graphviz failed on '{name}' (exit {proc.returncode}): "
                            f"{stderr or 'no message'}")
    return proc.stdout.decode("utf-8")


def dot_version(program: str | None = None) -> str:
    """The version line of ``program`` (default: the installed ``dot``), asked once per process
    (for the layout cache's key, snapshots, benchmarks and bug reports)."""
    return _version_line(program or dot_program())


@functools.lru_cache(maxsize=8)
def _version_line(program: str) -> str:
    try:
        proc = subprocess.run([program, "-V"], capture_output=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GraphvizError(f"cannot run {program} -V: {exc}") from None
    return proc.stderr.decode("utf-8", "replace").strip()
