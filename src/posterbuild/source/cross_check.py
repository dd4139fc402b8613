"""Rules that span files: every id referenced exists, ids are unique, ports and ranges make sense."""

from __future__ import annotations

from collections.abc import Iterable

from posterbuild.core.errors import Problem
from posterbuild.core.model import ConnectionKey, Poster
from posterbuild.source.source_kinds import kind_problems
from posterbuild.source.suggest import unknown
from posterbuild.source.yaml_reader import Document

__all__ = ["cross_check", "duplicate_connections", "port_problems"]


def cross_check(docs: dict[str, Document], workload_files: list[str]) -> list[Problem]:
    """Problems across the schema-valid files ``docs`` (keyed by path relative to the folder)."""
    out: list[Problem] = []
    poster, roles_doc, proto_doc = docs["poster.yaml"], docs["roles.yaml"], docs["protocols.yaml"]

    zones = _unique(out, poster, "zones", "zone")
    groups = _unique(out, roles_doc, "groups", "group")
    roles = _unique(out, roles_doc, "roles", "role")
    families = _unique(out, proto_doc, "families", "protocol family")
    protocols = _unique(out, proto_doc, "protocols", "protocol")

    _firewalls(out, poster, zones)
    _roles(out, roles_doc, zones=zones, groups=groups)
    for i, p in enumerate(proto_doc.data["protocols"]):
        _known(out, proto_doc, ("protocols", i, "family"), p["family"], families, "protocol family")
    _workloads(out, [docs[rel] for rel in workload_files], roles=roles, protocols=protocols)
    if "certificates.yaml" in docs:
        doc = docs["certificates.yaml"]
        for i, c in enumerate(doc.data["certificates"]):
            _known(out, doc, ("certificates", i, "role"), c["role"], roles, "role")
    if "dns.yaml" in docs:
        _dns_records(out, docs["dns.yaml"])
    if "history.yaml" in docs:
        _ascending_versions(out, docs["history.yaml"])
    out.extend(kind_problems(docs, workload_files))
    return out


def _firewalls(out: list[Problem], poster: Document, zones: dict[str, int]) -> None:
    """Each firewall stands between two known, neighbouring zones."""
    zone_order = list(zones)
    for i, fw in enumerate(poster.data.get("firewalls", [])):
        left, right = fw["between"]
        for j, z in enumerate((left, right)):
            _known(out, poster, ("firewalls", i, "between", j), z, zones, "zone")
        if left in zones and right in zones and zone_order.index(right) != zone_order.index(left) + 1:
            out.append(poster.problem(("firewalls", i, "between"),
                                      f"a firewall stands between neighbouring zones; "
                                      f"'{left}' and '{right}' are not neighbours in 'zones'"))


def _roles(out: list[Problem], roles_doc: Document, *, zones: dict[str, int],
           groups: dict[str, int]) -> None:
    """Each role is in a known zone and group; all roles of a group share a zone."""
    group_zone: dict[str, tuple[str, int]] = {}
    for i, r in enumerate(roles_doc.data["roles"]):
        _known(out, roles_doc, ("roles", i, "zone"), r["zone"], zones, "zone")
        if "group" in r:
            _known(out, roles_doc, ("roles", i, "group"), r["group"], groups, "group")
            first = group_zone.setdefault(r["group"], (r["zone"], i))
            if first[0] != r["zone"]:
                out.append(roles_doc.problem(
                    ("roles", i, "zone"), f"group '{r['group']}' is in zone '{first[0]}' "
                    f"(roles[{first[1]}]); all roles of a group share a zone"))


def _workloads(out: list[Problem], workload_docs: list[Document], *, roles: dict[str, int],
               protocols: dict[str, int]) -> None:
    """Workload ids are unique; each connection joins two known roles by a known protocol on
    sensible ports."""
    workload_ids: dict[str, str] = {}
    for doc in workload_docs:
        wid = doc.data["id"]
        if wid in workload_ids:
            out.append(doc.problem(("id",), f"duplicate workload id '{wid}' (also in {workload_ids[wid]})"))
        workload_ids.setdefault(wid, doc.name)
        _unique(out, doc, "callouts", "callout")
        for i, c in enumerate(doc.data["connections"]):
            _known(out, doc, ("connections", i, "from"), c["from"], roles, "role")
            _known(out, doc, ("connections", i, "to"), c["to"], roles, "role")
            _known(out, doc, ("connections", i, "protocol"), c["protocol"], protocols, "protocol")
            if c["from"] == c["to"]:
                out.append(doc.problem(("connections", i, "to"), "a connection needs two different roles"))
            if "port" in c:
                out.extend(port_problems(doc, ("connections", i, "port"), c["port"]))
            elif "note" not in c:
                out.append(doc.problem(("connections", i), "a connection without 'port' needs a 'note' "
                                       "saying which port (e.g. the one a vendor's device listens on)"))
            if "step" in c:
                steps = {x["id"]: len(x["steps"]) for x in doc.data.get("callouts", [])}
                ref, number = c["step"]["callout"], c["step"]["number"]
                if not steps:
                    out.append(doc.problem(("connections", i, "step", "callout"),
                                           f"unknown callout '{ref}' (this workload has no callouts)"))
                elif ref not in steps:
                    _known(out, doc, ("connections", i, "step", "callout"), ref, set(steps), "callout")
                elif number > steps[ref]:
                    out.append(doc.problem(("connections", i, "step", "number"),
                                           f"callout '{ref}' has {steps[ref]} steps, not {number}"))


