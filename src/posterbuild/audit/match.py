"""The audit: every vendor table row matched with the poster items that cover it (or its
decision in ``audit.yaml``), every poster item with the rows that support it; and where the
poster says otherwise than the table (another port, transport or direction), a contradiction.

A ports row is covered when, for each transport it names and each way round it must go, the
connections between its ends (mapped through ``names.yaml``) on that transport hold all its
ports. A connection drawn ``both_ways`` goes either way round. TLS and MTLS connections run on TCP.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from posterbuild.core.model import Certificate, Connection, DnsRecord, PortRange, Poster
from posterbuild.core.vendor_tables import UNSUPPORTED_KINDS, SourceRow, Sources, SourceTable, item_ref

__all__ = ["Audit", "RowResult", "TableResult", "Contradiction", "Unsupported", "PosterItem", "audit",
           "COVERED", "OMITTED", "MISSING"]

COVERED, OMITTED, MISSING = "covered", "omitted", "missing"
_ON = {"TCP": "TCP", "TLS": "TCP", "MTLS": "TCP", "UDP": "UDP"}  # a connection's transport -> TCP | UDP
_GENERIC = {"tcp", "udp", "tls", "mtls", "and", "or", "over"}

Ends = tuple[frozenset[str] | None, frozenset[str] | None]  # (who opens, who listens); None: any role


@dataclass(frozen=True)
class PosterItem:
    """A connection, certificate or DNS record of the poster, by its reference."""

    ref: str  # <workload id>/<n>, certificates/<n>, dns/<n>
    kind: str  # connection | certificate | dns
    item: Connection | Certificate | DnsRecord


@dataclass(frozen=True)
class RowResult:
    row: SourceRow
    status: str  # covered | omitted | missing
    by: tuple[str, ...] = ()  # the poster items that cover it
    reason: str | None = None  # the omit reason, or the note of a covered_by decision
    decided: bool = False  # by a decision of audit.yaml
    gaps: tuple[str, ...] = ()  # missing: what of the row the poster lacks


@dataclass(frozen=True)
class TableResult:
    table: SourceTable
    rows: tuple[RowResult, ...]

    def count(self, status: str) -> int:
        return sum(r.status == status for r in self.rows)


@dataclass(frozen=True)
class Contradiction:
    row: SourceRow
    item: str  # the poster item
    what: str  # port | transport | direction | target
    table_says: str
    poster_says: str


@dataclass(frozen=True)
class Unsupported:
    item: PosterItem
    allowed: bool  # a `poster` or `other` source kind, with a note


@dataclass(frozen=True)
class Audit:
    tables: tuple[TableResult, ...]
    contradictions: tuple[Contradiction, ...]
    unsupported: tuple[Unsupported, ...]
    supports: dict[str, tuple[str, ...]] = field(default_factory=dict)  # poster item -> row refs

    def total(self, status: str | None = None) -> int:
        return sum(len(t.rows) if status is None else t.count(status) for t in self.tables)

    @property
    def coverage(self) -> float:
        """(covered + omitted) / rows over every table; 1 when there are no rows."""
        rows = self.total()
        return (self.total(COVERED) + self.total(OMITTED)) / rows if rows else 1.0

    @property
    def failed(self) -> bool:
        """What ``--strict`` refuses: a row neither covered nor decided, or a contradiction."""
        return bool(self.total(MISSING) or self.contradictions)


@dataclass(frozen=True)
class _Items:
    """The poster's items by kind, each with its reference."""

    connections: tuple[tuple[str, Connection], ...]
    certificates: tuple[tuple[str, Certificate], ...]
    dns: tuple[tuple[str, DnsRecord], ...]

    @classmethod
    def of(cls, poster: Poster) -> _Items:
        return cls(tuple((item_ref(w.id, i + 1), c) for w in poster.workloads for i, c in enumerate(w.connections)),
                   tuple((item_ref("certificates", i + 1), c) for i, c in enumerate(poster.certificates)),
                   tuple((item_ref("dns", i + 1), r) for i, r in enumerate(poster.dns_records)))

    def all(self) -> list[PosterItem]:
        return [*(PosterItem(ref, "connection", c) for ref, c in self.connections),
                *(PosterItem(ref, "certificate", c) for ref, c in self.certificates),
                *(PosterItem(ref, "dns", r) for ref, r in self.dns)]


