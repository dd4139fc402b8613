"""Semantic diff of two posters: what was added, removed and changed, field by field."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from posterbuild.core.escape import markdown_cell
from posterbuild.core.model import Connection, ConnectionKey, Poster

__all__ = ["Change", "FieldChange", "diff_posters", "sorted_changes", "render_text", "render_markdown"]


class FieldChange(NamedTuple):
    """One field of a changed thing, as a reader sees it."""

    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Change:
    kind: str  # connection, role, certificate, dns, resource, source kind, workload, version
    action: str  # added, removed, changed
    key: str  # what it is, for a reader
    fields: tuple[FieldChange, ...] = ()  # each field of a change
    workload: str | None = None  # for connections: the workload id
    ref: object = ()  # the identity, for highlighting (a connection's ConnectionKey)


def _text(value: object) -> str:
    """A field's value for a reader; nothing (no ports, no note) prints as a dash.

    >>> _text(()), _text((5061, 5062)), _text(None), _text(True)
    ('—', '5061, 5062', '—', 'yes')
    """
    if isinstance(value, tuple):
        return ", ".join(_text(v) for v in value) if value else "—"
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _compare(kind: str, old: Mapping[Any, Any], new: Mapping[Any, Any], *,
             describe: Callable[[Any, Any], str], watched: tuple[str, ...],
             workload_of: Callable[[Any], str] | None = None) -> list[Change]:
    out = []
    for key in new:
        if key not in old:
            out.append(Change(kind, "added", describe(new[key], key), workload=_w(workload_of, key), ref=key))
    for key in old:
        if key not in new:
            out.append(Change(kind, "removed", describe(old[key], key), workload=_w(workload_of, key), ref=key))
    for key in new:
        if key in old:
            changed = tuple(FieldChange(f, _text(getattr(old[key], f)), _text(getattr(new[key], f)))
                            for f in watched if getattr(old[key], f) != getattr(new[key], f))
            if changed:
                out.append(Change(kind, "changed", describe(new[key], key), changed,
                                  workload=_w(workload_of, key), ref=key))
    return out


def _w(workload_of: Callable[[Hashable], str] | None, key: Hashable) -> str | None:
    return workload_of(key) if workload_of else None


def diff_posters(old: Poster, new: Poster) -> list[Change]:
    """Every difference that a reader of the poster would care about, in a stable order."""
    out: list[Change] = []
    if old.meta.version != new.meta.version:
        out.append(Change("version", "changed", "poster version", (FieldChange("version", old.meta.version, new.meta.version),)))
    ow = {w.id: w for w in old.workloads}
    nw = {w.id: w for w in new.workloads}
    out += _compare("workload", ow, nw, describe=lambda w, k: f"{w.title}", watched=("title", "summary", "placement"))
    # source kinds arrived with the data model of 5.17: compared once both sides have them
    kinds = ("source_kind",) if old.source_kinds and new.source_kinds else ()
    out += _connection_changes(old, new, (*_CONNECTION_FIELDS, *kinds))
    out += _compare("role", old.roles, new.roles, describe=lambda r, k: f"{r.name} ({r.id})",
                    watched=("name", "zone", "kind", "group", "note"))
    out += _compare("certificate", {(c.role, c.usage): c for c in old.certificates},
                    {(c.role, c.usage): c for c in new.certificates},
                    describe=lambda c, k: f"{c.role}: {c.usage}",
                    watched=("subject", "san", "ca", "eku", "note", "source", "also_source", *kinds))
    out += _compare("dns", {(r.view, r.type, r.name): r for r in old.dns_records},
                    {(r.view, r.type, r.name): r for r in new.dns_records},
                    describe=lambda r, k: f"{r.type} {r.name} ({r.view})",
                    watched=("scenario", "target", "port", "note", "source", "also_source", *kinds))
    out += _compare("resource", {x.url: x for x in old.links}, {x.url: x for x in new.links},
                    describe=lambda x, k: f"{x.title} <{x.url}>", watched=("title", "note"))
    out += _compare("source kind", {k.id: k for k in old.source_kinds}, {k.id: k for k in new.source_kinds},
                    describe=lambda x, k: f"{x.id}: {x.name}", watched=("name", "match"))
    return out


_CONNECTION_FIELDS = ("both_ways", "note", "source", "also_source")


def _connection_changes(old: Poster, new: Poster, watched: tuple[str, ...]) -> list[Change]:
    """Connections are matched by :class:`ConnectionKey` (ports included). A connection removed
    and one added on the same route (workload, roles, protocol, transport), one of each, is
    one connection whose ports were edited."""
    old_c = {c.key(w.id): c for w in old.workloads for c in w.connections}
    new_c = {c.key(w.id): c for w in new.workloads for c in w.connections}

    def describe(c: Connection, key: ConnectionKey) -> str:
        poster = new if key in new_c else old
        title = next((x.title for x in poster.workloads if x.id == key.workload), key.workload)
        return (f"{title}: {poster.roles[c.initiator].name} → {poster.roles[c.listener].name} "
                f"{poster.label(c)}")

    changes = _compare("connection", old_c, new_c, describe=describe, watched=watched,
                       workload_of=lambda k: k.workload)
    by_route: dict[tuple, list[Change]] = {}
    for ch in changes:
        if ch.action in ("added", "removed"):
            by_route.setdefault(ch.ref.route, []).append(ch)  # type: ignore[attr-defined]
    for pair in by_route.values():
        if sorted(ch.action for ch in pair) != ["added", "removed"]:
            continue
        gone, came = sorted(pair, key=lambda ch: ch.action != "removed")
        before, after = old_c[gone.ref], new_c[came.ref]  # type: ignore[index]
        fields = (FieldChange("ports", before.port_text, after.port_text),) + tuple(
            FieldChange(f, _text(getattr(before, f)), _text(getattr(after, f)))
            for f in watched if getattr(before, f) != getattr(after, f))
        at = changes.index(came)
        changes[at] = Change("connection", "changed", came.key, fields, came.workload, came.ref)
        changes.remove(gone)
    return changes


_ORDER = ("version", "workload", "connection", "role", "certificate", "dns", "resource", "source kind")
_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def sorted_changes(changes: list[Change]) -> list[Change]:
    """Changes in reading order: by kind, then added, removed, changed."""
    return sorted(changes, key=lambda c: (_ORDER.index(c.kind), ("added", "removed", "changed").index(c.action)))


def render_text(changes: list[Change], old_label: str, new_label: str) -> str:
    if not changes:
        return f"no differences between {old_label} and {new_label}\n"
    lines = [f"{len(changes)} difference(s) from {old_label} to {new_label}:"]
    for c in sorted_changes(changes):
        lines.append(f"  {_SIGN[c.action]} {c.kind} {c.action}: {c.key}")
        for name, before, after in c.fields:
            lines.append(f"      {name}: {before} -> {after}")
    return "\n".join(lines) + "\n"


def render_markdown(changes: list[Change], old_label: str, new_label: str) -> str:
    md = markdown_cell  # every text from the data or the command line, shown as it is
    lines = [f"## Changes from {md(old_label)} to {md(new_label)}", ""]
    if not changes:
        return "\n".join(lines + ["No differences.", ""])
    current = None
    for c in sorted_changes(changes):
        if c.kind != current:
            current = c.kind
            heading = f"### {c.kind.capitalize()}s" if c.kind != "dns" else "### DNS records"
            lines += ([] if lines[-1] == "" else [""]) + [heading, ""]
        detail = "; ".join(f"{md(n)}: {md(b)} → {md(a)}" for n, b, a in c.fields)
        lines.append(f"- **{c.action}**: {md(c.key)}" + (f" ({detail})" if detail else ""))
    return "\n".join(lines) + "\n"

