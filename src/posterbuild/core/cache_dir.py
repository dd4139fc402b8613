"""Where posterbuild keeps its caches (layouts, validated files, parsed fonts, QR codes,
Graphviz's plugin list).

Every cache is only a speed-up: with ``POSTERBUILD_CACHE=0``, or no usable place for it (no
home folder), there is none and every build still works.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
import tempfile
from pathlib import Path

from posterbuild import __version__

__all__ = ["cache_folder", "code_stamp", "prune_oldest", "write_cache_file"]


def cache_folder() -> Path | None:
    """``$POSTERBUILD_CACHE_DIR``, else ``$XDG_CACHE_HOME/posterbuild`` or ``~/.cache/posterbuild``;
    None when caching is off (``POSTERBUILD_CACHE=0``) or there is no home folder to put it in."""
    if os.environ.get("POSTERBUILD_CACHE", "1") == "0":
        return None
    folder = os.environ.get("POSTERBUILD_CACHE_DIR")
    if folder:
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            home = Path.home()
        except (RuntimeError, KeyError, OSError):
            return None
        if not home.is_absolute() or str(home) == "/":
            return None
        base = str(home / ".cache")
    return Path(base) / "posterbuild"


@functools.cache
def code_stamp() -> str:
    """What makes an entry derived by posterbuild's code stale: posterbuild's version, each of
    its modules by size and time stamp (an edited module in a working copy is new code), and
    ReportLab's (it measures and draws the text), found without importing it."""
    root = Path(__file__).resolve().parent.parent
    parts = [f"posterbuild {__version__}"]
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        parts.append(f"{path.relative_to(root)} {st.st_size} {st.st_mtime_ns}")
    for entry in sys.path:
        init = Path(entry or ".") / "reportlab" / "__init__.py"
        if init.is_file():
            st = init.stat()
            parts.append(f"reportlab {init} {st.st_size} {st.st_mtime_ns}")
            break
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def write_cache_file(path: Path, content: str | bytes) -> bool:
    """Replace a cache file atomically (a temporary file renamed over it); a cache folder that
    cannot be written only makes the next run slower, so failures are ignored (False)."""
    tmp = None
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


def prune_oldest(folder: Path, keep: int, pattern: str = "*.json") -> list[Path]:
    """Remove the oldest files of ``folder`` matching ``pattern`` beyond the newest ``keep``
    (by time stamp); return those removed. A cache that cannot be pruned is only larger."""
    try:
        entries = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime)
        gone = entries[: max(0, len(entries) - keep)]
        for old in gone:
            old.unlink(missing_ok=True)
        return gone
    except OSError:
        return []
