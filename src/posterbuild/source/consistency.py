"""Warnings about a valid poster that is probably incomplete: unused roles, unguarded ports."""

from __future__ import annotations

from posterbuild.core.errors import Problem
from posterbuild.core.firewalls import firewall_rules, perimeter_zones
from posterbuild.core.model import Poster

__all__ = ["warnings"]


def warnings(poster: Poster) -> list[Problem]:
    """What `posterbuild check` reports beside errors; a build prints them and goes on."""
    out: list[Problem] = []
    drawn = {r for w in poster.workloads for r in w.role_ids()}
    for role in poster.roles.values():
        if role.id not in drawn:
            where = role.origin or None
            out.append(Problem(where.file if where else "roles.yaml", where.line if where else 0,
                               "roles", f"role '{role.id}' is defined but no workload draws it"))
    # every port of a perimeter role reached from another zone is in some firewall's rules
    ruled = {(r.connection.origin, r.connection.listener) for r in firewall_rules(poster)}
    perimeter = perimeter_zones(poster)
    for w in poster.workloads:
        for c in w.connections:
            ends = {poster.roles[c.initiator].zone, poster.roles[c.listener].zone}
            if len(ends) == 2 and ends & perimeter and (c.origin, c.listener) not in ruled:
                out.append(Problem(c.origin.file, c.origin.line, "connections",
                                   f"{poster.label(c)} to '{c.listener}' crosses zones but no "
                                   "firewall: the firewall view will not show it"))
    return out
