"""Semantic diff of two posters: what was added, removed and changed, field by field."""

from __future__ import annotations

from dataclasses import dataclass

from posterbuild.model import Poster

__all__ = ["Change", "diff_posters", "render_text", "render_markdown", "connection_key"]


@dataclass(frozen=True)
class Change:
    kind: str  # connection, role, certificate, dns, resource, source kind, workload, version
    action: str  # added, removed, changed
    key: str  # what it is, for a reader
    fields: tuple[tuple[str, str, str], ...] = ()  # (field, old, new) of a change
    workload: str | None = None  # for connections: the workload id
    ref: tuple = ()  # the identity, for highlighting (e.g. the connection key)


def connection_key(workload: str, c) -> tuple[str, str, str, str, str]:
    """A connection's identity: workload, the two roles, protocol and transport; ports, the
    note, the source and who opens it are what can change."""
    return (workload, c.initiator, c.listener, c.protocol, c.transport)


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


def _compare(kind: str, old: dict, new: dict, describe, watched: tuple[str, ...],
             workload_of=None) -> list[Change]:
    out = []
    for key in new:
        if key not in old:
            out.append(Change(kind, "added", describe(new[key], key), workload=_w(workload_of, key), ref=key))
    for key in old:
        if key not in new:
            out.append(Change(kind, "removed", describe(old[key], key), workload=_w(workload_of, key), ref=key))
    for key in new:
        if key in old:
            changed = tuple((f, _text(getattr(old[key], f)), _text(getattr(new[key], f)))
                            for f in watched if getattr(old[key], f) != getattr(new[key], f))
            if changed:
                out.append(Change(kind, "changed", describe(new[key], key), changed,
                                  workload=_w(workload_of, key), ref=key))
    return out


def _w(workload_of, key):
    return workload_of(key) if workload_of else None


def diff_posters(old: Poster, new: Poster) -> list[Change]:
    """Every difference that a reader of the poster would care about, in a stable order."""
    out: list[Change] = []
    if old.meta.version != new.meta.version:
        out.append(Change("version", "changed", "poster version", (("version", old.meta.version, new.meta.version),)))
    ow = {w.id: w for w in old.workloads}
    nw = {w.id: w for w in new.workloads}
    out += _compare("workload", ow, nw, lambda w, k: f"{w.title}", ("title", "summary", "placement"))
    # source kinds arrived with the data model of 5.17: compared once both sides have them
    kinds = ("source_kind",) if old.source_kinds and new.source_kinds else ()

    def conns(p: Poster) -> dict:
        return {connection_key(w.id, c): c for w in p.workloads for c in w.connections}
    old_c, new_c = conns(old), conns(new)

    def describe_conn(c, key) -> str:
        poster = new if key in new_c else old
        title = next((x.title for x in poster.workloads if x.id == key[0]), key[0])
        return (f"{title}: {poster.roles[c.initiator].name} → {poster.roles[c.listener].name} "
                f"{poster.label(c)}")
    out += _compare("connection", old_c, new_c, describe_conn,
                    ("ports", "both_ways", "note", "source", "also_source", *kinds), workload_of=lambda k: k[0])
    out += _compare("role", old.roles, new.roles, lambda r, k: f"{r.name} ({r.id})",
                    ("name", "zone", "kind", "group", "note"))
    out += _compare("certificate", {(c.role, c.usage): c for c in old.certificates},
                    {(c.role, c.usage): c for c in new.certificates},
                    lambda c, k: f"{c.role}: {c.usage}",
                    ("subject", "san", "ca", "eku", "note", "source", "also_source", *kinds))
    out += _compare("dns", {(r.view, r.type, r.name): r for r in old.dns_records},
                    {(r.view, r.type, r.name): r for r in new.dns_records},
                    lambda r, k: f"{r.type} {r.name} ({r.view})",
                    ("scenario", "target", "port", "note", "source", "also_source", *kinds))
    out += _compare("resource", {x.url: x for x in old.links}, {x.url: x for x in new.links},
                    lambda x, k: f"{x.title} <{x.url}>", ("title", "note"))
    out += _compare("source kind", {k.id: k for k in old.source_kinds}, {k.id: k for k in new.source_kinds},
                    lambda x, k: f"{x.id}: {x.name}", ("name", "match"))
    return out


_ORDER = ("version", "workload", "connection", "role", "certificate", "dns", "resource", "source kind")
_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def _sorted(changes: list[Change]) -> list[Change]:
    return sorted(changes, key=lambda c: (_ORDER.index(c.kind), ("added", "removed", "changed").index(c.action)))


def render_text(changes: list[Change], old_label: str, new_label: str) -> str:
    if not changes:
        return f"no differences between {old_label} and {new_label}\n"
    lines = [f"{len(changes)} difference(s) from {old_label} to {new_label}:"]
    for c in _sorted(changes):
        lines.append(f"  {_SIGN[c.action]} {c.kind} {c.action}: {c.key}")
        for name, before, after in c.fields:
            lines.append(f"      {name}: {before} -> {after}")
    return "\n".join(lines) + "\n"


def render_markdown(changes: list[Change], old_label: str, new_label: str) -> str:
    lines = [f"## Changes from {old_label} to {new_label}", ""]
    if not changes:
        return "\n".join(lines + ["No differences.", ""])
    current = None
    for c in _sorted(changes):
        if c.kind != current:
            current = c.kind
            heading = f"### {c.kind.capitalize()}s" if c.kind != "dns" else "### DNS records"
            lines += ([] if lines[-1] == "" else [""]) + [heading, ""]
        detail = "; ".join(f"{n}: {b} → {a}" for n, b, a in c.fields)
        lines.append(f"- **{c.action}**: {c.key}" + (f" ({detail})" if detail else ""))
    return "\n".join(lines) + "\n"

