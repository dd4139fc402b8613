"""Small poster folders with vendor tables: the test poster (tests/fixtures/mini) plus sources/."""

from __future__ import annotations

import textwrap
from pathlib import Path

from posterbuild.audit.match import Audit, audit
from posterbuild.source.load import load_poster
from posterbuild.source.vendor_load import load_sources

NAMES = """\
names:
  Any: any
  Remote user: [user]
  Edge gateway: [edge]
  Edge pool: [edge]
  Chat server: [node]
  Database: [db]
  Load balancer: []
"""


def table(kind: str, rows: str, **extra: str) -> str:
    """A sources/<table>.yaml of ``kind`` whose rows are ``rows`` (YAML list items)."""
    head = "".join(f"{k}: {v}\n" for k, v in extra.items())
    return (f"title: Example table\nurl: https://example.org/ports\nrelease: \"1\"\nread: \"2026-12-05\"\n"
            f"kind: {kind}\n{head}rows:\n" + textwrap.indent(textwrap.dedent(rows).strip() + "\n", "  "))


def with_sources(folder: Path, tables: dict[str, str], *, names: str = NAMES,
                 decisions: str | None = None) -> Path:
    """``folder`` (a copy of the test poster) given ``sources/`` and, if given, ``audit.yaml``."""
    (folder / "sources").mkdir(exist_ok=True)
    (folder / "sources" / "names.yaml").write_text(names, encoding="utf-8")
    for name, text in tables.items():
        (folder / "sources" / f"{name}.yaml").write_text(text, encoding="utf-8")
    if decisions is not None:
        (folder / "audit.yaml").write_text("decisions:\n" + textwrap.indent(textwrap.dedent(decisions).strip()
                                                                            + "\n", "  "), encoding="utf-8")
    return folder


def audited(folder: Path) -> Audit:
    poster = load_poster(folder)
    return audit(poster, load_sources(folder, poster))
