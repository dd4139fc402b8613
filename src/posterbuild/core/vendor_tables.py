"""The vendor's own tables a poster is audited against (``sources/``), the tables' names for the
poster's roles (``sources/names.yaml``) and the decisions where the match is not mechanical
(``audit.yaml``): what the files say, independent of files and of matching."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from posterbuild.core.model import Origin, PortRange

__all__ = ["TABLE_KINDS", "ROW_TRANSPORTS", "DIRECTIONS", "ROLE_SIDES", "UNSUPPORTED_KINDS", "SourceRow",
           "SourceTable", "Decision", "Sources", "item_ref"]

TABLE_KINDS = ("ports", "certificates", "dns")
ROW_TRANSPORTS = ("TCP", "UDP", "TCP/UDP")
DIRECTIONS = ("inbound", "outbound", "both")
ROLE_SIDES = ("listener", "either")  # what a ports row's `role:` is: the listener, or either end
UNSUPPORTED_KINDS = ("poster", "other")  # source kinds that may show what no vendor table has


def item_ref(group: str, number: int) -> str:
    """How a poster item is named in ``audit.yaml`` and reports: ``<workload id>/<n>``,
    ``certificates/<n>`` or ``dns/<n>``, n counted from 1 in file order.

    >>> item_ref("im-presence", 3)
    'im-presence/3'
    """
    return f"{group}/{number}"


@dataclass(frozen=True)
class SourceRow:
    """One row of a vendor table: only its facts, as the table gives them."""

    table: str  # the table's id (its file name)
    number: int  # counted from 1 in the order of the table
    origin: Origin
    facts: tuple[tuple[str, str], ...]  # every field as written, in file order (for reports)
    id: str | None = None
    condition: str | None = None
    # kind: ports
    role: tuple[str, ...] = ()  # the names of `role:` (the listener, or either end: the table's role_side)
    sources: tuple[str, ...] = ()  # `from:`
    destinations: tuple[str, ...] = ()  # `to:`
    ports: tuple[PortRange, ...] = ()
    transport: str | None = None  # TCP | UDP | TCP/UDP; None: the table does not say
    protocol: str | None = None
    direction: str | None = None
    # kind: certificates
    component: str | None = None
    subject: str | None = None
    san: tuple[str, ...] = ()
    # kind: dns
    type: str | None = None
    name: str | None = None
    target: str | None = None
    port: int | None = None
    view: str | None = None

    @property
    def ref(self) -> str:
        """``<table-id>#<n>``, the row's name in reports."""
        return f"{self.table}#{self.number}"

    @property
    def refs(self) -> tuple[str, ...]:
        """Every name ``audit.yaml`` may use for the row: by number, and by id when it has one."""
        return (self.ref, f"{self.table}#{self.id}") if self.id else (self.ref,)

    @property
    def names(self) -> tuple[str, ...]:
        """The table's names this row uses (each must be in ``names.yaml``)."""
        return (*self.role, *self.sources, *self.destinations, *((self.component,) if self.component else ()))


@dataclass(frozen=True)
class SourceTable:
    id: str
    title: str
    url: str
    release: str
    read: str
    kind: str
    rows: tuple[SourceRow, ...]
    origin: Origin
    role_side: str = "listener"
    repo_path: str | None = None


@dataclass(frozen=True)
class Decision:
    """What ``audit.yaml`` says about one source row: left off the poster (``omit``, the reason),
    or covered by poster items the match cannot find by itself (``covered_by``)."""

    row: str
    origin: Origin
    omit: str | None = None
    covered_by: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class Sources:
    """A poster folder's vendor tables, names and decisions, validated against the poster."""

    tables: tuple[SourceTable, ...]
    names: dict[str, tuple[str, ...] | None] = field(default_factory=dict)  # None: any role
    decisions: tuple[Decision, ...] = ()

    def roles(self, names: tuple[str, ...]) -> frozenset[str] | None:
        """The poster's role ids the table's ``names`` stand for; None: any role."""
        out: set[str] = set()
        for n in names:
            ids = self.names[n]
            if ids is None:
                return None
            out.update(ids)
        return frozenset(out)

    @functools.cached_property
    def _decided(self) -> dict[str, Decision]:
        return {d.row: d for d in self.decisions}

    def decision(self, row: SourceRow) -> Decision | None:
        """What ``audit.yaml`` decided for ``row`` (decisions name rows by ``<table-id>#<n>``)."""
        return self._decided.get(row.ref)
