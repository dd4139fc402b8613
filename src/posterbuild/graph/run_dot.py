"""Run the Graphviz ``dot`` program: a timeout, one known retry, and errors that say what failed."""

from __future__ import annotations

import os
import shutil
import subprocess

from posterbuild.errors import ExecutableNotFound, GraphvizError

__all__ = ["layout_json", "dot_version", "dot_timeout", "DOT_TIMEOUT_SECONDS", "RETRY_WITH_NEWRANK"]

DOT_TIMEOUT_SECONDS = 30.0  # default of $POSTERBUILD_DOT_TIMEOUT
MAX_DOT_TIMEOUT = 3600.0
# dot fails with this on some clustered graphs; newrank=true is the documented way around it
RETRY_WITH_NEWRANK = "trouble in init_rank"


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


def _program() -> str:
    program = os.environ.get("POSTERBUILD_DOT", "dot")
    found = shutil.which(program)
    if not found:
        raise ExecutableNotFound(program)
    return found


def layout_json(dot_source: str, *, name: str, timeout: float | None = None) -> str:
    """Lay out ``dot_source`` with ``dot -Tjson``; return the JSON text. ``timeout`` defaults to
    ``$POSTERBUILD_DOT_TIMEOUT`` seconds (30)."""
    timeout = timeout or dot_timeout()
    program = _program()
    try:
        return _run([program, "-Tjson"], dot_source, name, timeout)
    except GraphvizError as exc:
        if RETRY_WITH_NEWRANK not in str(exc):
            raise
    return _run([program, "-Gnewrank=true", "-Tjson"], dot_source, name, timeout)


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


def dot_version() -> str:
    """The version line of the installed ``dot`` (for benchmarks and bug reports)."""
    proc = subprocess.run([_program(), "-V"], capture_output=True, check=False, timeout=10)
    return proc.stderr.decode("utf-8", "replace").strip()
