"""How many connections, certificates and DNS records cite each kind of source."""

from __future__ import annotations

from collections import Counter

from posterbuild.core.model import Poster

__all__ = ["kind_counts", "kind_summary", "UNKINDED"]

UNKINDED = "(no kind)"


def kind_counts(poster: Poster) -> dict[str, Counter]:
    """{"connections" | "certificates" | "dns": Counter(kind id -> items)}, kinds in poster order."""
    def count(items) -> Counter:
        return Counter(i.source_kind or UNKINDED for i in items)
    return {"connections": count(c for w in poster.workloads for c in w.connections),
            "certificates": count(poster.certificates), "dns": count(poster.dns_records)}


def kind_summary(poster: Poster) -> str:
    """One line for `posterbuild check`, e.g. ``sources by kind (connections/certificates/DNS):
    2010 40/9/6, 2013 12/3/8``; empty when the poster defines no kinds."""
    if not poster.source_kinds:
        return ""
    counts = kind_counts(poster)
    order = [k.id for k in poster.source_kinds]
    order += sorted({k for c in counts.values() for k in c} - set(order))
    parts = [f"{k} {counts['connections'][k]}/{counts['certificates'][k]}/{counts['dns'][k]}"
             for k in order if any(c[k] for c in counts.values())]
    return "sources by kind (connections/certificates/DNS): " + ", ".join(parts)
