"""Parsed TrueType fonts kept between runs: a build does not parse and check its fonts again.

ReportLab parses a TTF into a face (the character map, the widths, where each glyph lies) and
posterbuild checks it (table checksums, a trial subset): a few ms per font in every process.
What ReportLab keeps of a parsed, checked font (:mod:`posterbuild.fonts.state`) is written as
JSON (never pickle) to ``fonts/<key>.json`` in the cache folder
(:func:`posterbuild.core.cache_dir.cache_folder`), keyed by the file's SHA-256, the name it is
registered under, ReportLab's version and ``FORMAT``. An entry is two lines of JSON: its own
key and the SHA-256 of the second line, then the font; a renamed, foreign, older or damaged
entry is a miss. A hit means that content was parsed and checked before: the font is rebuilt
from the entry and the file's bytes without parsing, and `check` need not load ReportLab at all
(:func:`known`). ``POSTERBUILD_CACHE=0``: no cache.

This module only stores entries: it imports ReportLab's package for its version, nothing more.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import reportlab  # its version only (the package itself, not the PDF library)

from posterbuild.core.cache_dir import cache_folder, prune_oldest, write_cache_file

__all__ = ["read_entry", "write_entry", "known", "FORMAT"]

FORMAT = "font entry 4: {key, sha256} NL {font, face}"  # part of the key: a new format never reads an old one
MAX_ENTRIES = 64


def entry_path(name: str, digest: str) -> tuple[Path, str] | None:
    """Where the entry of font ``name`` with content ``digest`` lies, and its key; None when
    caching is off."""
    folder = cache_folder()
    if folder is None:
        return None
    key = hashlib.sha256(f"{FORMAT}\n{reportlab.Version}\n{name}\n{digest}".encode()).hexdigest()
    return folder / "fonts" / f"{key}.json", key


def _body(name: str, digest: str) -> bytes | None:
    """The second line of our own, intact entry for this font, or None."""
    where = entry_path(name, digest)
    if where is None:
        return None
    try:
        head, _, body = where[0].read_bytes().partition(b"\n")
        stamp = json.loads(head)
    except (OSError, ValueError):
        return None
    if stamp != {"key": where[1], "sha256": hashlib.sha256(body).hexdigest()}:
        return None  # another font's entry, or damaged
    return body


def read_entry(name: str, digest: str) -> Any:
    """What was kept of font ``name`` with content ``digest`` (JSON), or None on a miss."""
    body = _body(name, digest)
    if body is None:
        return None
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def known(name: str, path: Path) -> bool:
    """The font file at ``path`` was parsed and checked under ``name`` before (its entry is
    here, intact): it is usable without parsing it again."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return False
    return _body(name, digest) is not None


def write_entry(name: str, digest: str, body: str) -> None:
    """Keep ``body`` (one line of JSON) for font ``name`` with content ``digest``."""
    where = entry_path(name, digest)
    if where is None:
        return
    stamp = {"key": where[1], "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest()}
    write_cache_file(where[0], json.dumps(stamp) + "\n" + body)
    _prune(where[0].parent)


def _prune(folder: Path) -> None:
    """The oldest entries beyond ``MAX_ENTRIES`` go (each edit of a font adds one)."""
    prune_oldest(folder, MAX_ENTRIES)
