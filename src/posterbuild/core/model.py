"""The typed poster model: what the data says, independent of files and of drawing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Origin", "Zone", "Firewall", "Group", "Role", "Family", "Protocol", "PortRange",
    "ConnectionKey", "Connection", "Callout", "Workload", "Certificate", "DnsRecord", "Link", "Version",
    "PosterMeta", "Poster", "SourceKind", "ROLE_KINDS", "TRANSPORTS", "CA_KINDS", "EKUS", "DNS_VIEWS",
    "DNS_TYPES", "PLACEMENTS", "parse_ports",
]

ROLE_KINDS = ("server", "client", "cloud", "pstn", "storage")
TRANSPORTS = ("TCP", "UDP", "TLS", "MTLS")
CA_KINDS = ("public", "private")
EKUS = ("server", "client")
DNS_VIEWS = ("internal", "external")
DNS_TYPES = ("A", "AAAA", "CNAME", "SRV")
PLACEMENTS = ("diagram", "table")  # a workload drawn as a diagram, or listed only in tables


@dataclass(frozen=True)
class Origin:
    """Where a thing was written: file (relative to the poster folder) and line."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Zone:
    id: str
    name: str


@dataclass(frozen=True)
class Firewall:
    left: str
    right: str
    name: str


@dataclass(frozen=True)
class Group:
    id: str
    name: str


@dataclass(frozen=True)
class Role:
    id: str
    name: str
    zone: str
    kind: str
    group: str | None = None
    note: str | None = None
    origin: Origin | None = None
    column: int | None = None  # its column within the zone on every diagram (site plan)
    order: float | None = None  # its place in the column, top to bottom


@dataclass(frozen=True)
class Family:
    id: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class Protocol:
    id: str
    name: str
    family: str
    implied_transport: str | None = None


