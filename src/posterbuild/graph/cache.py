"""A layout cache keyed by content: an edit lays out and routes again only the diagrams it changed.

Two kinds of entries, each under a hash of everything that decides it:

- Graphviz's output (field ``json``: the ``-Tjson`` text), keyed by the DOT source (every
  layout setting is written into it), the ``dot`` program (its path and its ``dot -V`` line,
  read once per process), the options posterbuild runs it with, and posterbuild's version;
- a routed diagram (field ``placed``), keyed by :mod:`posterbuild.graph.placed_cache`.

Entries are small files in ``$POSTERBUILD_CACHE_DIR`` (default ``$XDG_CACHE_HOME/posterbuild``
or ``~/.cache/posterbuild``); ``POSTERBUILD_CACHE=0`` turns the cache off. Every entry names its
own key; the oldest entries go beyond ``MAX_ENTRIES``.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from posterbuild import __version__
from posterbuild.core.cache_dir import cache_folder, write_cache_file
from posterbuild.graph.run_dot import RUN_OPTIONS, dot_program, dot_version

__all__ = ["LayoutCache", "default_cache"]

MAX_ENTRIES = 2000
_COUNTED: dict[Path, int] = {}  # entries on disk in each cache folder, once counted in this process
FORMAT = "entry: {key, json: dot -Tjson text}"  # part of the key: a new entry format never reads an old one


class LayoutCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.hits = 0
        self.misses = 0

    def key(self, dot_source: str) -> str:
        if self.folder is None:  # no cache: nothing to key (and no need to ask dot its version)
            return ""
        program = dot_program()
        stamp = "\n".join((f"posterbuild {__version__}", FORMAT, program, dot_version(program),
                           " ".join(RUN_OPTIONS)))
        return hashlib.sha256(f"{stamp}\n{_without_header(dot_source)}".encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        """Graphviz's ``-Tjson`` text for ``key``, or None."""
        entry = self.entry(key, "json")
        try:
            if entry is not None:
                json.loads(entry)  # Graphviz's output must parse too
        except (ValueError, RecursionError):
            entry = None
        if entry is None:
            self.misses += 1
            return None
        self.hits += 1
        return entry

    def put(self, key: str, text: str) -> None:
        self.put_entry(key, "json", text)

    def entry(self, key: str, field: str) -> Any:
        """What the entry for ``key`` holds under ``field``, or None: an entry that is corrupt,
        from an older version, or was written for another key (a file renamed or copied from
        another graph's entry) is a miss."""
        if self.folder is None or not key:
            return None
        path = self.folder / key[:2] / f"{key}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, RecursionError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        return entry.get(field)

    def put_entry(self, key: str, field: str, value: Any) -> None:
        if self.folder is None or not key:
            return
        path = self.folder / key[:2] / f"{key}.json"
        if write_cache_file(path, json.dumps({"key": key, field: value}, separators=(",", ":"))):
            self._count_and_prune()

    def _count_and_prune(self) -> None:
        """The folder is scanned once per process (not once per cache object: layouts, spreads
        and a forked worker's share each make or copy one), then counted: a put stays O(1)
        until the cache outgrows ``MAX_ENTRIES`` (a scan per put made big posters quadratic)."""
        if self.folder is None:
            return
        counted = _COUNTED.get(self.folder)
        _COUNTED[self.folder] = count = \
            sum(1 for _ in self.folder.glob("*/*.json")) if counted is None else counted + 1
        if count > MAX_ENTRIES:
            self._prune()

    def _prune(self) -> None:
        files = list(self.folder.glob("*/*.json")) if self.folder else []
        if len(files) > MAX_ENTRIES:
            files.sort(key=lambda p: p.stat().st_mtime)
            for old in files[: len(files) - MAX_ENTRIES]:
                old.unlink(missing_ok=True)
        if self.folder is not None:  # counted again: the next put does not scan
            _COUNTED[self.folder] = min(len(files), MAX_ENTRIES)


def _without_header(dot_source: str) -> str:
    """The DOT source without its leading ``//`` comment lines (the workload's title and where
    it came from: Graphviz ignores them, so a new title needs no new layout).

    >>> _without_header("// Chat: from chat.yaml\\n// more\\ndigraph chat {}\\n")
    'digraph chat {}\\n'
    """
    start = 0
    while dot_source.startswith("//", start):
        end = dot_source.find("\n", start)
        if end < 0:
            return ""
        start = end + 1
    return dot_source[start:]


def default_cache() -> LayoutCache:
    """The user's layout cache; none when caching is off or has no usable place (no HOME)."""
    base = cache_folder()
    return LayoutCache(base / "layouts" if base is not None else None)
