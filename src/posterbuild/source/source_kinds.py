"""Source kinds: what a cited source documents, given explicitly or found from its address."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from posterbuild.core.errors import Problem
from posterbuild.source.yaml_reader import Document

__all__ = ["resolve", "kind_problems", "SOURCED_LISTS"]

# (file, list key) of the items that carry source / source_kind / also_source, besides workloads
SOURCED_LISTS = (("certificates.yaml", "certificates"), ("dns.yaml", "records"))


def resolve(kinds: list[dict[str, Any]], source: str, explicit: str | None = None) -> str | None:
    """The kind of ``source``: ``explicit`` if given, else the first kind one of whose ``match``
    prefixes starts the source; None when the poster defines no kinds or none matches.

    >>> kinds = [{"id": "a", "name": "A", "match": ["https://a.example/"]}, {"id": "b", "name": "B"}]
    >>> resolve(kinds, "https://a.example/page"), resolve(kinds, "https://x.example/", "b")
    ('a', 'b')
    >>> resolve(kinds, "https://x.example/") is None
    True
    """
    if explicit is not None:
        return explicit
    for kind in kinds:
        if any(source.startswith(prefix) for prefix in kind.get("match", ())):
            return kind["id"]
    return None


def _items(docs: dict[str, Document], workload_files: list[str]) -> Iterator[tuple[Document, tuple, dict]]:
    for rel in workload_files:
        for i, c in enumerate(docs[rel].data["connections"]):
            yield docs[rel], ("connections", i), c
    for rel, key in SOURCED_LISTS:
        if rel in docs:
            for i, item in enumerate(docs[rel].data[key]):
                yield docs[rel], (key, i), item


def kind_problems(docs: dict[str, Document], workload_files: list[str]) -> list[Problem]:
    """An explicit kind the poster does not define; with kinds defined, a ``source`` that none
    matches and that names no kind (``also_source`` needs no kind: it is a second reference)."""
    kinds = docs["poster.yaml"].data.get("source_kinds", [])
    known = [k["id"] for k in kinds]
    out: list[Problem] = []
    seen: dict[str, int] = {}
    for i, k in enumerate(kinds):
        if k["id"] in seen:
            out.append(docs["poster.yaml"].problem(("source_kinds", i, "id"),
                                                   f"duplicate source kind id '{k['id']}'"))
        seen.setdefault(k["id"], i)
    for doc, key, item in _items(docs, workload_files):
        explicit = item.get("source_kind")
        if explicit is not None and explicit not in known:
            choices = ", ".join(known) if known else "none: poster.yaml has no source_kinds"
            out.append(doc.problem((*key, "source_kind"), f"unknown source kind '{explicit}' (known: {choices})"))
        elif kinds and resolve(kinds, item["source"], explicit) is None:
            out.append(doc.problem((*key, "source"), f"no source kind matches '{item['source']}': add "
                                   "'source_kind:' here or a 'match' prefix to source_kinds in poster.yaml"))
    return out
