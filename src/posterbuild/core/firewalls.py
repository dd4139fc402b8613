"""Firewall rules derived from the model: which firewall must let which connection through, which
way. Used by validation (warnings), the firewall poster and the exports."""

from __future__ import annotations

from dataclasses import dataclass

from posterbuild.core.model import Connection, Firewall, Poster

__all__ = ["Rule", "firewall_rules", "perimeter_zones"]


@dataclass(frozen=True)
class Rule:
    """One connection as one firewall sees it. ``inbound`` means it is opened from the
    firewall's left (outer) zone towards its right (inner) zone."""

    firewall: Firewall
    workload: str
    connection: Connection
    inbound: bool


def perimeter_zones(poster: Poster) -> set[str]:
    """Zones with a firewall on both sides (a perimeter network)."""
    lefts = {f.left for f in poster.firewalls}
    rights = {f.right for f in poster.firewalls}
    return lefts & rights


def firewall_rules(poster: Poster) -> list[Rule]:
    """Every (firewall, connection) pair where the connection crosses the firewall."""
    order = [z.id for z in poster.zones]
    rules = []
    for w in poster.workloads:
        for c in w.connections:
            a = order.index(poster.roles[c.initiator].zone)
            b = order.index(poster.roles[c.listener].zone)
            for fw in poster.firewalls:
                left, right = order.index(fw.left), order.index(fw.right)
                if min(a, b) <= left and right <= max(a, b):
                    rules.append(Rule(firewall=fw, workload=w.id, connection=c, inbound=a < b))
    return rules
