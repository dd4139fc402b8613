"""Where posterbuild keeps its caches (layouts, validated files, QR codes, Graphviz's plugin list).

Every cache is only a speed-up: with ``POSTERBUILD_CACHE=0``, or no usable place for it (no
home folder), there is none and every build still works.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["cache_folder"]


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
