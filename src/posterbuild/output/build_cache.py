"""Finished builds in the one cache (:mod:`posterbuild.core.cache`, kind ``build``), kept by
everything that decides them: building a poster whose data, layout, fonts, options and code did
not change writes the same bytes again without laying out or drawing anything (like a build
tool's output cache).

An entry's body is one line of JSON (the layout's name and the DOT and JSON files written beside
the PDF), then the PDF's bytes; the store checks the whole body against the SHA-256 in the
entry's first line. An entry that is damaged, written for another key or names a side file
that is not a plain file name is a miss. ``POSTERBUILD_CACHE=0`` turns it off with the rest of
the cache; the store keeps the newest builds (:data:`posterbuild.core.cache.KINDS`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from posterbuild.core.cache import Store, cache_folder

__all__ = ["Output", "BuildCache", "default_build_cache"]

_SIDE_NAME = re.compile(r"^\.?[A-Za-z0-9][A-Za-z0-9._-]{0,200}$")  # a plain file name, no folder


@dataclass(frozen=True)
class Output:
    """What a build writes: the PDF, and the files beside it (name -> bytes)."""

    pdf: bytes
    side: dict[str, bytes]
    layout_name: str
    cached: bool = field(default=False, compare=False)


class BuildCache:
    def __init__(self, folder: Path | None) -> None:
        self.folder = folder  # the cache's root; None: no cache
        self.store = Store(folder)

    def get(self, key: str) -> Output | None:
        body = self.store.get("build", key)
        if body is None:
            return None
        head, _, pdf = body.partition(b"\n")
        try:
            entry = json.loads(head)
        except (ValueError, RecursionError):
            return None
        if not _valid(entry):
            return None
        side = {name: text.encode("utf-8") for name, text in entry["side"].items()}
        return Output(pdf, side, entry["layout"], cached=True)

    def put(self, key: str, output: Output) -> None:
        try:
            side = {name: data.decode("utf-8") for name, data in output.side.items()}
        except UnicodeDecodeError:
            return  # not text: not kept (a build only writes text beside the PDF)
        head = json.dumps({"layout": output.layout_name, "side": side}).encode("utf-8")
        self.store.put("build", key, head + b"\n" + output.pdf)


def _valid(entry: object) -> bool:
    if not isinstance(entry, dict):
        return False
    side = entry.get("side")
    return (isinstance(entry.get("layout"), str) and isinstance(side, dict)
            and all(isinstance(n, str) and _SIDE_NAME.match(n) and ".." not in n
                    and isinstance(t, str) for n, t in side.items()))


def default_build_cache() -> BuildCache:
    return BuildCache(cache_folder())
