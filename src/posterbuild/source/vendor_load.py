"""Read a poster folder's vendor tables (``sources/*.yaml``), their names for the poster's roles
(``sources/names.yaml`` and ``sources/names-*.yaml``) and ``audit.yaml``; validated like every
other file: each against its JSON Schema, then against the poster (did-you-mean for every
unknown name, role, row or poster item). Only the commands that audit read them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from posterbuild.core.errors import DataError, Problem
from posterbuild.core.model import Origin, Poster, parse_ports
from posterbuild.core.vendor_tables import Decision, SourceRow, Sources, SourceTable, item_ref
from posterbuild.source.cross_check import port_problems
from posterbuild.source.load import FolderSource
from posterbuild.source.suggest import unknown
from posterbuild.source.yaml_reader import Document

__all__ = ["has_sources", "load_sources", "SOURCES_DIR", "AUDIT_FILE"]

SOURCES_DIR = "sources"
AUDIT_FILE = "audit.yaml"


def has_sources(folder: Path) -> bool:
    """Whether the poster folder keeps vendor tables (``sources/*.yaml``)."""
    return (Path(folder) / SOURCES_DIR).is_dir()


def _is_names(name: str) -> bool:
    return name == "names.yaml" or (name.startswith("names-") and name.endswith(".yaml"))


def load_sources(folder: Path, poster: Poster) -> Sources:
    """The vendor tables of ``folder`` (already loaded as ``poster``); :class:`DataError` listing
    every problem of every file."""
    source = FolderSource(Path(folder))
    found = sorted(p.name for p in (source.folder / SOURCES_DIR).glob("*.yaml") if p.is_file())
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    for name in found:
        rel = f"{SOURCES_DIR}/{name}"
        try:
            doc, errors = source.read_checked(rel, "source-names" if _is_names(name) else "source-table")
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        problems.extend(errors)
        if not errors:
            docs[rel] = doc
    audit_doc = None
    if source.exists(AUDIT_FILE):
        try:
            audit_doc, errors = source.read_checked(AUDIT_FILE, "audit")
        except DataError as exc:
            problems.extend(exc.problems)
        else:
            problems.extend(errors)
            audit_doc = None if errors else audit_doc
    if not any(not _is_names(n) for n in found) and not problems:
        problems.append(Problem(str(source.folder / SOURCES_DIR), 0, "", "no vendor tables (*.yaml) in sources/"))
    if problems:
        raise DataError(problems)
    names = _names(problems, [d for rel, d in docs.items() if _is_names(Path(rel).name)], poster)
    tables = tuple(_table(problems, d, Path(rel).stem, names, poster)
                   for rel, d in docs.items() if not _is_names(Path(rel).name))
    decisions = _decisions(problems, audit_doc, tables, poster) if audit_doc else ()
    if problems:
        raise DataError(problems)
    return Sources(tables=tables, names=names, decisions=decisions)


def _names(out: list[Problem], docs: list[Document], poster: Poster) -> dict[str, tuple[str, ...] | None]:
    """Every file's names merged; a name defined twice, or a role the poster lacks, refused."""
    names: dict[str, tuple[str, ...] | None] = {}
    where: dict[str, str] = {}
    for doc in docs:
        for name, ids in doc.data["names"].items():
            if name in names:
                out.append(doc.problem(("names", name), f"the name '{name}' is defined twice "
                                                        f"(also at {where[name]})"))
                continue
            where[name] = f"{doc.name}:{doc.line(('names', name))}"
            names[name] = None if ids == "any" else tuple(ids)
            for i, role in enumerate(ids if ids != "any" else ()):
                if role not in poster.roles:
                    out.append(doc.problem(("names", name, i), unknown("role", role, poster.roles)
                                           + "; roles are defined in roles.yaml"))
    return names


def _listed(value: Any) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else (value,) if value is not None else ()


def _text(value: Any) -> str:
    return ", ".join(str(v) for v in value) if isinstance(value, list) else str(value)


def _table(out: list[Problem], doc: Document, table_id: str, names: dict, poster: Poster) -> SourceTable:
    d = doc.data
    kinds = [k.id for k in poster.source_kinds]
    if kinds and d["release"] not in kinds:
        out.append(doc.problem(("release",), unknown("source kind", d["release"], kinds)
                               + "; source kinds are defined in poster.yaml"))
    rows = []
    ids: dict[str, int] = {}
    for i, r in enumerate(d["rows"]):
        key = ("rows", i)
        if "id" in r and ids.setdefault(r["id"], i) != i:
            out.append(doc.problem((*key, "id"), f"duplicate row id '{r['id']}' (first at line "
                                                 f"{doc.line(('rows', ids[r['id']]))})"))
        _row_shape(out, doc, key, r, d["kind"])
        row = _row(doc, table_id, i, r)
        for field in ("role", "from", "to", "component"):
            for j, name in enumerate(_listed(r.get(field))):
                if name not in names:
                    where = (*key, field, j) if isinstance(r[field], list) else (*key, field)
                    out.append(doc.problem(where, unknown("name", name, names)
                                           + "; the tables' names are given roles in sources/names.yaml"))
        rows.append(row)
    return SourceTable(id=table_id, title=d["title"], url=d["url"], release=d["release"], read=d["read"],
                       kind=d["kind"], rows=tuple(rows), origin=Origin(doc.name, doc.line(())),
                       role_side=d.get("role_side", "listener"), repo_path=d.get("repo_path"))


def _row_shape(out: list[Problem], doc: Document, key: tuple, r: dict, kind: str) -> None:
    """What the schema cannot say: a ports row names its role, or both of its ends."""
    if kind == "ports":
        if ("role" in r) == ("from" in r or "to" in r) or ("from" in r) != ("to" in r):
            out.append(doc.problem(key, "a ports row names either 'role' (the table's role) or both "
                                        "'from' and 'to' (source and destination)"))
        if r["port"] != "Any":
            out.extend(port_problems(doc, (*key, "port"), r["port"]))
    if kind == "dns" and r["type"] != "SRV" and "port" in r:
        out.append(doc.problem((*key, "port"), f"only SRV rows have a port, not {r['type']}"))


def _row(doc: Document, table_id: str, i: int, r: dict) -> SourceRow:
    ports = r.get("port") if "role" in r or "from" in r else None
    return SourceRow(
        table=table_id, number=i + 1, origin=Origin(doc.name, doc.line(("rows", i))),
        facts=tuple((k, _text(v)) for k, v in r.items()), id=r.get("id"), condition=r.get("condition"),
        role=_listed(r.get("role")), sources=_listed(r.get("from")), destinations=_listed(r.get("to")),
        ports=parse_ports(ports) if ports is not None else (), transport=r.get("transport"),
        protocol=r.get("protocol"), direction=r.get("direction"), component=r.get("component"),
        subject=r.get("subject"), san=tuple(r.get("san", ())), type=r.get("type"), name=r.get("name"),
        target=r.get("target"), port=r.get("port") if "type" in r else None, view=r.get("view"))


def _decisions(out: list[Problem], doc: Document, tables: tuple[SourceTable, ...],
               poster: Poster) -> tuple[Decision, ...]:
    """The decisions of ``audit.yaml``: each names a row that exists (once), and either omits it
    with a reason or names the poster items that cover it."""
    rows = {ref: row for t in tables for row in t.rows for ref in row.refs}
    items = {item_ref(w.id, i + 1) for w in poster.workloads for i in range(len(w.connections))}
    items |= {item_ref("certificates", i + 1) for i in range(len(poster.certificates))}
    items |= {item_ref("dns", i + 1) for i in range(len(poster.dns_records))}
    decided: dict[str, int] = {}
    out_decisions = []
    for i, d in enumerate(doc.data["decisions"]):
        key = ("decisions", i)
        if d["row"] not in rows:
            out.append(doc.problem((*key, "row"), unknown("source row", d["row"], rows)))
            continue
        first = decided.setdefault(rows[d["row"]].ref, i)
        if first != i:
            out.append(doc.problem((*key, "row"), f"row '{d['row']}' is decided twice (first at line "
                                                  f"{doc.line(('decisions', first))})"))
        if ("omit" in d) == ("covered_by" in d):
            out.append(doc.problem(key, "a decision says either 'omit' (with the reason) or "
                                        "'covered_by' (the poster items that cover the row)"))
        covered = _listed(d.get("covered_by"))
        for j, ref in enumerate(covered):
            if ref not in items:
                where = (*key, "covered_by", j) if isinstance(d["covered_by"], list) else (*key, "covered_by")
                out.append(doc.problem(where, unknown("poster item", ref, items)
                                       + " (connections are <workload id>/<n>, n counted from 1)"))
        out_decisions.append(Decision(row=rows[d["row"]].ref, origin=Origin(doc.name, doc.line(key)),
                                      omit=d.get("omit"), covered_by=covered, note=d.get("note")))
    return tuple(out_decisions)