def _dns_records(out: list[Problem], doc: Document) -> None:
    """SRV records (and only they) have a port, and point at a name this file defines."""
    for i, r in enumerate(doc.data["records"]):
        if r["type"] == "SRV" and "port" not in r:
            out.append(doc.problem(("records", i), "an SRV record needs 'port'"))
        if r["type"] != "SRV" and "port" in r:
            out.append(doc.problem(("records", i, "port"), f"only SRV records have a port, not {r['type']}"))
    named = {(r["name"].lower(), r["view"]) for r in doc.data["records"] if r["type"] in ("A", "AAAA", "CNAME")}
    for i, r in enumerate(doc.data["records"]):
        if r["type"] == "SRV" and (r["target"].lower(), r["view"]) not in named:
            out.append(doc.problem(("records", i, "target"), f"SRV target '{r['target']}' has no A, "
                                   f"AAAA or CNAME record in the {r['view']} view of this file"))


def duplicate_connections(poster: Poster) -> list[Problem]:
    """A connection written twice in a workload: the same :class:`ConnectionKey`."""
    out: list[Problem] = []
    for w in poster.workloads:
        seen: dict[ConnectionKey, int] = {}
        for i, c in enumerate(w.connections):
            first = seen.setdefault(c.key(w.id), i)
            if first != i:
                out.append(Problem(c.origin.file, c.origin.line, f"connections[{i}]",
                                   "the same connection twice (also at line "
                                   f"{w.connections[first].origin.line})"))
    return out


def _unique(out: list[Problem], doc: Document, key: str, what: str) -> dict[str, int]:
    """Ids of the list ``doc.data[key]`` -> index; a repeated id is a problem."""
    seen: dict[str, int] = {}
    for i, item in enumerate(doc.data.get(key, [])):
        if item["id"] in seen:
            out.append(doc.problem((key, i, "id"), f"duplicate {what} id '{item['id']}' "
                                                   f"(first at line {doc.line((key, seen[item['id']]))})"))
        else:
            seen[item["id"]] = i
    return seen


# where each kind of id is defined, for the message about an unknown one
_DEFINED = {"role": "; roles are defined in roles.yaml", "zone": "; zones are defined in poster.yaml",
            "group": "; groups are defined in roles.yaml",
            "protocol": "; protocols are defined in protocols.yaml",
            "protocol family": "; families are defined in protocols.yaml"}


def _known(out: list[Problem], doc: Document, key: tuple, value: str,
           known: Iterable[str], what: str) -> None:
    if value not in known:
        out.append(doc.problem(key, unknown(what, value, known) + _DEFINED.get(what, "")))


def port_problems(doc: Document, key: tuple, value: object) -> list[Problem]:
    """Ranges of a port field (already of the schema's form) that are outside 1-65535 or
    go from high to low."""
    items = value if isinstance(value, list) else [value]
    out = []
    for j, item in enumerate(items):
        where = (*key, j) if isinstance(value, list) else key
        if isinstance(item, int):
            continue
        low, high = (int(x) for x in str(item).split("-"))
        if not (1 <= low <= 65535 and 1 <= high <= 65535):
            out.append(doc.problem(where, f"range '{item}' is outside 1-65535"))
        elif low >= high:
            out.append(doc.problem(where, f"range '{item}' must go from low to high"))
    return out


def _ascending_versions(out: list[Problem], doc: Document) -> None:
    previous: tuple[int, ...] | None = None
    for i, v in enumerate(doc.data["versions"]):
        number = tuple(int(x) for x in v["version"].split("."))
        if previous is not None and number <= previous:
            out.append(doc.problem(("versions", i, "version"),
                                   f"versions go oldest first; {v['version']} follows a later or equal one"))
        previous = number
