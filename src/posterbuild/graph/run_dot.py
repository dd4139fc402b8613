"""Run the Graphviz ``dot`` program: a timeout, one known retry, and errors that say what failed."""

from __future__ import annotations

import functools
import hashlib
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from posterbuild.core.cache import cache_folder
from posterbuild.core.errors import ExecutableNotFound, GraphvizError

__all__ = ["layout_json", "dot_program", "dot_stamp", "dot_version", "dot_timeout", "DOT_TIMEOUT_SECONDS",
           "RETRY_WITH_NEWRANK", "RUN_OPTIONS", "cache_base", "plugin_dir"]

# the only Graphviz plugins a layout to JSON needs (dot otherwise loads them all, pango and cairo
# among them, which is most of a small run's time)
NEEDED_PLUGINS = ("libgvplugin_core.", "libgvplugin_dot_layout.")

DOT_TIMEOUT_SECONDS = 30.0  # default of $POSTERBUILD_DOT_TIMEOUT
MAX_DOT_TIMEOUT = 3600.0
# dot fails with this on some clustered graphs; newrank=true is the documented way around it
RETRY_WITH_NEWRANK = "trouble in init_rank"
RUN_OPTIONS = ("-Tjson0",)  # JSON without drawing operations; and "-Gnewrank=true" on that error (decided by the DOT source alone)


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


def dot_stamp() -> str:
    """The ``dot`` program by path, size and time stamp (no process is started for it), and
    the options posterbuild runs it with: the one stamp of `dot` in the keys of the cache
    (:mod:`posterbuild.core.cache`) for everything derived from its output."""
    program = dot_program()
    try:
        st = os.stat(program)
        return f"{program} {st.st_size} {st.st_mtime_ns} {' '.join(RUN_OPTIONS)}"
    except OSError:
        return f"{program} ? {' '.join(RUN_OPTIONS)}"


def layout_json(dot_source: str, *, name: str, timeout: float | None = None) -> str:
    """Lay out ``dot_source`` with ``dot -Tjson``; return the JSON text. ``timeout`` defaults to
    ``$POSTERBUILD_DOT_TIMEOUT`` seconds (30)."""
    timeout = timeout or dot_timeout()
    program = dot_program()
    try:
        return _run_lean([program, *RUN_OPTIONS], dot_source, name, timeout)
    except GraphvizError as exc:
        if RETRY_WITH_NEWRANK not in str(exc):
            raise
    return _run_lean([program, "-Gnewrank=true", *RUN_OPTIONS], dot_source, name, timeout)


def _run_lean(cmd: list[str], source: str, name: str, timeout: float) -> str:
    """Run with only the plugins a layout needs when that can be set up; on any other failure
    than a timeout, run again as Graphviz is installed (its message is the one reported)."""
    plugins = plugin_dir(cmd[0])
    if plugins is None:
        return _run(cmd, source, name, timeout)
    try:
        return _run(cmd, source, name, timeout, {**os.environ, "GVBINDIR": plugins})
    except GraphvizTimeout:
        raise
    except GraphvizError:
        return _run(cmd, source, name, timeout)


class GraphvizTimeout(GraphvizError):
    pass


def _run(cmd: list[str], source: str, name: str, timeout: float,
         env: dict[str, str] | None = None) -> str:
    try:
        proc = subprocess.run(cmd, input=source.encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False, env=env)
    except subprocess.TimeoutExpired:
        raise GraphvizTimeout(f"Graphviz took longer than {timeout:g} s to lay out '{name}'; "
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
    (for snapshots, benchmarks and bug reports; the cache keys use :func:`dot_stamp`, no process)."""
    return _version_line(program or dot_program())


@functools.lru_cache(maxsize=8)
def _version_line(program: str) -> str:
    try:
        proc = subprocess.run([program, "-V"], capture_output=True, check=False, timeout=10)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise GraphvizError(f"cannot run {program} -V: {exc}") from None
    return proc.stderr.decode("utf-8", "replace").strip()


def cache_base() -> Path | None:
    """posterbuild's cache folder (see :mod:`posterbuild.core.cache`): plugin_dir's working folder."""
    return cache_folder()


def plugin_dir(program: str) -> str | None:
    """A folder for ``GVBINDIR`` that offers ``program`` only the core and dot-layout plugins
    (links to the installed ones, found beside the ``libgvc`` it loads, and their part of the
    installed ``config6a``), made once in the cache folder; None when that cannot be done
    (then dot runs as installed). ``POSTERBUILD_DOT_PLUGINS=all`` turns it off."""
    base = cache_base()
    if os.environ.get("POSTERBUILD_DOT_PLUGINS") == "all" or base is None:
        return None
    return _plugin_dir(program, str(base))


@functools.lru_cache(maxsize=8)
def _plugin_dir(program: str, base: str) -> str | None:
    try:
        proc = subprocess.run(["ldd", program], capture_output=True, check=False, timeout=10)
        found = re.search(rb"libgvc\.so[.0-9]* => (\S+)", proc.stdout)
        if not found:
            return None
        installed = Path(os.fsdecode(found.group(1))).resolve().parent / "graphviz"
        config = (installed / "config6a").read_text(encoding="utf-8")
        blocks = [m.group(0) for m in re.finditer(r"^(\S+) \S+ \{\n.*?^\}\n", config, re.S | re.M)
                  if m.group(1).startswith(NEEDED_PLUGINS)]
        libs = [b.split(" ", 1)[0] for b in blocks]
        if len(blocks) != len(NEEDED_PLUGINS) or not all((installed / lib).exists() for lib in libs):
            return None
        key = hashlib.sha256("\n".join([program, str(installed), *blocks]).encode()).hexdigest()[:16]
        folder = Path(base) / "graphviz-plugins" / key
        if (folder / "config6a").is_file():
            return str(folder)
        folder.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=folder.parent))
        for lib in libs:
            (tmp / lib).symlink_to(installed / lib)
        (tmp / "config6a").write_text("".join(blocks), encoding="utf-8")
        try:
            tmp.rename(folder)
        except OSError:  # another process made it first
            shutil.rmtree(tmp, ignore_errors=True)
        return str(folder) if (folder / "config6a").is_file() else None
    except (OSError, subprocess.SubprocessError, UnicodeDecodeError):
        return None
