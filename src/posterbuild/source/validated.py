"""Which parsed files are already known to pass their JSON Schema, so a new process need not
load jsonschema and validate them again.

An entry of the one cache (:mod:`posterbuild.core.cache`, kind ``valid``, an empty body) is
keyed by posterbuild's code (:func:`~posterbuild.core.cache.code_stamp`), the digest of the
published schemas, the file's kind and a type-exact rendering of its parsed content (``repr``:
a date and the text of a date differ). Only files that passed are remembered: a file with
problems is always validated again, so its messages (with their lines) come from jsonschema
itself. A damaged or foreign entry is a miss; ``POSTERBUILD_CACHE=0`` turns it off.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from typing import Any

from posterbuild.core.cache import code_stamp, key, store

__all__ = ["known_valid", "remember_valid", "schema_digest", "entry_key"]

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
    return key("valid", code_stamp(), schema_digest(), kind, repr(data))


def known_valid(data: Any, kind: str) -> bool:
    """True when this content of a file of ``kind`` passed the current schema before."""
    cache = store()
    return cache.root is not None and cache.get("valid", entry_key(data, kind)) is not None


def remember_valid(data: Any, kind: str) -> None:
    """Remember that this content passed."""
    cache = store()
    if cache.root is not None:
        cache.put("valid", entry_key(data, kind), b"")
