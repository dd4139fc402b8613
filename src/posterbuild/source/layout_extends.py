"""``extends:`` in a layout: read the chain of parent layouts and deep-merge it into one.

Maps merge key by key (the child wins); lists and values replace (``panels`` is the child's
when it has one). Every merged value remembers the file and line it came from, so a problem
found in the merged layout names the file that holds the mistake."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Any

from posterbuild.core.errors import DataError, Problem
from posterbuild.core.project import layout_names
from posterbuild.source.suggest import did_you_mean
from posterbuild.source.yaml_reader import Document, PathKey, field_name, read_yaml

__all__ = ["MergedDocument", "resolve_extends", "merge", "MAX_DEPTH"]

MAX_DEPTH = 10  # a chain longer than this is surely a mistake


@dataclasses.dataclass(frozen=True)
class MergedDocument(Document):
    """A layout merged from several files: each key knows its own file and line."""

    origins: dict[PathKey, tuple[str, int]] = dataclasses.field(default_factory=dict)

    def line(self, key: PathKey) -> int:
        return self._origin(key)[1]

    def _origin(self, key: PathKey) -> tuple[str, int]:
        key = tuple(key)
        while key and key not in self.origins:
            key = key[:-1]
        return self.origins.get(key, (self.name, 1))

    def problem(self, key: PathKey, message: str):
        name, line = self._origin(key)
        return Problem(name, line, field_name(key), message)


def merge(base: Any, over: Any) -> Any:
    """``over`` laid on ``base``: maps merge recursively, anything else is replaced.

    >>> merge({"a": {"x": 1, "y": 2}, "l": [1, 2]}, {"a": {"y": 3}, "l": [9]})
    {'a': {'x': 1, 'y': 3}, 'l': [9]}
    """
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(base[key], value) if key in base else value
        return out
    return over


def resolve_extends(doc: Document, search: list[Path], names=None) -> Document:
    """``doc`` itself when it extends nothing, else the merge of its chain of parents and it.

    ``search`` lists the folders a parent given by name is looked up in (``NAME.yaml``); a
    parent given as a path (it ends in ``.yaml`` or holds a ``/``) is relative to the child."""
    if not isinstance(doc.data, dict) or "extends" not in doc.data:
        return doc
    chain = [doc]
    seen = [doc.path.resolve()]
    while isinstance(chain[-1].data, dict) and "extends" in chain[-1].data:
        child = chain[-1]
        ref = child.data["extends"]
        if not isinstance(ref, str) or not ref.strip():
            raise DataError([child.problem(("extends",), "expected the name or path of a layout")])
        path = _find_parent(child, ref.strip(), search)
        if path.resolve() in seen:
            loop = " -> ".join(str(d.name) for d in chain) + f" -> {path}"
            raise DataError([child.problem(("extends",), f"'{ref}' makes a cycle: {loop}")])
        if len(chain) > MAX_DEPTH:
            raise DataError([child.problem(("extends",), f"more than {MAX_DEPTH} layouts extend "
                                           "one another; refused")])
        seen.append(path.resolve())
        chain.append(read_yaml(path, str(path)))
        if not isinstance(chain[-1].data, dict):
            raise DataError([chain[-1].problem((), "a layout is a mapping of keys")])
    return _merged(list(reversed(chain)))


def _find_parent(child: Document, ref: str, search: list[Path]) -> Path:
    here = child.path.parent
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        path = Path(ref) if Path(ref).is_absolute() else here / ref
        if path.is_file():
            return path
        raise DataError([child.problem(("extends",), f"layout file '{path}' not found")])
    folders = list(dict.fromkeys([here, *search]))
    for folder in folders:
        if (folder / f"{ref}.yaml").is_file():
            return folder / f"{ref}.yaml"
    names = layout_names([f for f in folders if f in search or f.name == "layouts"])  # not data files
    raise DataError([child.problem(("extends",), f"no layout named '{ref}';{did_you_mean(ref, names)}"
                                   f" layouts that exist: {', '.join(names) or 'none'} (looked in "
                                   f"{', '.join(str(f) for f in folders)})")])


def _merged(chain: list[Document]) -> MergedDocument:
    """Oldest parent first; fonts stay found where the file that named them expects them."""
    data: dict = {}
    origins: dict[PathKey, tuple[str, int]] = {}
    leaf = chain[-1]
    for doc in chain:
        layer = {k: v for k, v in doc.data.items() if k != "extends"}
        if "font_dir" in layer or doc is chain[0]:
            # a font_dir is relative to the file that says it (default ../fonts beside it)
            own = doc.path.parent / str(layer.get("font_dir", "../fonts"))
            layer["font_dir"] = os.path.relpath(own, leaf.path.parent)
        data = merge(data, layer)
        for key, line in doc.lines.items():
            if key and key[0] != "extends":
                origins[key] = (doc.name, line)
        # a replaced list forgets where the parent's items were
        for key in [k for k in origins if k and k[0] in layer and isinstance(layer[k[0]], list)]:
            if origins[key][0] != doc.name:
                del origins[key]
    if "font_dir" in leaf.data:
        data["font_dir"] = leaf.data["font_dir"]
    if "name" not in leaf.data:
        data["name"] = leaf.path.stem
    return MergedDocument(path=leaf.path, name=leaf.name, data=data, lines={}, origins=origins)
