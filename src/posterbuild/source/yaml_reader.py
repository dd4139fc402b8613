"""Safe YAML reading that keeps the line of every value and refuses what is unsafe or huge."""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

from posterbuild.core.errors import DataError, Problem
from posterbuild.source import parse_cache
from posterbuild.source.yaml_hints import explain_syntax_error

if TYPE_CHECKING:  # only types: PyYAML itself is loaded by _pyyaml
    import yaml

__all__ = ["Document", "TextRefused", "read_yaml", "read_bytes", "parse_yaml", "MAX_FILE_BYTES", "MAX_NODES", "MAX_DEPTH"]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 40

_TIMESTAMP = "tag:yaml.org,2002:timestamp"


@functools.cache
def _pyyaml() -> tuple[ModuleType, type]:
    """PyYAML and the loader posterbuild parses with: the safe loader (no Python objects; libyaml's
    parser when it is there), leaving dates as strings (a date is data). Loaded on the first file
    parsed: a published version's snapshot is JSON, and reading it never imports PyYAML."""
    import yaml  # noqa: PLC0415 (on first use, as said above)

    class Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
        pass

    Loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return yaml, Loader


PathKey = tuple[str | int, ...]

# the tags plain YAML resolves to; any other tag (!!binary, !!timestamp, !!python/..., !custom,
# !!set, !!omap) was written explicitly and is refused
_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq",
                                                  "map", "merge", "value")}
MAX_INT = 2 ** 63


@dataclasses.dataclass(frozen=True)
class Document:
    """One parsed YAML file with the line of every key and item."""

    path: Path
    name: str  # as shown in messages, relative to the poster folder's parent
    data: Any
    lines: dict[PathKey, int]

    def line(self, key: PathKey) -> int:
        """The line of ``key``, or of its nearest ancestor that has one."""
        key = tuple(key)
        while key and key not in self.lines:
            key = key[:-1]
        return self.lines.get(key, 1)

    def problem(self, key: PathKey, message: str) -> Problem:
        return Problem(self.name, self.line(key), field_name(key), message)


def field_name(key: PathKey) -> str:
    """``("connections", 3, "port")`` -> ``connections[3].port``.

    >>> field_name(("connections", 3, "port"))
    'connections[3].port'
    >>> field_name(())
    ''
    """
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class TextRefused(DataError):
    """Values hold text no output can carry; the file was read all the same (``document``)."""

    def __init__(self, problems: list[Problem], document: "Document") -> None:
        super().__init__(problems)
        self.document = document


def read_yaml(path: Path, name: str) -> Document:
    """Parse ``path`` safely; every mistake becomes a :class:`DataError` naming file and line."""
    return parse_yaml(read_bytes(path, name), path, name)


