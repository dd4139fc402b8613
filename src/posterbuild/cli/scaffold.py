"""`posterbuild init DIR`: a new poster folder, commented, valid, and building on the first try.

The folder holds its own layout (``layout.yaml``: ``extends: default`` and places the panels),
so a new poster builds wherever the folder is, without touching the project's ``layouts/``."""

from __future__ import annotations

import datetime as dt
import os
import re
import shlex
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from posterbuild.core.errors import PosterError
from posterbuild.core.project import output_dir

__all__ = ["Scaffolded", "scaffold", "FILES", "next_steps"]

_SCHEMA = "# yaml-language-server: $schema={schemas}/{kind}.schema.json\n"

POSTER = """\
# The entry file of the poster. Every key is explained in docs/data-format.md.
title: {title}
product: {product}            # printed in the subtitle and the PDF's metadata
version: "0.1"                # always in quotes: unquoted, YAML reads 0.10 as the number 0.1
published: "{today}"          # first publication, YYYY-MM-DD in quotes
author: {author}
layout: layout.yaml           # this folder's own layout (it extends the project's 'default')
copyright: >-
  Drawn by {author} with posterbuild from sourced data. Change this line: it is
  printed at the foot of the poster.
home: https://example.org/your-poster   # the title links here
zones:                        # left to right on every diagram; a role stands in one zone
  - {{id: internet, name: Internet}}
  - {{id: perimeter, name: Perimeter network}}
  - {{id: internal, name: Internal network}}
firewalls:                    # optional: a wall between two neighbouring zones
  - {{between: [internet, perimeter], name: External firewall}}
  - {{between: [perimeter, internal], name: Internal firewall}}
workloads:                    # one file per diagram, in drawing order
  - workloads/{workload}.yaml
"""

ROLES = """\
# Server roles, clients and outside services. Ids: lower-case words joined by '-'.
# kind chooses the picture: server | client | cloud | pstn | storage
groups:                       # optional: a box around roles of one zone
  - {id: edge-pool, name: Edge pool}
roles:
  - id: remote-user
    name: Remote user         # printed in the box
    zone: internet            # a zone id from poster.yaml
    kind: client
  - id: edge
    name: Edge server
    zone: perimeter
    kind: server
    group: edge-pool          # optional
  - id: app-server
    name: Application server
    zone: internal
    kind: server
    note: Listens for the edge's requests   # optional, printed small under the name
"""

PROTOCOLS = """\
# Protocols, grouped in families. The layout gives each family a colour and a line style:
# the default layout styles signalling, media, web and data.
families:
  - {id: web, name: Web, description: "HTTPS"}    # quote text that holds commas
  - {id: signalling, name: Signalling, description: "SIP"}
  # - {id: media, name: Media, description: "RTP, SRTP"}    # uncomment what you use:
  # - {id: data, name: Data, description: "SQL, SMB"}       # the legend lists every family
protocols:
  - id: https
    name: HTTPS
    family: web
    implied_transport: TCP    # optional: the label leaves out this transport
  - id: sip
    name: SIP
    family: signalling
  # - {id: sql, name: SQL, family: data, implied_transport: TCP}
  # - {id: srtp, name: SRTP, family: media}
"""

WORKLOAD = """\
# One diagram: who opens each connection ('from'), who listens ('to'), protocol and port.
# 'id' is what the layout's workload panel names (layout.yaml)
id: {workload}
title: Sign-in
summary: A remote user signs in through the edge server.   # optional
connections:
  - from: remote-user         # the side that opens the connection
    to: edge                  # the side that listens on the port
    protocol: https
    transport: TCP            # TCP | UDP | TLS | MTLS
    port: 443                 # a port, "50000-59999", or a list of them
    source: https://example.org/docs/ports   # where the fact comes from (or "poster X.Y")
  - from: edge
    to: app-server
    protocol: sip
    transport: TLS
    port: 5061
    note: Mutual TLS inside   # optional, printed small beside the label
    source: https://example.org/docs/ports
"""

CERTIFICATES = """\
# The certificates each role needs (the certificates panel). Optional file.
certificates:
  - role: edge                # a role id from roles.yaml
    usage: External interface
    subject: edge.example.org
    san: [edge.example.org]   # optional
    ca: public                # public | private
    eku: [server]             # server | client
    source: https://example.org/docs/certificates
"""

DNS = """\
# DNS records (the DNS panel). Optional file. An SRV record needs a port, and its target
# an A, AAAA or CNAME record in the same view.
records:
  - scenario: Remote sign-in  # groups rows in the panel
    view: external            # internal | external
    type: A                   # A | AAAA | CNAME | SRV
    name: edge.example.org
    target: 192.0.2.10
    source: https://example.org/docs/dns
  - scenario: Remote sign-in
    view: external
    type: SRV
    name: _sip._tls.example.org
    target: edge.example.org
    port: 443
    source: https://example.org/docs/dns
"""

RESOURCES = """\
# Links printed in the resources panel (the first one also as a QR code). Optional file.
links:
  - {title: Product documentation, url: https://example.org/docs, note: Ports and protocols}
"""

HISTORY = """\
# What's new, oldest first. `posterbuild release` adds the entries for you. Optional file.
versions:
  - {{version: "0.1", date: "{today}", note: First draft.}}
"""

