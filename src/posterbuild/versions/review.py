"""A review copy: what changed since a published version, for the page to highlight."""

from __future__ import annotations

from dataclasses import dataclass, field

from posterbuild.core.model import Poster
from posterbuild.versions.diff import Change, diff_posters

__all__ = ["Review", "review_of"]


@dataclass(frozen=True)
class Review:
    since: str
    connections: dict[str, frozenset[int]] = field(default_factory=dict)  # workload -> indexes
    roles: frozenset[str] = frozenset()  # roles added since
    changes: tuple[Change, ...] = ()  # every change, removed ones included, for the panel

    def highlighted(self, workload: str, index: int) -> bool:
        return index in self.connections.get(workload, frozenset())


def review_of(old: Poster, new: Poster, since: str) -> Review:
    """What to highlight in ``new``: connections added or changed since ``old``, and new roles."""
    changes = diff_posters(old, new)
    marked = {c.ref for c in changes if c.kind == "connection" and c.action in ("added", "changed")}
    connections: dict[str, frozenset[int]] = {}
    for w in new.workloads:
        hits = frozenset(i for i, c in enumerate(w.connections) if c.key(w.id) in marked)
        if hits:
            connections[w.id] = hits
    roles = frozenset(str(c.ref) for c in changes if c.kind == "role" and c.action == "added")
    return Review(since=since, connections=connections, roles=roles, changes=tuple(changes))