@dataclass(frozen=True, order=True)
class PortRange:
    low: int
    high: int

    def __str__(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


def parse_ports(value: Any) -> tuple[PortRange, ...]:
    """The one reading of a port field: a number, ``"LOW-HIGH"``, ``"Any"`` (every port: a
    vendor table's cell), or a list of them (the schemas have checked the form).

    >>> parse_ports([5061, "50000 - 59999"])
    (PortRange(low=5061, high=5061), PortRange(low=50000, high=59999))
    >>> parse_ports("Any")
    (PortRange(low=1, high=65535),)
    """
    out = []
    for item in value if isinstance(value, list) else [value]:
        if isinstance(item, int):
            out.append(PortRange(item, item))
        elif item == "Any":
            out.append(PortRange(1, 65535))
        else:
            low, high = (int(x) for x in item.split("-"))
            out.append(PortRange(low, high))
    return tuple(out)


@dataclass(frozen=True, order=True)
class ConnectionKey:
    """A connection's identity, the one definition used by validation (duplicates), diffs,
    review highlighting and snapshots: the workload, who opens it, who listens, protocol,
    transport and the ports (in ascending order). Two connections that differ only in their
    ports are two firewall rules, so the ports belong to the identity; the note, the source and
    ``both_ways`` are what can change about a connection."""

    workload: str
    initiator: str
    listener: str
    protocol: str
    transport: str
    ports: tuple[PortRange, ...]

    @property
    def route(self) -> tuple[str, str, str, str, str]:
        """The identity without the ports: a connection whose ports were edited keeps it."""
        return (self.workload, self.initiator, self.listener, self.protocol, self.transport)


@dataclass(frozen=True)
class Connection:
    """One connection: ``initiator`` opens it, ``listener`` accepts it on ``ports`` (empty when
    the port is set per device, e.g. a vendor's gateway: the note then says which)."""

    initiator: str
    listener: str
    protocol: str
    transport: str
    ports: tuple[PortRange, ...]
    source: str
    origin: Origin
    both_ways: bool = False
    note: str | None = None
    source_kind: str | None = None  # what the source documents (an id of Poster.source_kinds)
    also_source: str | None = None  # a second source, e.g. where two documents disagree
    step: tuple[str, int] | None = None  # (callout id, step number) this connection illustrates

    @property
    def port_text(self) -> str:
        return ", ".join(str(p) for p in self.ports)

    def key(self, workload: str) -> ConnectionKey:
        """This connection's identity in ``workload`` (see :class:`ConnectionKey`)."""
        return ConnectionKey(workload, self.initiator, self.listener, self.protocol,
                             self.transport, tuple(sorted(set(self.ports))))

    def label(self, protocol: Protocol) -> str:
        """The label printed on the poster, e.g. ``SIP/MTLS 5061`` or ``HTTPS 443``."""
        name = protocol.name
        if self.transport != protocol.implied_transport:
            name = f"{name}/{self.transport}"
        return f"{name} {self.port_text}" if self.ports else name


@dataclass(frozen=True)
class Callout:
    id: str
    title: str
    steps: tuple[str, ...]
    source: str
    origin: Origin


@dataclass(frozen=True)
class Workload:
    id: str
    title: str
    connections: tuple[Connection, ...]
    origin: Origin
    summary: str | None = None
    callouts: tuple[Callout, ...] = ()
    placement: str = "diagram"  # "table": not drawn as a quadrant, only listed

    def role_ids(self) -> list[str]:
        """Roles this workload draws, in first-mention order."""
        seen: dict[str, None] = {}
        for c in self.connections:
            seen.setdefault(c.initiator)
            seen.setdefault(c.listener)
        return list(seen)


@dataclass(frozen=True)
class Certificate:
    role: str
    usage: str
    subject: str
    san: tuple[str, ...]
    ca: str
    eku: tuple[str, ...]
    source: str
    origin: Origin
    note: str | None = None
    source_kind: str | None = None
    also_source: str | None = None


@dataclass(frozen=True)
class DnsRecord:
    scenario: str
    view: str
    type: str
    name: str
    target: str
    source: str
    origin: Origin
    port: int | None = None
    note: str | None = None
    source_kind: str | None = None
    also_source: str | None = None


@dataclass(frozen=True)
class SourceKind:
    """A kind of source, e.g. the product release a documentation page describes."""

    id: str
    name: str
    match: tuple[str, ...] = ()  # source prefixes that have this kind


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    note: str | None = None


@dataclass(frozen=True)
class Version:
    version: str
    note: str
    date: str | None = None
    credits: tuple[str, ...] = ()
    summary: str | None = None  # one line for the list of earlier versions
    changes: tuple[tuple[str, str], ...] = ()  # (kind: added | corrected | removed, text), in order


@dataclass(frozen=True)
class PosterMeta:
    title: str
    product: str
    version: str
    published: str
    author: str
    layout: str
    copyright: str
    home: str
    revised: str | None = None
    subtitle: str | None = None  # the line under the title; None: built from the fields above
    feedback: str | None = None  # where readers report corrections (mailto or http(s))
    draft: bool = False  # a watch build of changed data whose version is published (never from YAML)


@dataclass(frozen=True)
class Poster:
    """Everything one poster folder says, validated and cross-referenced."""

    meta: PosterMeta
    zones: tuple[Zone, ...]
    firewalls: tuple[Firewall, ...]
    groups: dict[str, Group]
    roles: dict[str, Role]
    families: dict[str, Family]
    protocols: dict[str, Protocol]
    workloads: tuple[Workload, ...]
    certificates: tuple[Certificate, ...] = ()
    dns_records: tuple[DnsRecord, ...] = ()
    links: tuple[Link, ...] = ()
    history: tuple[Version, ...] = ()
    slug: str = field(default="poster")
    source_kinds: tuple[SourceKind, ...] = ()

    def zone_index(self, zone_id: str) -> int:
        return [z.id for z in self.zones].index(zone_id)

    def workload(self, workload_id: str) -> Workload:
        for w in self.workloads:
            if w.id == workload_id:
                return w
        raise KeyError(workload_id)

    def label(self, connection: Connection) -> str:
        return connection.label(self.protocols[connection.protocol])

    def replace(self, **changes: Any) -> "Poster":
        return dataclasses.replace(self, **changes)
