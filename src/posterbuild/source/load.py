"""Read a poster folder into the typed model, reporting every problem of every file at once."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
from collections import OrderedDict
from pathlib import Path
from typing import Any

from posterbuild.core import model as m
from posterbuild.core.errors import DataError, Problem
from posterbuild.source import schema_check
from posterbuild.source.cross_check import cross_check, duplicate_connections
from posterbuild.source.snapshot import DataFiles, parse_ref, read_snapshot
from posterbuild.source.source_kinds import resolve
from posterbuild.source.yaml_reader import Document, TextRefused, parse_yaml, read_bytes

__all__ = ["load_poster", "load_poster_only", "load_source", "FolderSource", "MemorySource", "OPTIONAL_FILES"]

# file name -> schema kind; these sit beside poster.yaml and may be absent
OPTIONAL_FILES = {"certificates.yaml": "certificates", "dns.yaml": "dns",
                  "resources.yaml": "resources", "history.yaml": "history"}
REQUIRED_FILES = {"roles.yaml": "roles", "protocols.yaml": "protocols"}


class FolderSource:
    """Poster files in a folder on disk."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.slug = self.folder.resolve().name

    def exists(self, rel: str) -> bool:
        return (self.folder / rel).is_file()

    def inside(self, rel: str) -> bool:
        return (self.folder / rel).resolve().is_relative_to(self.folder.resolve())

    def read_checked(self, rel: str, kind: str) -> tuple[Document, list[Problem]]:
        path = self.folder / rel
        name = _display(self.folder, path)
        return _read_checked(read_bytes(path, name), path, name, kind=kind)


_PARSED: OrderedDict[tuple[str, str, str, str], tuple[Document, tuple[Problem, ...]]] = OrderedDict()
_PARSED_MAX = 256


def _read_checked(raw: bytes, path: Path, name: str, *, kind: str) -> tuple[Document, list[Problem]]:
    """A file parsed and checked once per content (the watch loop redoes only what was saved),
    keyed by a hash of its bytes. Each caller gets its own copy of the parsed data."""
    key = (hashlib.sha256(raw).hexdigest(), str(path), name, kind)
    if key not in _PARSED:
        doc = parse_yaml(raw, path, name)
        _PARSED[key] = (doc, tuple(schema_check.check(doc, kind)))
        while len(_PARSED) > _PARSED_MAX:
            _PARSED.popitem(last=False)
    _PARSED.move_to_end(key)
    doc, problems = _PARSED[key]
    return dataclasses.replace(doc, data=_copy(doc.data), lines=dict(doc.lines)), list(problems)


def _copy(value: Any) -> Any:
    """A deep copy of parsed YAML (mappings, lists, scalars), several times faster than
    ``copy.deepcopy``; anything else is left to ``copy.deepcopy``."""
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return copy.deepcopy(value)


class MemorySource:
    """Poster files already parsed (a release snapshot): the same checks, without lines."""

    def __init__(self, files: DataFiles, slug: str, label: str) -> None:
        self.files, self.slug, self.label = files, slug, label

    def exists(self, rel: str) -> bool:
        return rel in self.files

    def inside(self, rel: str) -> bool:
        return not rel.startswith(("/", "..")) and "/../" not in rel

    def read_checked(self, rel: str, kind: str) -> tuple[Document, list[Problem]]:
        if rel not in self.files:
            raise DataError.single(f"{self.label}:{rel}", 0, "", "file not in the snapshot")
        doc = Document(path=Path(rel), name=f"{self.label}:{rel}", data=self.files[rel], lines={})
        return doc, schema_check.check(doc, kind)


def load_poster(folder: Path) -> m.Poster:
    """Load and validate ``folder``; raise :class:`DataError` listing every problem found."""
    return load_source(FolderSource(folder))[0]


def load_poster_only(ref: Path | str) -> m.Poster:
    """Just the poster model of the working data or of a published version (for diffs)."""
    folder, version = parse_ref(ref)
    if version is None:
        return load_source(FolderSource(folder))[0]
    snap = read_snapshot(folder, version)
    return load_source(MemorySource(snap.files, snap.poster, f"{folder}@{version}"))[0]


