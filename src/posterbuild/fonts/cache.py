"""Parsed TrueType fonts in the one cache (:mod:`posterbuild.core.cache`, kind ``font``): a
build does not parse and check its fonts again.

ReportLab parses a TTF into a face (the character map, the widths, where each glyph lies) and
posterbuild checks it (table checksums, a trial subset): a few ms per font in every process.
What ReportLab keeps of a parsed, checked font (:mod:`posterbuild.fonts.state`) is kept as
JSON (never pickle), keyed by the file's content digest (:mod:`posterbuild.fonts.digest`), the
name it is registered under and the code (:func:`~posterbuild.core.cache.code_stamp`: posterbuild's
modules and ReportLab). A hit means that content was parsed and checked before: the font is
rebuilt from the entry and the file's bytes without parsing, and `check` need not load
ReportLab at all (:func:`known`). ``POSTERBUILD_CACHE=0``: no cache.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from posterbuild.core.cache import code_stamp, key, store
from posterbuild.fonts.digest import file_digest

__all__ = ["read_entry", "write_entry", "known", "caching"]


def caching() -> bool:
    return store().root is not None


def _key(name: str, digest: str) -> str:
    return key("font", code_stamp(), name, digest)


def read_entry(name: str, digest: str) -> Any:
    """What was kept of font ``name`` with content ``digest`` (JSON), or None on a miss."""
    body = store().get("font", _key(name, digest))
    try:
        return json.loads(body) if body is not None else None
    except (ValueError, RecursionError):
        return None


def known(name: str, path: Path) -> bool:
    """The font file at ``path`` was parsed and checked under ``name`` before (its entry is
    here, intact): it is usable without parsing it again."""
    try:
        digest = file_digest(path)
    except OSError:
        return False
    return store().get("font", _key(name, digest)) is not None


def write_entry(name: str, digest: str, body: str) -> None:
    """Keep ``body`` (one line of JSON) for font ``name`` with content ``digest``."""
    store().put("font", _key(name, digest), body.encode("utf-8"))