def audit(poster: Poster, sources: Sources) -> Audit:
    """The poster checked against its vendor tables."""
    by_kind = _Items.of(poster)
    found: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}  # row ref -> (covering items, gaps)
    for t in sources.tables:
        for row in t.rows:
            if sources.decision(row) is None:  # a decided row is not matched
                found[row.ref] = _match(row, t, sources, poster, by_kind)
    supports: dict[str, list[str]] = {}
    for t in sources.tables:
        for row in t.rows:
            decision = sources.decision(row)
            covering = decision.covered_by if decision and decision.covered_by else \
                () if decision else found[row.ref][0]
            for ref in covering:
                supports.setdefault(ref, []).append(row.ref)
    tables, contradictions = [], []
    for t in sources.tables:
        results = []
        for row in t.rows:
            decision = sources.decision(row)
            if decision and decision.omit:
                results.append(RowResult(row, OMITTED, reason=decision.omit, decided=True))
            elif decision:
                results.append(RowResult(row, COVERED, by=decision.covered_by, reason=decision.note,
                                         decided=True))
            else:
                covered = not found[row.ref][1]
                results.append(RowResult(row, COVERED, by=found[row.ref][0]) if covered else
                               RowResult(row, MISSING, by=found[row.ref][0], gaps=found[row.ref][1]))
                contradictions += _contradictions(row, t, sources, poster, by_kind, supports)
        tables.append(TableResult(t, tuple(results)))
    contradicting = {c.item for c in contradictions}
    kinds = {t.kind for t in sources.tables}
    wanted = {"connection": "ports" in kinds, "certificate": "certificates" in kinds, "dns": "dns" in kinds}
    unsupported = tuple(Unsupported(i, allowed=_allowed(i.item))
                        for i in by_kind.all() if wanted[i.kind] and i.ref not in supports and i.ref not in contradicting)
    return Audit(tuple(tables), tuple(contradictions), unsupported,
                 {k: tuple(dict.fromkeys(v)) for k, v in supports.items()})


def _allowed(item: Connection | Certificate | DnsRecord) -> bool:
    """An item no table supports may stand when its source is the poster's or another kind's,
    and its note says why."""
    return item.source_kind in UNSUPPORTED_KINDS and bool(item.note)


