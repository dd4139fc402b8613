"""The site plan: one place for every role, the same in every diagram (zone, column, order)."""

from __future__ import annotations

from dataclasses import dataclass

from posterbuild.model import Poster

__all__ = ["SiteColumn", "site_plan", "columns_for"]


@dataclass(frozen=True)
class SiteColumn:
    """One column of a zone: its roles, top to bottom."""

    zone: str
    index: int  # 1-based, within the zone
    roles: tuple[str, ...]


def _default_columns(poster: Poster) -> dict[str, int]:
    """Each zone in blocks, in the order of the roles file: the roles before its first group
    (column 1), the groups (the next column), the roles after them (the next)."""
    out: dict[str, int] = {}
    for zone in poster.zones:
        members = [r for r in poster.roles.values() if r.zone == zone.id]
        grouped = [i for i, r in enumerate(members) if r.group]
        before = 1 if grouped and grouped[0] > 0 else 0
        for i, r in enumerate(members):
            if not grouped:
                out[r.id] = 1
            elif r.group:
                out[r.id] = before + 1
            else:
                out[r.id] = 1 if i < grouped[0] else before + 2
    return out


def _column(poster: Poster, rid: str, default: dict[str, int]) -> int:
    role = poster.roles[rid]
    if role.column is not None:
        return role.column
    if role.group:
        given = [r.column for r in poster.roles.values()
                 if r.group == role.group and r.zone == role.zone and r.column is not None]
        if given:
            return min(given)
    return default[rid]


def site_plan(poster: Poster) -> list[SiteColumn]:
    """Every zone's columns, zones left to right, each column's roles top to bottom: by
    ``order`` (default: the role's place in the roles file), a group's members together (the
    group stands where its first member would)."""
    index = {rid: i for i, rid in enumerate(poster.roles)}
    default = _default_columns(poster)

    def own(rid: str) -> tuple[float, int]:
        role = poster.roles[rid]
        return (role.order if role.order is not None else float(index[rid]), index[rid])

    out = []
    for zone in poster.zones:
        members = [rid for rid, r in poster.roles.items() if r.zone == zone.id]
        column = {rid: _column(poster, rid, default) for rid in members}
        for col in sorted(set(column.values())):
            here = [rid for rid in members if column[rid] == col]
            first = {}
            for rid in sorted(here, key=own):
                first.setdefault(poster.roles[rid].group or f"role:{rid}", own(rid))

            def key(rid: str) -> tuple:
                return first[poster.roles[rid].group or f"role:{rid}"], own(rid)
            out.append(SiteColumn(zone.id, col, tuple(sorted(here, key=key))))
    return out


def columns_for(plan: list[SiteColumn], roles: set[str]) -> list[SiteColumn]:
    """The site plan cut down to ``roles``: empty columns left out, the order kept."""
    out = []
    for col in plan:
        kept = tuple(r for r in col.roles if r in roles)
        if kept:
            out.append(SiteColumn(col.zone, col.index, kept))
    return out
