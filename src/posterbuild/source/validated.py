"""Which parsed files are already known to pass their JSON Schema, so a new process need not
load jsonschema and validate them again.

An entry is the SHA-256 of: posterbuild's version, the digest of the published schemas, the
file's kind and a type-exact rendering of its parsed content (``repr``: a date and the text of a
date differ). Only files that passed are remembered: a file with problems is always validated
again, so its messages (with their lines) come from jsonschema itself. The entries are one JSON
file, ``validated.json``, in the posterbuild cache folder (``$POSTERBUILD_CACHE_DIR``, default
``$XDG_CACHE_HOME/posterbuild`` or ``~/.cache/posterbuild``; ``POSTERBUILD_CACHE=0`` turns it
off). Never pickle: a corrupt or foreign file is simply a miss, and is replaced.
"""

from __future__ import annotations

import functools
import hashlib
import json
from importlib import resources
from pathlib import Path
from typing import Any

from posterbuild import __version__
from posterbuild.core.cache_dir import cache_folder, write_cache_file

__all__ = ["known_valid", "remember_valid", "cache_folder", "schema_digest", "write_cache_file"]

MAX_ENTRIES = 1024
FORMAT = 1
_SCHEMA_NAMES = ("common", "poster", "roles", "protocols", "workload", "certificates", "dns",
                 "resources", "history", "layout")



@functools.cache
def schema_digest() -> str:
    """SHA-256 over the bytes of every published schema (a changed schema never reads old verdicts)."""
    folder = resources.files("posterbuild.source") / "schemas"
    h = hashlib.sha256()
    for name in _SCHEMA_NAMES:
        h.update(name.encode() + b"\0" + (folder / f"{name}.schema.json").read_bytes() + b"\0")
    return h.hexdigest()


def entry_key(data: Any, kind: str) -> str:
    text = f"posterbuild {__version__}\n{FORMAT}\n{schema_digest()}\n{kind}\n{data!r}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class _Store:
    """The set of known-valid keys, read once per process and written back when it grew."""

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.keys: dict[str, None] = {}  # insertion-ordered: the oldest go first
        self.loaded = False

    def load(self) -> None:
        folder = cache_folder()
        if self.loaded and folder == self.folder:
            return
        self.folder, self.keys, self.loaded = folder, {}, True
        if folder is None:
            return
        try:
            data = json.loads((folder / "validated.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return
        if isinstance(data, dict) and data.get("format") == FORMAT and isinstance(data.get("valid"), list):
            self.keys = {k: None for k in data["valid"] if isinstance(k, str) and len(k) == 64}

    def save(self) -> None:
        if self.folder is None:
            return
        keys = list(self.keys)[-MAX_ENTRIES:]
        write_cache_file(self.folder / "validated.json", json.dumps({"format": FORMAT, "valid": keys}))


_STORE = _Store()


def known_valid(data: Any, kind: str) -> bool:
    """True when this content of a file of ``kind`` passed the current schema before."""
    _STORE.load()
    return _STORE.folder is not None and entry_key(data, kind) in _STORE.keys


def remember_valid(data: Any, kind: str) -> None:
    """Remember that this content passed (written to disk at once: a build is a few files)."""
    _STORE.load()
    if _STORE.folder is None:
        return
    key = entry_key(data, kind)
    if key in _STORE.keys:
        return
    _STORE.keys[key] = None
    _STORE.save()