def load_source(source: FolderSource | MemorySource) -> tuple[m.Poster, DataFiles]:
    """The poster, and the parsed data of each of its files (what a snapshot keeps)."""
    if not source.exists("poster.yaml"):
        where = _display(source.folder, source.folder / "poster.yaml") \
            if isinstance(source, FolderSource) else f"{source.label}:poster.yaml"
        raise DataError.single(where, 0, "", "not a poster folder: poster.yaml not found")
    problems: list[Problem] = []
    docs: dict[str, Document] = {}
    parsed: dict[str, Document] = {}  # read, with or without problems

    def read(rel: str, kind: str) -> Document | None:
        try:
            doc, found = source.read_checked(rel, kind)
        except TextRefused as exc:
            problems.extend(exc.problems)
            parsed[rel] = exc.document
            return None
        except DataError as exc:
            problems.extend(exc.problems)
            return None
        parsed[rel] = doc
        problems.extend(found)
        if found:
            return None
        docs[rel] = doc
        return doc

    read("poster.yaml", "poster")
    for rel, kind in REQUIRED_FILES.items():
        read(rel, kind)
    for rel, kind in OPTIONAL_FILES.items():
        if source.exists(rel):
            read(rel, kind)
    workload_files: list[str] = []
    # the workload files are read even when poster.yaml has a problem elsewhere (a name with a
    # control character, say), so that one run reports the problems of every file
    poster_doc = parsed.get("poster.yaml")
    if poster_doc is not None and _workload_list(poster_doc, problems):
        for i, rel in enumerate(poster_doc.data["workloads"]):
            if not source.inside(rel):
                problems.append(poster_doc.problem(("workloads", i), f"'{rel}' is outside the poster folder"))
            elif not source.exists(rel):
                problems.append(poster_doc.problem(("workloads", i), f"file '{rel}' not found"))
            elif read(rel, "workload") is not None:
                workload_files.append(rel)
    if not problems:
        problems = cross_check(docs, workload_files)
    if problems:
        raise DataError(problems)
    poster = _build(source.slug, docs, workload_files)
    problems = duplicate_connections(poster)
    if problems:
        raise DataError(problems)
    return poster, {rel: d.data for rel, d in docs.items()}


def _workload_list(poster_doc: Document, problems: list[Problem]) -> bool:
    """Whether poster.yaml's ``workloads`` can be followed: a list of file names with no
    problem of its own."""
    listed = poster_doc.data.get("workloads") if isinstance(poster_doc.data, dict) else None
    return isinstance(listed, list) and all(isinstance(rel, str) for rel in listed) and not any(
        p.file == poster_doc.name and p.field.startswith("workloads") for p in problems)


def _display(folder: Path, path: Path) -> str:
    """A path as the user named it: the folder as given, then the file inside it."""
    return str(Path(folder) / path.relative_to(folder)) if path.is_relative_to(folder) else str(path)


def _origin(doc: Document, key: tuple) -> m.Origin:
    return m.Origin(doc.name, doc.line(key))




