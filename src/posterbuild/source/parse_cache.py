"""Parsed YAML in the one cache (:mod:`posterbuild.core.cache`, kind ``yaml``): a file parsed
before is read back from JSON, without PyYAML.

Importing PyYAML and parsing a poster's files costs more than the rest of reading them; a
file whose bytes were parsed before (and, with them, the line of every value) comes back from
the cache. The key is made of the file's bytes, posterbuild's code
(:func:`~posterbuild.core.cache.code_stamp`: an edited reader is new code) and PyYAML's files.
Only a file that parsed without a problem is kept (one with a problem is parsed again, so its
message comes from the parser), and only when its JSON reads back as exactly the same values
(by ``repr``: 1 is not 1.0, a key 80 is not "80") and lines. Never pickle.
``POSTERBUILD_CACHE=0``: no cache.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any

from posterbuild.core.cache import code_stamp, key, store

__all__ = ["parsed", "keep"]

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


def _key(raw: bytes) -> str:
    return key("yaml", code_stamp(), _pyyaml_stamp(), raw)


def parsed(raw: bytes) -> tuple[Any, Lines] | None:
    """The values and lines of a file with these bytes, as parsed before; None on a miss."""
    cache = store()
    if cache.root is None:
        return None
    body = cache.get("yaml", _key(raw))
    if body is None:
        return None
    try:
        kept = json.loads(body)
        data = _decode(kept["data"]) if kept["pairs"] else kept["data"]
        return data, {tuple(key): line for key, line in kept["lines"]}
    except (ValueError, TypeError, KeyError, RecursionError):
        return None


def keep(raw: bytes, data: Any, lines: Lines) -> None:
    """Keep what a file with these bytes parsed to, if JSON holds it exactly."""
    cache = store()
    if cache.root is None:
        return
    try:
        pairs = _odd_keys(data)  # almost never: then the data is walked when read back
        body = json.dumps({"data": _encode(data) if pairs else data, "pairs": pairs,
                           "lines": [[list(k), v] for k, v in lines.items()]},
                          ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        kept = json.loads(body)
        same = repr(_decode(kept["data"]) if pairs else kept["data"]) == repr(data) and \
            repr({tuple(k): v for k, v in kept["lines"]}) == repr(lines)
    except (TypeError, ValueError, RecursionError):
        return
    if same:
        cache.put("yaml", _key(raw), body)


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
