"""Run the Graphviz ``dot`` program: a timeout, one known retry, and errors that say what failed."""

from __future__ import annotations

import os
import shutil
import subprocess

from posterbuild.errors import ExecutableNotFound, GraphvizError

__all__ = ["layout_json", "dot_version", "DOT_TIMEOUT_SECONDS", "RETRY_WITH_NEWRANK"]

DOT_TIMEOUT_SECONDS = float(os.environ.get("POSTERBUILD_DOT_TIMEOUT", "30"))
# dot fails with this on some clustered graphs; newrank=true is the documented way around it
RETRY_WITH_NEWRANK = "trouble in init_rank"


def _program() -> str:
    program = os.environ.get("POSTERBUILD_DOT", "dot")
    found = shutil.which(program)
    if not found:
        raise ExecutableNotFound(program)
    return found


def layout_json(dot_source: str, *, name: str, timeout: float | None = None) -> str:
    """Lay out ``dot_source`` with ``dot -Tjson``; return the JSON text. ``timeout`` defaults to
    ``$POSTERBUILD_DOT_TIMEOUT`` seconds (30)."""
    timeout = timeout or float(os.environ.get("POSTERBUILD_DOT_TIMEOUT", DOT_TIMEOUT_SECONDS))
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
