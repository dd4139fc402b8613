"""Frozen dataclasses of the graph stage (plans, geometry) to JSON values and back, exactly.

Used by the placement cache: an entry is data, never code (no pickle). Decoding follows the
dataclasses' own type hints and refuses anything else (a wrong type, a missing or unknown
field), so a damaged or foreign entry is a ValueError, which the cache treats as a miss.
Floats survive exactly (JSON writes ``repr``), and an int stays an int.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any

__all__ = ["encode", "decode"]


def encode(value: Any) -> Any:
    """A dataclass instance (or a value inside one) as JSON-ready lists, dicts and scalars."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, frozenset):
        return sorted(encode(v) for v in value)
    if isinstance(value, (tuple, list)):
        return [encode(v) for v in value]
    return value


def decode(hint: Any, data: Any) -> Any:
    """``data`` (from :func:`encode`, through JSON) as a value of type ``hint``."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass(hint, data)
    if origin in (typing.Union, types.UnionType):
        if data is None and type(None) in args:
            return None
        rest = [a for a in args if a is not type(None)]
        if len(rest) == 1:
            return decode(rest[0], data)
        raise ValueError(f"cannot decode the union {hint}")
    if origin is dict:
        _need(data, dict, hint)
        return {decode(args[0], k): decode(args[1], v) for k, v in data.items()}
    if origin in (tuple, list, frozenset):
        return _sequence(origin, args, data, hint)
    return _scalar(hint, data)


def _sequence(origin: Any, args: tuple, data: Any, hint: Any) -> Any:
    _need(data, list, hint)
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        if len(args) != len(data):
            raise ValueError(f"{hint}: {len(data)} items, not {len(args)}")
        return tuple(decode(a, v) for a, v in zip(args, data))
    items = [decode(args[0], v) for v in data]
    return origin(items)


def _scalar(hint: Any, data: Any) -> Any:
    if hint is float:
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            raise ValueError(f"not a number: {data!r}")
        return data
    if hint in (str, int, bool):
        _need(data, hint, hint)
        if hint is int and isinstance(data, bool):
            raise ValueError(f"not an int: {data!r}")
        return data
    if hint is type(None):
        if data is not None:
            raise ValueError(f"not null: {data!r}")
        return None
    raise ValueError(f"cannot decode {hint}")


def _dataclass(cls: type, data: Any) -> Any:
    _need(data, dict, cls)
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    if set(data) - names:
        raise ValueError(f"{cls.__name__}: unknown fields {sorted(set(data) - names)}")
    values = {name: decode(hints[name], value) for name, value in data.items()}
    try:
        return cls(**values)
    except TypeError as exc:  # a required field is missing
        raise ValueError(f"{cls.__name__}: {exc}") from None


@functools.cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _need(data: Any, kind: type, hint: Any) -> None:
    if not isinstance(data, kind):
        raise ValueError(f"{hint}: expected {kind.__name__}, got {type(data).__name__}")