def _match(row: SourceRow, table: SourceTable, sources: Sources, poster: Poster,
           by_kind: _Items) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(the poster items that cover ``row``, what of the row is not on the poster)."""
    if table.kind == "ports":
        return _match_ports(row, table, sources, by_kind.connections)
    if table.kind == "certificates":
        roles = sources.roles((row.component,) if row.component else ())
        hits = tuple(ref for ref, c in by_kind.certificates if _cert_covers(row, c, roles))
        return hits, () if hits else ("no certificate of these roles with this subject and SAN",)
    return _match_dns(row, by_kind.dns)


# --- ports ----------------------------------------------------------------------------------


def _ways(row: SourceRow, table: SourceTable, sources: Sources) -> list[list[Ends]]:
    """The ways round the row must be on the poster: each a list of alternatives."""
    if row.role:
        role = sources.roles(row.role)
        return [[(None, role), (role, None)]] if table.role_side == "either" else [[(None, role)]]
    there: Ends = (sources.roles(row.sources), sources.roles(row.destinations))
    back: Ends = (there[1], there[0])
    return [[there], [back]] if row.direction == "both" else [[there]]


def _transports(row: SourceRow) -> list[set[str]]:
    if row.transport is None:
        return [{"TCP", "UDP"}]  # the table does not say: either
    return [{t} for t in row.transport.split("/")]


def _fits(c: Connection, ends: Ends) -> bool:
    opens, listens = ends
    if (opens is None or c.initiator in opens) and (listens is None or c.listener in listens):
        return True
    return c.both_ways and (opens is None or c.listener in opens) and (listens is None or c.initiator in listens)


def _merged(ranges: Iterable[PortRange]) -> list[PortRange]:
    out: list[PortRange] = []
    for r in sorted(ranges):
        if out and r.low <= out[-1].high + 1:
            out[-1] = PortRange(out[-1].low, max(out[-1].high, r.high))
        else:
            out.append(r)
    return out


def _holds(ranges: Iterable[PortRange], wanted: tuple[PortRange, ...]) -> bool:
    merged = _merged(ranges)
    return all(any(m.low <= w.low and w.high <= m.high for m in merged) for w in wanted)


def _overlaps(ranges: Iterable[PortRange], wanted: tuple[PortRange, ...]) -> bool:
    return any(r.low <= w.high and w.low <= r.high for r in ranges for w in wanted)


def _match_ports(row: SourceRow, table: SourceTable, sources: Sources,
                 items: tuple[tuple[str, Connection], ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    hits: dict[str, None] = {}
    gaps = []
    for way_index, way in enumerate(_ways(row, table, sources)):
        for transports in _transports(row):
            unit_ok = False
            for ends in way:
                near = [(ref, c) for ref, c in items if _ON[c.transport] in transports and _fits(c, ends)
                        and _overlaps(c.ports, row.ports)]
                hits.update((ref, None) for ref, _ in near)
                unit_ok = unit_ok or _holds((p for _, c in near for p in c.ports), row.ports)
            if not unit_ok:
                gaps.append(_gap(row, transports, back=way_index == 1))
    return tuple(hits), tuple(gaps)


def _gap(row: SourceRow, transports: set[str], *, back: bool) -> str:
    ports = ", ".join(str(p) for p in row.ports)
    on = "/".join(sorted(transports)) if len(transports) == 1 else "any transport"
    if row.role:
        return f"{on} {ports} at {' / '.join(row.role)}"
    a, b = " / ".join(row.sources), " / ".join(row.destinations)
    return f"{on} {ports} from {b} to {a}" if back else f"{on} {ports} from {a} to {b}"


def _same_protocol(row: SourceRow, poster: Poster, c: Connection) -> bool:
    """The row's protocol cell names the connection's protocol (SIP in "SIP/MTLS", "SIP(TLS)")."""
    said = set(re.findall(r"[a-z0-9]+", (row.protocol or "").lower())) - _GENERIC
    name = re.findall(r"[a-z0-9]+", poster.protocols[c.protocol].name.lower())
    return bool(said) and bool(name) and (name[0] in said or c.protocol in said)


def _contradictions(row: SourceRow, table: SourceTable, sources: Sources, poster: Poster,
                    by_kind: _Items, supports: dict[str, list[str]]) -> list[Contradiction]:
    """What the poster draws between the row's ends otherwise than the table, and no row
    supports: the same ports on another transport, the same ports the other way round, or the
    same protocol on other ports (whether or not other connections cover the row)."""
    if table.kind == "dns":
        return _dns_contradictions(row, by_kind.dns, supports)
    if table.kind != "ports" or any(p.low == 1 and p.high == 65535 for p in row.ports):
        return []  # a row for every port ("Any") says nothing a connection could contradict
    free = [(ref, c) for ref, c in by_kind.connections if ref not in supports and c.ports]
    out: list[Contradiction] = []
    ways = _ways(row, table, sources)
    wanted = set().union(*_transports(row))
    specific = all(side is not None for side in ways[0][0]) if not row.role else ways[0][0][1] is not None
    said = f"{row.transport or 'any transport'} {', '.join(str(p) for p in row.ports)}"
    for ref, c in free:
        label = f"{c.initiator} -> {c.listener} {poster.label(c)}" + (" (both ways)" if c.both_ways else "")
        fits = any(_fits(c, ends) for way in ways for ends in way)
        same_ports = _overlaps(c.ports, row.ports)
        if fits and same_ports and _ON[c.transport] not in wanted:
            out.append(Contradiction(row, ref, "transport", said, label))
        elif fits and not same_ports and _ON[c.transport] in wanted and specific and _same_protocol(row, poster, c) \
                and not _allowed(c):  # (another service of the protocol, its own source noted)
            out.append(Contradiction(row, ref, "port", said, label))
        elif not fits and not row.role and row.direction != "both" and same_ports \
                and _ON[c.transport] in wanted and _fits(c, (ways[0][0][1], ways[0][0][0])):
            out.append(Contradiction(row, ref, "direction",
                                     f"{' / '.join(row.sources)} -> {' / '.join(row.destinations)} {said}", label))
    return out


# --- certificates and DNS ------------------------------------------------------------------


def _host(text: str) -> str:
    return text.strip().rstrip(".").lower()


_PLACEHOLDER = re.compile(r"<[^<>]+>")


def _same_host(table: str, poster: str) -> bool:
    """A table's host name (a placeholder such as ``<sipdomain>`` stands for any name) is the
    poster's.

    >>> _same_host("discover.<domain>", "Discover.example.org."), _same_host("a.<x>", "b.c")
    (True, False)
    """
    table, poster = _host(table), _host(poster)
    if "<" not in table:
        return table == poster
    parts = _PLACEHOLDER.split(table)
    return re.fullmatch("[^\\s]+".join(re.escape(p) for p in parts), poster) is not None


def _cert_covers(row: SourceRow, cert: Certificate, roles: frozenset[str] | None) -> bool:
    if roles is not None and cert.role not in roles:
        return False
    if row.subject and not _same_host(row.subject, cert.subject):
        return False
    return all(any(_same_host(s, n) for n in (cert.subject, *cert.san)) for s in row.san)


_IP = re.compile(r"^[0-9.:]+$")


def _names_of(row: SourceRow) -> list[str]:
    return [_host(n) for n in (row.name or "").split(",") if n.strip()]


def _dns_covers(row: SourceRow, r: DnsRecord, name: str, *, strict: bool = True) -> bool:
    if r.type != row.type or not _same_host(name, r.name) or (row.view and r.view != row.view):
        return False
    if not strict:
        return True
    if row.port is not None and r.port != row.port:
        return False
    target = _host(row.target or "")
    return not (row.type in ("CNAME", "SRV") and target and not _IP.match(target)
                and not _same_host(target, _host(r.target).split()[0] if r.target.strip() else ""))


def _match_dns(row: SourceRow, items: tuple[tuple[str, DnsRecord], ...]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    hits: dict[str, None] = {}
    gaps = []
    for name in _names_of(row):
        near = [ref for ref, r in items if _dns_covers(row, r, name)]
        hits.update((ref, None) for ref in near)
        if not near:
            gaps.append(f"{row.type} {name}" + (f" ({row.view})" if row.view else ""))
    return tuple(hits), tuple(gaps)


def _dns_contradictions(row: SourceRow, items: tuple[tuple[str, DnsRecord], ...],
                        supports: dict[str, list[str]]) -> list[Contradiction]:
    """The same record (type, name, view) with another port or target, that no row supports."""
    out = []
    for name in _names_of(row):
        for ref, r in items:
            if ref in supports or not _dns_covers(row, r, name, strict=False):
                continue
            what = "port" if row.port is not None and r.port != row.port else "target"
            out.append(Contradiction(row, ref, what, f"{row.type} {row.name} -> {row.target}"
                                     + (f":{row.port}" if row.port else ""),
                                     f"{r.type} {r.name} -> {r.target}" + (f":{r.port}" if r.port else "")))
    return out