LAYOUT = """\
# This poster's layout: the project's 'default' layout (its type scale, colours and line styles)
# on a smaller sheet with its own panels. Only what differs from the parent is written here:
# maps merge key by key, lists (panels) replace. Every key is explained in docs/layout-format.md.
extends: default
name: {slug}
page: {{width: 24in, height: 18in}}   # ARCH C: room for a first diagram or two; as the poster grows,
margin: 0.4in                       # take ARCH D (36 x 24 in) or remove both lines for ARCH E
grid:                         # the parent's twelve columns are kept; four rows instead of five
  rows: [2.2in, 1fr, 4.2in, 0.3in]
panels:                       # 'at' is [column, row] of the grid (from 1), 'span' how many
  - {{type: title, at: [1, 1], span: [5, 1]}}
  - {{type: history, at: [6, 1], span: [3, 1], title: "What's new"}}
  - {{type: resources, at: [9, 1], span: [4, 1], title: Resources}}
  - {{type: workload, workload: {workload}, at: [1, 2], span: [12, 1]}}   # one panel per workload
  - {{type: legend, at: [1, 3], span: [4, 1], title: Legend}}
  - {{type: certificates, at: [5, 3], span: [4, 1], title: Certificate requirements}}
  - {{type: dns, at: [9, 3], span: [4, 1], title: DNS records}}
  - {{type: footer, at: [1, 4], span: [12, 1]}}
"""

# file -> (schema kind for the editor hint, template)
FILES = {
    "poster.yaml": ("poster", POSTER), "roles.yaml": ("roles", ROLES),
    "protocols.yaml": ("protocols", PROTOCOLS), "workloads/{workload}.yaml": ("workload", WORKLOAD),
    "certificates.yaml": ("certificates", CERTIFICATES), "dns.yaml": ("dns", DNS),
    "resources.yaml": ("resources", RESOURCES), "history.yaml": ("history", HISTORY),
    "layout.yaml": ("layout", LAYOUT),
}


_FILLED = {"poster", "workload", "history", "layout"}  # templates with {placeholders}


@dataclass(frozen=True)
class Scaffolded:
    folder: Path
    files: tuple[str, ...]
    workload: str


def _title_case(slug: str) -> str:
    words = [w for w in re.split(r"[-_\s]+", slug) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words) or "New"


def scaffold(folder: Path, *, product: str | None = None, author: str | None = None,
             title: str | None = None, today: str | None = None) -> Scaffolded:
    """Write a new poster folder at ``folder``; refuse (writing nothing) when it exists and is
    not empty. The files are written in a temporary folder beside it, then moved in one step."""
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise PosterError(f"{folder}: exists and is not a folder; init makes a new poster folder")
    if folder.is_dir() and any(folder.iterdir()):
        raise PosterError(f"{folder}: the folder is not empty; init never overwrites: name a new "
                          "or empty folder")
    slug = folder.resolve().name
    product = product or "Example Product"
    values = {"title": _quote(title or f"{product} Protocol Workloads Poster"),
              "product": _quote(product), "author": _quote(author or "Your Name"),
              "today": today or dt.date.today().isoformat(), "workload": "sign-in",
              "slug": _slug_id(slug)}
    schemas = Path(__file__).resolve().parent.parent / "source" / "schemas"
    parent = folder.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{slug}.init-", dir=parent))
    except OSError as exc:
        raise PosterError(f"{parent}: cannot create the folder: {exc.strerror}") from None
    written = []
    try:
        for rel, (kind, template) in FILES.items():
            rel = rel.format(**values)
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            hint = _SCHEMA.format(schemas=os.path.relpath(schemas, path.parent), kind=kind)
            body = template.format(**values) if kind in _FILLED else template
            path.write_text(hint + body, encoding="utf-8")
            written.append(rel)
        if folder.is_dir():
            folder.rmdir()  # empty, checked above
        os.rename(tmp, folder)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise PosterError(f"{folder}: cannot write the new poster folder: {exc.strerror}") from None
    return Scaffolded(folder=folder, files=tuple(written), workload=values["workload"])


def _quote(text: str) -> str:
    """A YAML scalar for ``text``: plain when that is safe, else double-quoted."""
    import json
    plain = re.fullmatch(r"[A-Za-z][\w .,()/'&+-]*", text) and ": " not in text and " #" not in text
    return text if plain else json.dumps(text, ensure_ascii=False)


def _slug_id(slug: str) -> str:
    ident = re.sub(r"[^a-z0-9]+", "-", slug.lower()).strip("-")
    return ident if re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", ident or "") else "poster"


def next_steps(done: Scaffolded) -> str:
    """What to edit next and the exact commands, for the folder as the user named it."""
    d = shlex.quote(str(done.folder))
    slug = done.folder.resolve().name
    pdf = shlex.quote(str(output_dir() / f"{slug}-v0.1.pdf"))
    return "\n".join([
        f"created {done.folder}/ with {len(done.files)} files: {', '.join(done.files)}",
        "",
        "edit next:",
        f"  1. {done.folder}/poster.yaml: title, product, author, home, copyright",
        f"  2. {done.folder}/roles.yaml: your servers, clients and outside services",
        f"  3. {done.folder}/workloads/{done.workload}.yaml: the connections between them "
        "(add a workload file per diagram, listed in poster.yaml and placed in layout.yaml)",
        "then run:",
        f"  posterbuild check {d}",
        f"  posterbuild build {d}            # writes {pdf}",
        f"  posterbuild preview {pdf} -o {slug}.png --dpi 20",
        f"or keep it rebuilding on every save: posterbuild watch {d} --preview {slug}.png",
    ])
