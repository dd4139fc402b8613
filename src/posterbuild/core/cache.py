"""posterbuild's one cache: a content-addressed store of results derived from what decides them.

Every stage that keeps a result asks this store with the parts that decide it, under a *kind*
(:data:`KINDS`: what each kind holds, its format and how many entries it keeps):

- :func:`key` is the one recipe: the SHA-256 over the kind, its format and the parts (each part
  length-prefixed, so two lists of parts never give the same bytes);
- the stamps are defined once each: :func:`code_stamp` here (posterbuild's modules and
  ReportLab), the ``dot`` program's in :func:`posterbuild.graph.run_dot.dot_stamp`, a font's
  content in :func:`posterbuild.fonts.digest.file_digest`;
- an entry is the file ``<cache>/<kind>/<kk>/<key>`` (``kk``: the key's first two digits): a
  first line of JSON ``{"key": ..., "sha256": ...}`` (the body's SHA-256), then the body's bytes.
  Anything else (a renamed or copied entry, another key's, a damaged or foreign file) is a miss;
- one atomic writer (a temporary file renamed over the entry), one prune (the oldest entries of a
  kind beyond its limit go; the entries are counted once per process, then one more for each
  put, so a big poster's many puts stay linear).

Every entry is only a speed-up: with ``POSTERBUILD_CACHE=0``, or no usable place for it (no home
folder), there is none and every build still works; a cache that cannot be written is skipped.
The store holds bytes: the kinds keep JSON, Graphviz's text or a PDF, never pickles.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path
from typing import NamedTuple

from posterbuild import __version__

__all__ = ["KINDS", "Store", "cache_folder", "code_stamp", "key", "store"]


class Kind(NamedTuple):
    format: str  # part of every key of the kind: a new format never reads an old entry
    limit: int  # the newest entries kept


KINDS: dict[str, Kind] = {
    # Graphviz's -Tjson0 text for a DOT source (graph/cache.py)
    "dot": Kind("dot -Tjson0 text", 2000),
    # a diagram laid out and routed at the layout's sizes; one spread to its panel (graph/placed_cache.py)
    "arranged": Kind("placed 3: JSON {plan, geometry, layout_json}", 1000),
    "spread": Kind("placed 3: JSON geometry", 1000),
    # a finished build: a JSON line {layout, side files}, then the PDF (output/build_cache.py)
    "build": Kind("build 2: JSON {layout, side} NL pdf", 24),
    # a YAML file's values and lines (source/parse_cache.py)
    "yaml": Kind("parsed yaml 2: JSON {data, pairs, lines}", 512),
    # a data or layout file's content known to pass the schemas: an empty body (source/validated.py)
    "valid": Kind("valid 2: empty", 1024),
    # what ReportLab keeps of a parsed, checked font (fonts/cache.py)
    "font": Kind("font entry 5: JSON {font, face}", 64),
    # a link's QR code modules (page/resources.py)
    "qr": Kind("qr M 2: JSON rows of 0 and 1", 64),
}

_KEY = re.compile(r"[0-9a-f]{64}")
_COUNTED: dict[Path, int] = {}  # entries of each kind's folder, once counted in this process


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


@functools.cache
def code_stamp() -> str:
    """What makes an entry derived by posterbuild's code stale: posterbuild's version, each of
    its modules by size and time stamp (an edited module in a working copy is new code), and
    ReportLab's (it measures and draws the text, and parses the fonts), found without importing it."""
    root = Path(__file__).resolve().parent.parent
    parts = [f"posterbuild {__version__}"]
    for path in sorted(root.rglob("*.py")):
        st = path.stat()
        parts.append(f"{path.relative_to(root)} {st.st_size} {st.st_mtime_ns}")
    for entry in sys.path:
        init = Path(entry or ".") / "reportlab" / "__init__.py"
        if init.is_file():
            st = init.stat()
            parts.append(f"reportlab {init} {st.st_size} {st.st_mtime_ns}")
            break
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def key(kind: str, *parts: str | bytes) -> str:
    """The key of a result of ``kind`` decided by ``parts`` (text or bytes)."""
    h = hashlib.sha256(f"{kind}\n{KINDS[kind].format}\n".encode("utf-8"))
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(b"%d\n" % len(data))
        h.update(data)
    return h.hexdigest()


class Store:
    """The entries under ``root`` (none when ``root`` is None: every get misses, puts do nothing)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    def path(self, kind: str, key: str) -> Path | None:
        if self.root is None or not _KEY.fullmatch(key):
            return None
        return self.root / kind / key[:2] / key

    def get(self, kind: str, key: str) -> bytes | None:
        """The body kept under ``key``, or None: a missing, damaged or foreign entry is a miss."""
        path = self.path(kind, key)
        if path is None:
            return None
        try:
            head, newline, body = path.read_bytes().partition(b"\n")
            stamp = json.loads(head)
        except (OSError, ValueError, RecursionError):
            return None
        if not newline or stamp != {"key": key, "sha256": hashlib.sha256(body).hexdigest()}:
            return None
        return body

    def put(self, kind: str, key: str, body: bytes) -> bool:
        """Keep ``body`` under ``key`` (atomically); then the kind's oldest entries beyond its
        limit go. False when it could not be written (the next run is only slower)."""
        path = self.path(kind, key)
        if path is None:
            return False
        head = json.dumps({"key": key, "sha256": hashlib.sha256(body).hexdigest()}).encode("ascii")
        if not _write(path, head + b"\n" + body):
            return False
        self._count_and_prune(kind)
        return True

    def _count_and_prune(self, kind: str) -> None:
        """The kind's folder is scanned once per process (not once per put, nor per store object:
        a scan per put made big posters quadratic), then counted up."""
        assert self.root is not None
        folder = self.root / kind
        counted = _COUNTED.get(folder)
        _COUNTED[folder] = count = _count(folder) if counted is None else counted + 1
        if count > KINDS[kind].limit:
            _COUNTED[folder] = prune(folder, KINDS[kind].limit)


def store() -> Store:
    """The user's store (``POSTERBUILD_CACHE_DIR`` and ``POSTERBUILD_CACHE`` read at each call)."""
    return Store(cache_folder())


def _write(path: Path, data: bytes) -> bool:
    """Replace a file atomically (a temporary file renamed over it); False on failure."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
        return True
    except OSError:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)
        return False


def _entries(folder: Path) -> list[Path]:
    return [p for p in folder.glob("*/*") if not p.name.startswith(".")]


def _count(folder: Path) -> int:
    try:
        return len(_entries(folder))
    except OSError:
        return 0


def prune(folder: Path, limit: int) -> int:
    """Remove the oldest entries (by time stamp) of a kind's ``folder`` beyond the newest
    ``limit``; return how many are left. A cache that cannot be pruned is only larger."""
    try:
        entries = sorted(_entries(folder), key=lambda p: p.stat().st_mtime)
    except OSError:
        return limit
    for old in entries[: max(0, len(entries) - limit)]:
        old.unlink(missing_ok=True)
    return min(len(entries), limit)
