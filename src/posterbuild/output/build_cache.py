"""Finished builds, kept by everything that decides them: building a poster whose data, layout,
fonts, options and code did not change writes the same bytes again without laying out or
drawing anything (like a build tool's output cache).

An entry is two files in ``<cache>/builds/``: ``<key>.pdf`` and ``<key>.json`` (its key, the
PDF's SHA-256 and size, the layout's name and the DOT and JSON files written beside the PDF).
An entry that is incomplete, damaged, written for another key, or whose PDF does not match its
digest is a miss. ``POSTERBUILD_CACHE=0`` turns it off with the other caches; the newest
``MAX_ENTRIES`` builds are kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from posterbuild.core.cache_dir import cache_folder, prune_oldest, write_cache_file

__all__ = ["Output", "BuildCache", "default_build_cache"]

MAX_ENTRIES = 24
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
        self.folder = folder

    def get(self, key: str) -> Output | None:
        if self.folder is None or not key:
            return None
        try:
            entry = json.loads((self.folder / f"{key}.json").read_text(encoding="utf-8"))
            if not _valid(entry, key):
                return None
            pdf = (self.folder / f"{key}.pdf").read_bytes()
        except (OSError, ValueError, RecursionError):
            return None
        if len(pdf) != entry["size"] or hashlib.sha256(pdf).hexdigest() != entry["sha256"]:
            return None
        side = {name: text.encode("utf-8") for name, text in entry["side"].items()}
        return Output(pdf, side, entry["layout"], cached=True)

    def put(self, key: str, output: Output) -> None:
        if self.folder is None or not key:
            return
        try:
            side = {name: data.decode("utf-8") for name, data in output.side.items()}
        except UnicodeDecodeError:
            return  # not text: not kept (a build only writes text beside the PDF)
        entry = {"key": key, "sha256": hashlib.sha256(output.pdf).hexdigest(), "size": len(output.pdf),
                 "layout": output.layout_name, "side": side}
        # the PDF first: the entry that names it is written only once it is there
        if write_cache_file(self.folder / f"{key}.pdf", output.pdf) and \
                write_cache_file(self.folder / f"{key}.json", json.dumps(entry)):
            self._prune()

    def _prune(self) -> None:
        for old in prune_oldest(self.folder, MAX_ENTRIES) if self.folder else []:
            old.with_suffix(".pdf").unlink(missing_ok=True)


def _valid(entry: object, key: str) -> bool:
    if not isinstance(entry, dict) or entry.get("key") != key:
        return False
    side = entry.get("side")
    return (isinstance(entry.get("sha256"), str) and isinstance(entry.get("size"), int)
            and isinstance(entry.get("layout"), str) and isinstance(side, dict)
            and all(isinstance(n, str) and _SIDE_NAME.match(n) and ".." not in n
                    and isinstance(t, str) for n, t in side.items()))


def default_build_cache() -> BuildCache:
    base = cache_folder()
    return BuildCache(base / "builds" if base is not None else None)
