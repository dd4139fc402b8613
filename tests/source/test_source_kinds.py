"""Source kinds, second sources, port-less connections and workloads placed as tables."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from posterbuild import pipeline
from posterbuild.core.errors import DataError
from posterbuild.exports.sources import kind_counts, kind_summary
from posterbuild.page.firewall_rules import rule_rows
from posterbuild.versions.diff import diff_posters, render_text
from posterbuild.source.load import load_poster
from tests.helpers import cli as _cli

KINDS = """source_kinds:
  - id: "2010"
    name: Product documentation
    match: ["https://example.org/"]
  - id: poster
    name: The poster itself
    match: ["poster "]
  - id: other
    name: Anything else
workloads:
"""

TABLE = """id: infra
title: Infrastructure ports
placement: table
connections:
  - from: edge
    to: node
    protocol: sql
    transport: UDP
    port: 1434
    source: https://elsewhere.example.net/sql
    source_kind: other
  - from: node
    to: db
    protocol: sip
    transport: TLS
    note: The peer's listening port, set per device
    source: https://example.org/gateway
    also_source: https://elsewhere.example.net/vendor
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def kinded(mini) -> Path:
    """The test poster with source kinds and a second, table-placed workload."""
    _edit(mini / "poster.yaml", "workloads:\n", KINDS)
    _edit(mini / "poster.yaml", "  - workloads/chat.yaml\n", "  - workloads/chat.yaml\n  - workloads/infra.yaml\n")
    (mini / "workloads" / "infra.yaml").write_text(TABLE, encoding="utf-8")
    return mini


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_poster(folder)
    return [str(p) for p in err.value.problems]


def test_kinds_come_from_the_address_or_are_given(kinded):
    poster = load_poster(kinded)
    chat, infra = poster.workloads
    assert [c.source_kind for c in chat.connections] == ["2010", "2010", "poster"]
    assert [c.source_kind for c in infra.connections] == ["other", "2010"]
    assert infra.connections[1].also_source == "https://elsewhere.example.net/vendor"
    assert infra.placement == "table" and chat.placement == "diagram"
    counts = kind_counts(poster)["connections"]
    assert (counts["2010"], counts["poster"], counts["other"]) == (3, 1, 1)
    assert kind_summary(poster).startswith("sources by kind (connections/certificates/DNS): 2010 3/")


def test_without_kinds_nothing_is_required(mini):
    poster = load_poster(mini)
    assert poster.source_kinds == () and kind_summary(poster) == ""
    assert {c.source_kind for c in poster.workloads[0].connections} == {None}


def test_a_source_no_kind_matches_is_named(kinded):
    _edit(kinded / "workloads" / "infra.yaml", "    source_kind: other\n", "")
    problems = _problems(kinded)
    assert any("infra.yaml:10: connections[0].source: no source kind matches "
               "'https://elsewhere.example.net/sql'" in p for p in problems), problems


def test_an_unknown_kind_lists_the_known_ones(kinded):
    _edit(kinded / "workloads" / "infra.yaml", "source_kind: other", "source_kind: archive")
    problems = _problems(kinded)
    assert any("connections[0].source_kind: unknown source kind 'archive' (known: 2010, poster, other)" in p
               for p in problems), problems


def test_a_connection_without_port_needs_a_note(kinded):
    _edit(kinded / "workloads" / "infra.yaml", "    note: The peer's listening port, set per device\n", "")
    problems = _problems(kinded)
    assert any("infra.yaml:12: connections[1]: a connection without 'port' needs a 'note'" in p
               for p in problems), problems


def test_portless_label_and_rows(kinded):
    poster = load_poster(kinded)
    c = poster.workload("infra").connections[1]
    assert c.ports == () and poster.label(c) == "SIP/TLS"
    rows = [r for r in rule_rows(poster) if any(m is c for m in r.connections)]
    assert rows and rows[0].cells[2] == "" and "set per device" in rows[0].cells[4]


def test_ports_export_adds_columns_at_the_end(kinded):
    proc = _cli("ports", str(kinded), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert list(rows[0])[:9] == ["workload", "source_role", "destination_role", "protocol", "transport",
                                 "port", "initiator", "note", "source"]
    assert list(rows[0])[9:] == ["source_kind", "also_source", "placement", "audit_table", "audit_row"]
    assert [(r["workload"], r["source_kind"], r["placement"]) for r in rows[3:]] == [
        ("Infrastructure ports", "other", "table"), ("Infrastructure ports", "2010", "table")]


def test_check_prints_counts_by_kind(kinded):
    proc = _cli("check", str(kinded))
    assert proc.returncode == 0, proc.stderr
    assert "sources by kind (connections/certificates/DNS): 2010 3/" in proc.stdout


@pytest.mark.exe
def test_a_table_workload_needs_no_panel_and_is_not_drawn(kinded):
    loaded = pipeline.load(kinded)
    built = pipeline.build(loaded)
    assert set(built.placements) == {"chat"}


def test_diff_reports_kind_second_source_and_placement(kinded):
    old = load_poster(kinded)
    _edit(kinded / "workloads" / "infra.yaml", "placement: table", "placement: diagram")
    _edit(kinded / "workloads" / "infra.yaml", "source_kind: other", "source_kind: \"2010\"")
    _edit(kinded / "workloads" / "infra.yaml", "https://elsewhere.example.net/vendor", "https://example.org/vendor")
    text = render_text(diff_posters(old, load_poster(kinded)), "old", "new")
    assert "      placement: table -> diagram" in text
    assert "      source_kind: other -> 2010" in text
    assert "      also_source: https://elsewhere.example.net/vendor -> https://example.org/vendor" in text
