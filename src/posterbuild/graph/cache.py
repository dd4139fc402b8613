"""A layout cache keyed by the graph's content: an edit re-lays out only the graphs it changed.

The key is a hash of the DOT source and of the ``dot`` program (its path, size and date), so a
new Graphviz or a changed graph never reuses an old layout. Entries are small JSON files in
``$POSTERBUILD_CACHE_DIR`` (default ``$XDG_CACHE_HOME/posterbuild`` or ``~/.cache/posterbuild``);
``POSTERBUILD_CACHE=0`` turns the cache off. The oldest entries go beyond ``MAX_ENTRIES``.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

__all__ = ["LayoutCache", "default_cache"]

MAX_ENTRIES = 2000


class LayoutCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, dot_source: str) -> str:
        program = shutil.which(os.environ.get("POSTERBUILD_DOT", "dot")) or "dot"
        try:
            st = os.stat(program)
            stamp = f"{program}:{st.st_size}:{int(st.st_mtime)}"
        except OSError:
            stamp = program
        return hashlib.sha256(f"{stamp}\n{dot_source}".encode("utf-8")).hexdigest()

    def get(self, key: str) -> dict | None:
        if self.folder is None:
            return None
        path = self.folder / key[:2] / f"{key}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            entry = None
        if not _valid(entry, key):  # corrupt, foreign or from an older version: a miss
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, entry: dict) -> None:
        if self.folder is None:
            return
        path = self.folder / key[:2] / f"{key}.json"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps({**entry, "key": key}, separators=(",", ":")), encoding="utf-8")
            os.replace(tmp, path)
            self._prune()
        except OSError:
            return  # a cache that cannot be written is only slower

    def _prune(self) -> None:
        files = list(self.folder.glob("*/*.json")) if self.folder else []
        if len(files) <= MAX_ENTRIES:
            return
        files.sort(key=lambda p: p.stat().st_mtime)
        for old in files[: len(files) - MAX_ENTRIES]:
            old.unlink(missing_ok=True)


def _valid(entry: object, key: str) -> bool:
    """An entry written for exactly this key, with the fields a layout needs."""
    return (isinstance(entry, dict) and entry.get("key") == key
            and isinstance(entry.get("json"), str) and isinstance(entry.get("crossings"), int)
            and isinstance(entry.get("through"), list)
            and all(isinstance(t, list) and all(isinstance(x, str) for x in t) for t in entry["through"]))


def default_cache() -> LayoutCache:
    """The user's layout cache; without a usable place for it (no HOME), no cache."""
    if os.environ.get("POSTERBUILD_CACHE", "1") == "0":
        return LayoutCache(None)
    folder = os.environ.get("POSTERBUILD_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME")
        if not base:
            try:
                home = Path.home()
            except (RuntimeError, KeyError, OSError):
                return LayoutCache(None)
            if not home.is_absolute() or str(home) == "/":
                return LayoutCache(None)
            base = str(home / ".cache")
        folder = str(Path(base) / "posterbuild")
    return LayoutCache(Path(folder) / "layouts")