def read_bytes(path: Path, name: str) -> bytes:
    """The bytes of a data file (at most ``MAX_FILE_BYTES``), or a :class:`DataError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError.single(name, 0, "", "file not found") from None
    except OSError as exc:
        raise DataError.single(name, 0, "", f"cannot read: {exc.strerror}") from None
    if len(raw) > MAX_FILE_BYTES:
        raise DataError.single(name, 0, "", f"file is {len(raw)} bytes; the limit is {MAX_FILE_BYTES}")
    return raw


def parse_yaml(raw: bytes, path: Path, name: str) -> Document:
    """Parse the bytes of ``path`` (see :func:`read_yaml`); bytes parsed before (by any run) come
    back from the cache without PyYAML (see :mod:`posterbuild.source.parse_cache`)."""
    hit = parse_cache.parsed(raw)
    if hit is not None:
        return Document(path=path, name=name, data=hit[0], lines=hit[1])
    document = _parse(raw, path, name)
    parse_cache.keep(raw, document.data, document.lines)
    return document


def _parse(raw: bytes, path: Path, name: str) -> Document:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError.single(name, line, "", "not valid UTF-8 text") from None
    yaml, loader_class = _pyyaml()
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        problems: list[Problem] = []
        lines: dict[PathKey, int] = {}
        if node is not None:
            tagged = _tag_positions(text, loader_class) if "!" in text else frozenset()
            _index(node, (), lines, problems, name, [0], tagged)
        # a tag or a bad key stops here; text no output can carry (a value's problem begins
        # "U+") still lets the file be read, so that the files it names are checked too
        if any(not p.message.startswith("U+") for p in problems):
            raise DataError(problems)
        data = loader.construct_document(node) if node is not None else None
        if problems:
            raise TextRefused(problems, Document(path=path, name=name, data=data, lines=lines))
        _absurd_numbers(data, (), lines, problems, name)
        if problems:
            raise DataError(problems)
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise DataError.single(name, 0, "", f"a value cannot be read: {str(exc)[:200]}") from None
    except yaml.MarkedYAMLError as exc:
        line, message = explain_syntax_error(exc)
        raise DataError.single(name, line, "", message) from None
    except yaml.YAMLError as exc:
        raise DataError.single(name, 0, "", f"YAML: {exc}") from None
    finally:
        loader.dispose()
    return Document(path=path, name=name, data=data, lines=lines)


def _tag_positions(text: str, loader_class: type) -> frozenset[tuple[int, int]]:
    """Where each tag written in the text (``!!bool``, ``!x``, ``!``) starts: the node it tags
    starts there too. Every explicit tag is refused, even of a plain type: ``!!bool maybe``
    is no value, and ``!!str 443`` says something the data format does not."""
    yaml = _pyyaml()[0]
    found, previous = set(), None
    for tok in yaml.scan(text, Loader=loader_class):
        if isinstance(tok, yaml.TagToken):  # the node starts at the tag, or at its anchor
            found.add((tok.start_mark.line, tok.start_mark.column))
            if isinstance(previous, yaml.AnchorToken):
                found.add((previous.start_mark.line, previous.start_mark.column))
        previous = tok
    return frozenset(found)


# text no output can carry: C0 controls but tab and line feed, DEL, C1 controls, the
# line/paragraph separators, bidi embeddings, overrides and isolates, surrogates, noncharacters
_UNCARRIABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                          "\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


def _text_problem(value: str) -> str | None:
    """Why ``value`` cannot be text of a poster, or None.

    >>> _text_problem("Chat\x1b[31m")
    'U+001B (a control character) at character 5 is not allowed in text: no output can carry it; remove it'
    >>> _text_problem("\u0645\u0631\u062d\u0628\u0627 Edge\u200f") is None
    True
    """
    found = _UNCARRIABLE.search(value)
    if found is None:
        return None
    code = ord(found.group())
    what = ("a bidirectional override or isolate, which reorders the text around it"
            if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069
            else "a line or paragraph separator" if code in (0x2028, 0x2029)
            else "a lone surrogate" if 0xD800 <= code <= 0xDFFF
            else "a noncharacter" if code >= 0xFDD0 else "a control character")
    return (f"U+{code:04X} ({what}) at character {found.start() + 1} is not allowed in text: "
            "no output can carry it; remove it")


def _index(node: yaml.Node, key: PathKey, lines: dict[PathKey, int],
           problems: list[Problem], name: str, count: list[int],
           tagged: frozenset[tuple[int, int]] = frozenset()) -> None:
    """Record the line of every value, refuse duplicate keys, bound size and depth."""
    count[0] += 1
    if count[0] > MAX_NODES:
        raise DataError.single(name, node.start_mark.line + 1, "",
                               f"more than {MAX_NODES} values (an alias bomb?); refused")
    if len(key) > MAX_DEPTH:
        raise DataError.single(name, node.start_mark.line + 1, "",
                               f"nested deeper than {MAX_DEPTH} levels; refused")
    lines.setdefault(key, node.start_mark.line + 1)
    if node.tag not in _PLAIN_TAGS or (node.start_mark.line, node.start_mark.column) in tagged:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(Problem(name, node.start_mark.line + 1, field_name(key),
                                f"the YAML tag '{tag[:60]}' is not allowed here (plain values only)"))
        return
    yaml = _pyyaml()[0]
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode) or knode.tag not in _PLAIN_TAGS:
                problems.append(Problem(name, knode.start_mark.line + 1, field_name(key),
                                        "a key must be a plain name"))
                continue
            k = knode.value
            why = _text_problem(k)
            if why:
                problems.append(Problem(name, knode.start_mark.line + 1, field_name(key), f"a key: {why}"))
                continue
            if k in seen:
                problems.append(Problem(name, knode.start_mark.line + 1, field_name((*key, k)),
                                        f"duplicate key '{k}'"))
            seen.add(k)
            lines[(*key, k)] = knode.start_mark.line + 1
            _index(vnode, (*key, k), lines, problems, name, count, tagged)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*key, i), lines, problems, name, count, tagged)
    else:
        why = _text_problem(node.value)
        if why:
            problems.append(Problem(name, node.start_mark.line + 1, field_name(key), why))


def _absurd_numbers(value: Any, key: PathKey, lines: dict[PathKey, int], problems: list[Problem],
                    name: str) -> None:
    """Refuse NaN, infinities and integers beyond 64 bits anywhere in a file."""
    if isinstance(value, bool):
        return
    if isinstance(value, float) and not math.isfinite(value):
        problems.append(Problem(name, _line(lines, key), field_name(key),
                                f"{value} is not a finite number"))
    elif isinstance(value, int) and abs(value) >= MAX_INT:
        problems.append(Problem(name, _line(lines, key), field_name(key),
                                "a number this large is not allowed"))
    elif isinstance(value, dict):
        for k, v in value.items():
            _absurd_numbers(v, (*key, str(k)), lines, problems, name)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _absurd_numbers(v, (*key, i), lines, problems, name)


def _line(lines: dict[PathKey, int], key: PathKey) -> int:
    while key and key not in lines:
        key = key[:-1]
    return lines.get(key, 1)
