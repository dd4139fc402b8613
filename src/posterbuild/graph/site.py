"""The site plan: one place for every role, the same in every diagram (zone, column, order)."""

from __future__ import annotations

from dataclasses import dataclass

from posterbuild.core.model import Poster

__all__ = ["SiteColumn", "site_plan", "columns_for", "members", "stack"]


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
            first: dict[str, tuple[float, int]] = {}
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


def members(poster: Poster, gid: str, roles) -> list[str]:
    return [r for r in roles if poster.roles[r].group == gid]


def stack(poster: Poster, cols: list[SiteColumn], heights: dict[str, float], *, node_gap: float,
          title_h: float, margin: float):
    """Top of every box (y down) and each pool's (top, bottom, first column, last column):
    each column stacks its boxes; a pool starts at the same height in all its columns."""
    group_cols: dict[str, list[int]] = {}
    for k, c in enumerate(cols):
        for r in c.roles:
            g = poster.roles[r].group
            if g and k not in group_cols.setdefault(g, []):
                group_cols[g].append(k)
    for g, ks in group_cols.items():  # a pool spans every column between its first and last
        group_cols[g] = list(range(min(ks), max(ks) + 1))
    need: dict[str, float] = {}
    tops: dict[str, float] = {}
    pools: dict[str, tuple[float, float, int, int]] = {}
    for _ in range(4):  # settle the pools that must start level in several columns
        cursor = [0.0] * len(cols)
        seen: set[str] = set()
        order = sorted(((k, i, r) for k, c in enumerate(cols) for i, r in enumerate(c.roles)))
        for k, _, r in order:
            g = poster.roles[r].group
            if not g:
                tops[r] = cursor[k]
                cursor[k] += heights[r] + node_gap
                continue
            if g in seen:
                continue
            seen.add(g)
            ks = group_cols[g]
            top = max([cursor[j] for j in ks] + [need.get(g, 0.0)])
            need[g] = top
            bottom = top
            for j in ks:
                y = top + title_h + margin
                for m in cols[j].roles:
                    if poster.roles[m].group == g:
                        tops[m] = y
                        y += heights[m] + node_gap
                bottom = max(bottom, y - node_gap + margin)
            pools[g] = (top, bottom, ks[0], ks[-1])
            for j in ks:
                cursor[j] = bottom + node_gap
    # centre each zone's stack on the tallest zone
    zone_h: dict[str, float] = {}
    for k, c in enumerate(cols):
        bottom = max([tops[r] + heights[r] for r in c.roles]
                     + [p[1] for p in pools.values() if p[2] <= k <= p[3]])
        zone_h[c.zone] = max(zone_h.get(c.zone, 0.0), bottom)
    tallest = max(zone_h.values())
    shift = {z: (tallest - h) / 2 for z, h in zone_h.items()}
    zone_of = {r: c.zone for c in cols for r in c.roles}
    tops = {r: y + shift[zone_of[r]] for r, y in tops.items()}
    pools = {g: (t + shift[cols[a].zone], b + shift[cols[a].zone], a, z)
             for g, (t, b, a, z) in pools.items()}
    return tops, pools
