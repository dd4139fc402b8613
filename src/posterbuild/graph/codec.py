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
from typing import Any, Callable

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
    return _decoder(hint)(data)


Decoder = Callable[[Any], Any]


@functools.cache
def _decoder(hint: Any) -> Decoder:
    """A function that decodes values of type ``hint`` (made once per type: a cache entry
    holds thousands of values)."""
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return _dataclass(hint)
    if origin in (typing.Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise ValueError(f"cannot decode the union {hint}")
        inner = _decoder(rest[0])
        return lambda data: None if data is None and type(None) in args else inner(data)
    if origin is dict:
        key, value = _decoder(args[0]), _decoder(args[1])
        return lambda data: {key(k): value(v) for k, v in _need(data, dict, hint).items()}
    if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
        parts = [_decoder(a) for a in args]

        def fixed(data: Any) -> tuple:
            if len(_need(data, list, hint)) != len(parts):
                raise ValueError(f"{hint}: {len(data)} items, not {len(parts)}")
            return tuple(part(v) for part, v in zip(parts, data))
        return fixed
    if origin in (tuple, list, frozenset):
        item = _decoder(args[0])
        return lambda data: origin(item(v) for v in _need(data, list, hint))
    return _scalar(hint)


def _scalar(hint: Any) -> Decoder:
    if hint is float:
        def number(data: Any) -> Any:
            if isinstance(data, bool) or not isinstance(data, (int, float)):
                raise ValueError(f"not a number: {data!r}")
            return data
        return number
    if hint in (str, int, bool):
        def exact(data: Any) -> Any:
            if not isinstance(data, hint) or (hint is int and isinstance(data, bool)):
                raise ValueError(f"not a {hint.__name__}: {data!r}")
            return data
        return exact
    if hint is type(None):
        def null(data: Any) -> None:
            if data is not None:
                raise ValueError(f"not null: {data!r}")
        return null
    raise ValueError(f"cannot decode {hint}")


def _dataclass(cls: type) -> Decoder:
    hints = typing.get_type_hints(cls)
    names = {f.name for f in dataclasses.fields(cls) if f.init}
    fields = {name: _decoder(hints[name]) for name in names}

    def make(data: Any) -> Any:
        _need(data, dict, cls)
        unknown = set(data) - names
        if unknown:
            raise ValueError(f"{cls.__name__}: unknown fields {sorted(unknown)}")
        try:
            return cls(**{name: fields[name](value) for name, value in data.items()})
        except TypeError as exc:  # a required field is missing
            raise ValueError(f"{cls.__name__}: {exc}") from None
    return make


def _need(data: Any, kind: type, hint: Any) -> Any:
    if not isinstance(data, kind):
        raise ValueError(f"{hint}: expected {kind.__name__}, got {type(data).__name__}")
    return data