def _build(slug: str, docs: dict[str, Document], workload_files: list[str]) -> m.Poster:
    """The typed poster from its validated documents (``workload_files``: in order)."""
    p = docs["poster.yaml"].data
    roles_doc, proto_doc = docs["roles.yaml"].data, docs["protocols.yaml"].data
    kinds = p.get("source_kinds", [])
    workloads = [_workload(docs[rel], kinds) for rel in workload_files]
    certs = docs.get("certificates.yaml")
    dns = docs.get("dns.yaml")
    links = docs.get("resources.yaml")
    history = docs.get("history.yaml")
    return m.Poster(
        meta=_poster_meta(p),
        zones=tuple(m.Zone(z["id"], z["name"]) for z in p["zones"]),
        firewalls=tuple(m.Firewall(f["between"][0], f["between"][1], f["name"])
                        for f in p.get("firewalls", [])),
        groups={g["id"]: m.Group(g["id"], g["name"]) for g in roles_doc.get("groups", [])},
        roles={r["id"]: m.Role(r["id"], r["name"], r["zone"], r["kind"], r.get("group"), r.get("note"),
                               origin=_origin(docs["roles.yaml"], ("roles", i)),
                               column=r.get("column"), order=r.get("order"))
               for i, r in enumerate(roles_doc["roles"])},
        families={f["id"]: m.Family(f["id"], f["name"], f.get("description", ""))
                  for f in proto_doc["families"]},
        protocols={x["id"]: m.Protocol(x["id"], x["name"], x["family"], x.get("implied_transport"))
                   for x in proto_doc["protocols"]},
        workloads=tuple(workloads),
        certificates=_certificates(certs, kinds) if certs else (),
        dns_records=_dns_records(dns, kinds) if dns else (),
        links=tuple(m.Link(x["title"], x["url"], x.get("note"))
                    for x in links.data["links"]) if links else (),
        history=tuple(m.Version(version=v["version"], note=v["note"], date=v.get("date"),
                                credits=tuple(v.get("credits", [])), summary=v.get("summary"),
                                changes=tuple((kind, text) for kind in ("added", "corrected", "removed")
                                              for text in v.get("changes", {}).get(kind, [])))
                      for v in history.data["versions"]) if history else (),
        slug=slug,
        source_kinds=tuple(m.SourceKind(k["id"], k["name"], tuple(k.get("match", []))) for k in kinds),
    )


def _poster_meta(p: dict) -> m.PosterMeta:
    """The poster's title block, from ``poster.yaml``."""
    return m.PosterMeta(title=p["title"], product=p["product"], version=p["version"],
                        published=p["published"], revised=p.get("revised"), author=p["author"],
                        layout=p["layout"], copyright=p["copyright"], home=p["home"],
                        subtitle=p.get("subtitle"), feedback=p.get("feedback"))


def _sourced(kinds: list, item: dict) -> dict:
    """An item's source fields: its kind of source (given, or found from ``kinds``) and its
    second source."""
    return {"source_kind": resolve(kinds, item["source"], item.get("source_kind")),
            "also_source": item.get("also_source")}


def _workload(doc: Document, kinds: list) -> m.Workload:
    """One workload file's workload: its connections and callouts, each with its origin."""
    w = doc.data
    connections = tuple(
        m.Connection(initiator=c["from"], listener=c["to"], protocol=c["protocol"],
                     transport=c["transport"], ports=m.parse_ports(c.get("port", [])), source=c["source"],
                     origin=_origin(doc, ("connections", i)), both_ways=c.get("both_ways", False),
                     note=c.get("note"), **_sourced(kinds, c),
                     step=(c["step"]["callout"], c["step"]["number"]) if "step" in c else None)
        for i, c in enumerate(w["connections"]))
    callouts = tuple(
        m.Callout(id=c["id"], title=c["title"], steps=tuple(c["steps"]), source=c["source"],
                  origin=_origin(doc, ("callouts", i)))
        for i, c in enumerate(w.get("callouts", [])))
    return m.Workload(id=w["id"], title=w["title"], summary=w.get("summary"),
                      connections=connections, callouts=callouts,
                      origin=_origin(doc, ()), placement=w.get("placement", "diagram"))


def _certificates(certs: Document, kinds: list) -> tuple[m.Certificate, ...]:
    """The certificates of ``certificates.yaml``, each with its origin."""
    return tuple(
        m.Certificate(role=c["role"], usage=c["usage"], subject=c["subject"],
                      san=tuple(c.get("san", [])), ca=c["ca"], eku=tuple(c["eku"]),
                      source=c["source"], origin=_origin(certs, ("certificates", i)),
                      note=c.get("note"), **_sourced(kinds, c))
        for i, c in enumerate(certs.data["certificates"]))


def _dns_records(dns: Document, kinds: list) -> tuple[m.DnsRecord, ...]:
    """The DNS records of ``dns.yaml``, each with its origin."""
    return tuple(
        m.DnsRecord(scenario=r["scenario"], view=r["view"], type=r["type"], name=r["name"],
                    target=r["target"], source=r["source"],
                    origin=_origin(dns, ("records", i)), port=r.get("port"), note=r.get("note"),
                    **_sourced(kinds, r))
        for i, r in enumerate(dns.data["records"]))
