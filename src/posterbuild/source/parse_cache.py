"""Parsed YAML kept by content: a file parsed before is read back from JSON, without PyYAML.

Importing PyYAML and parsing a poster's files costs more than the rest of reading them; a
file whose bytes were parsed before (and, with them, the line of every value) comes back from
``yaml/<key>.json`` in the cache folder (:func:`posterbuild.core.cache_dir.cache_folder`). The key
is the SHA-256 of the file's bytes, of posterbuild's code (:func:`~posterbuild.core.cache_dir.code_stamp`:
an edited reader is new code), of PyYAML's files and of ``FORMAT``. Only a file that parsed
without a problem is kept (one with a problem is parsed again, so its message comes from the
parser), and only when its JSON reads back as exactly the same values (by ``repr``: 1 is not
1.0, a key 80 is not "80") and lines. An entry is two lines of JSON: its key and the SHA-256
of the second line, then the file; anything else is a miss. Never pickle. ``POSTERBUILD_CACHE=0``:
no cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from posterbuild.core.cache_dir import cache_folder, code_stamp, prune_oldest, write_cache_file

__all__ = ["parsed", "keep", "FORMAT"]

FORMAT = "parsed yaml 1: {key, sha256} NL {data, pairs, lines}"
MAX_ENTRIES = 512

Lines = dict[tuple[str | int, ...], int]


@functools.cache
def _pyyaml_stamp() -> str:
    """PyYAML's files by size and time stamp, found without importing it (an upgrade is a new parser)."""
    for entry in sys.path:
        folder = Path(entry or ".") / "yaml"
        if (folder / "__init__.py").is_file():
            return " ".join(f"{p.name} {p.stat().st_size} {p.stat().st_mtime_ns}"
                            for p in sorted(folder.glob("*")) if p.is_file())
    return "?"


def _entry(raw: bytes) -> tuple[Path, str] | None:
    folder = cache_folder()
    if folder is None:
        return None
    stamp = f"{FORMAT}\n{code_stamp()}\n{_pyyaml_stamp()}\n".encode()
    key = hashlib.sha256(stamp + hashlib.sha256(raw).digest()).hexdigest()
    return folder / "yaml" / f"{key}.json", key


def parsed(raw: bytes) -> tuple[Any, Lines] | None:
    """The values and lines of a file with these bytes, as parsed before; None on a miss."""
    where = _entry(raw)
    if where is None:
        return None
    try:
        head, _, body = where[0].read_bytes().partition(b"\n")
        if json.loads(head) != {"key": where[1], "sha256": hashlib.sha256(body).hexdigest()}:
            return None
        kept = json.loads(body)
        data = _decode(kept["data"]) if kept["pairs"] else kept["data"]
        return data, {tuple(key): line for key, line in kept["lines"]}
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        return None


def keep(raw: bytes, data: Any, lines: Lines) -> None:
    """Keep what a file with these bytes parsed to, if JSON holds it exactly."""
    where = _entry(raw)
    if where is None:
        return
    try:
        pairs = _odd_keys(data)  # almost never: then the data is walked when read back
        body = json.dumps({"data": _encode(data) if pairs else data, "pairs": pairs,
                           "lines": [[list(k), v] for k, v in lines.items()]},
                          ensure_ascii=False, separators=(",", ":"))
        kept = json.loads(body)
        same = repr(_decode(kept["data"]) if pairs else kept["data"]) == repr(data) and \
            repr({tuple(k): v for k, v in kept["lines"]}) == repr(lines)
    except (TypeError, ValueError, RecursionError):
        return
    if same:
        stamp = {"key": where[1], "sha256": hashlib.sha256(body.encode("utf-8")).hexdigest()}
        write_cache_file(where[0], json.dumps(stamp) + "\n" + body)
        _prune(where[0].parent)


def _odd_keys(value: Any) -> bool:
    """A mapping somewhere in ``value`` with a key that is not text."""
    if isinstance(value, dict):
        return any(type(k) is not str or _odd_keys(v) for k, v in value.items())
    return isinstance(value, list) and any(_odd_keys(v) for v in value)


def _encode(value: Any) -> Any:
    """JSON as it is; a mapping with a key that is not text (``80: http``) as ``{"\\u0000pairs": [[k, v], ...]}``."""
    if isinstance(value, dict):
        if all(type(k) is str for k in value):
            return {k: _encode(v) for k, v in value.items()}
        return {"\0pairs": [[_encode(k), _encode(v)] for k, v in value.items()]}
    if isinstance(value, list):
        return [_encode(v) for v in value]
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict):
        if list(value) == ["\0pairs"]:
            return {_decode(k): _decode(v) for k, v in value["\0pairs"]}
        return {k: _decode(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_decode(v) for v in value]
    return value


def _prune(folder: Path) -> None:
    """The oldest entries beyond ``MAX_ENTRIES`` go."""
    prune_oldest(folder, MAX_ENTRIES)
