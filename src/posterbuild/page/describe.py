"""Connections and roles in words: the SVG titles and the viewer's list say the same thing.

Someone who cannot see the lines reads every connection here: who opens it, who listens,
protocol, transport, port, the note and where the fact comes from."""

from __future__ import annotations

from posterbuild.core.model import Connection, Poster

__all__ = ["rule_text", "rule_facts", "role_text", "edge_text"]


def rule_facts(poster: Poster, workload: str, c: Connection) -> dict[str, object]:
    """One connection as plain values (the viewer's rule list is built from these)."""
    return {"workload": poster.workload(workload).title, "workload_id": workload,
            "from": c.initiator, "from_name": poster.roles[c.initiator].name,
            "to": c.listener, "to_name": poster.roles[c.listener].name,
            "protocol": poster.protocols[c.protocol].name, "transport": c.transport,
            "port": c.port_text, "both_ways": c.both_ways, "note": c.note or "",
            "source": c.source, "label": c.label(poster.protocols[c.protocol])}


def rule_text(poster: Poster, c: Connection) -> str:
    """One sentence, e.g. ``Front End pool → Edge internal interface: SIP over TCP, port 5061,
    opened by Front End pool``.

    The arrow runs from the side that opens the connection to the side that listens."""
    a, b = poster.roles[c.initiator].name, poster.roles[c.listener].name
    protocol = poster.protocols[c.protocol].name
    port = f"port {c.port_text}" if c.ports else "port set per device"
    opens = "either side opens it" if c.both_ways else f"opened by {a}"
    text = f"{a} {'⇄' if c.both_ways else '→'} {b}: {protocol} over {c.transport}, {port}, {opens}"
    return text + (f"; {c.note}" if c.note else "") + f" (source: {c.source})"


def role_text(poster: Poster, role: str, rules: int) -> str:
    r = poster.roles[role]
    zone = {z.id: z.name for z in poster.zones}[r.zone]
    return f"{r.name} ({r.kind}, {zone}): {rules} connection{'s' if rules != 1 else ''} on this diagram"


def edge_text(poster: Poster, workload: str, connections: tuple[int, ...]) -> str:
    """A drawn line's title: every connection it bundles, one per line."""
    w = poster.workload(workload)
    return "\n".join(rule_text(poster, w.connections[i]) for i in connections)
