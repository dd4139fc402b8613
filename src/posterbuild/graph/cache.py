"""Graphviz's output in the one cache (:mod:`posterbuild.core.cache`): an edit lays out again
only the diagrams it changed.

An entry of kind ``dot`` is Graphviz's ``-Tjson0`` text, keyed by the DOT source (every layout
setting is written into it) without its header comment, and the ``dot`` program's stamp
(:func:`~posterbuild.graph.run_dot.dot_stamp`: its path, size and time stamp, and the options
posterbuild runs it with). The routed diagrams made from it are kept by
:mod:`posterbuild.graph.placed_cache` in the same store.
"""

from __future__ import annotations

import json
from pathlib import Path

from posterbuild.core.cache import Store, cache_folder, key
from posterbuild.graph.run_dot import dot_stamp

__all__ = ["LayoutCache", "default_cache"]


class LayoutCache:
    """The store (at ``folder``, the cache's root; None: no cache) as the graph stage uses it,
    counting Graphviz outputs found and missed."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.store = Store(folder)
        self.hits = 0
        self.misses = 0

    def key(self, dot_source: str) -> str:
        if self.folder is None:  # no cache: nothing to key
            return ""
        return key("dot", dot_stamp(), _without_header(dot_source))

    def get(self, key: str) -> str | None:
        """Graphviz's ``-Tjson`` text for ``key``, or None."""
        entry = self.store.get("dot", key)
        text = None
        try:
            if entry is not None:
                text = entry.decode("utf-8")
                json.loads(text)  # Graphviz's output must parse too
        except (ValueError, RecursionError):
            text = None
        if text is None:
            self.misses += 1
            return None
        self.hits += 1
        return text

    def put(self, key: str, text: str) -> None:
        self.store.put("dot", key, text.encode("utf-8"))


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
    """The user's cache; none when caching is off or has no usable place (no HOME)."""
    return LayoutCache(cache_folder())
