"""`posterbuild audit` in its three formats, read back; --strict; and what `check` and `ports` show."""

from __future__ import annotations

import csv
import io
import json

from tests.audit.fixtures import table, with_sources
from tests.helpers import cli, refused
from tests.commands.test_safety_escaping import markdown_table

_TABLES = {
    "firewall": table("ports", """
        - {from: Remote user, to: Edge gateway, port: 443, transport: TCP, protocol: "SIP|TLS"}
        - {from: Edge gateway, to: Chat server, port: 5061, transport: TCP, direction: both}
        - {role: Chat server, port: 8080, transport: TCP, condition: "web | *admin*"}
    """),
    "certs": table("certificates", "- {component: Edge pool, subject: edge.example.org}"),
}


def test_json_has_the_documented_keys_and_counts(mini):
    proc = cli("audit", str(with_sources(mini, _TABLES)), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert {"tables", "unsupported", "contradictions", "coverage"} <= set(report)
    first, second = report["tables"]
    assert set(first) >= {"title", "url", "rows", "covered", "omitted", "missing", "missing_count"}
    assert (first["title"], first["url"]) == ("Example table", "https://example.org/ports")
    assert [t["id"] for t in report["tables"]] == ["certs", "firewall"]
    assert (second["rows"], second["covered"], second["omitted"], second["missing_count"]) == (3, 2, 0, 1)
    assert second["missing"] == [{"ref": "firewall#3", "id": None, "line": 9, "near": [],
                                  "facts": {"role": "Chat server", "port": "8080", "transport": "TCP",
                                            "condition": "web | *admin*"},
                                  "gaps": ["TCP 8080 at Chat server"]}]
    assert report["coverage"] == 3 / 4
    assert [u["item"] for u in report["unsupported"]] == ["chat/3"]


def test_markdown_is_a_totals_table_and_a_table_per_source_table_every_cell_escaped(mini):
    proc = cli("audit", str(with_sources(mini, _TABLES)), "--format", "markdown")
    assert proc.returncode == 0, proc.stderr
    rows, tags = markdown_table(proc.stdout)
    assert tags <= {"table", "thead", "tbody", "tr", "th", "td", "h2", "h3", "p", "a"}, tags
    starts = [i for i, r in enumerate(rows) if r[0] in ("Table", "Row", "Poster item")]
    totals, certs, firewall, unsupported = (rows[a:b] for a, b in zip(starts, [*starts[1:], len(rows)]))
    assert totals[0] == ["Table", "Id", "Release", "Rows", "Covered", "Omitted", "Missing", "Coverage"]
    assert totals[-1] == ["All tables", "", "", "4", "3", "0", "1", "75.0%"]
    assert [r[0] for r in firewall[1:]] == ["firewall#1", "firewall#2", "firewall#3"]
    assert "protocol SIP|TLS" in firewall[1][1] and "condition web | *admin*" in firewall[3][1]
    assert all(len(r) == 4 for r in firewall)  # the pipes in the data split no cell
    assert firewall[2][2:] == ["covered", "chat/2"]
    assert unsupported[1][:2] == ["chat/3", "connection"]


def test_text_ends_with_the_summary_and_lists_what_is_missing(mini):
    proc = cli("audit", str(with_sources(mini, _TABLES)))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "  missing firewall#3 (line 9): role Chat server, port 8080, transport TCP, condition web | " \
           "*admin*; not on the poster: TCP 8080 at Chat server" in lines
    assert lines[-1] == ("audit: 4 source rows in 2 tables: 3 covered, 0 omitted, 1 missing; 0 contradiction(s); "
                         "1 unsupported (1 without a poster/other source and a note); coverage 75.0%")


def test_strict_exits_1_on_a_missing_row_or_a_contradiction_and_0_once_decided(mini):
    folder = with_sources(mini, _TABLES)
    assert cli("audit", str(folder), "--strict").returncode == 1
    (folder / "audit.yaml").write_text("decisions:\n  - {row: \"firewall#3\", omit: not drawn}\n", encoding="utf-8")
    assert cli("audit", str(folder), "--strict").returncode == 0
    (folder / "sources" / "more.yaml").write_text(table("ports", """
        - {from: Remote user, to: Edge gateway, port: 443, transport: UDP}
    """), encoding="utf-8")
    (folder / "sources" / "firewall.yaml").write_text(table("ports", """
        - {from: Edge gateway, to: Chat server, port: 5061, transport: TCP, direction: both}
        - {role: Chat server, port: 8080, transport: TCP, condition: "web | *admin*"}
    """), encoding="utf-8")
    (folder / "audit.yaml").write_text("decisions:\n  - {row: \"firewall#2\", omit: not drawn}\n", encoding="utf-8")
    proc = cli("audit", str(folder), "--strict", "--format", "json")
    assert proc.returncode == 1
    assert [(c["row"], c["item"], c["what"]) for c in json.loads(proc.stdout)["contradictions"]] == \
        [("more#1", "chat/1", "transport")]
    assert cli("audit", str(folder), "--format", "json").returncode == 0  # without --strict: a report


def test_a_folder_without_sources_or_a_published_version_is_refused(mini):
    refused(cli("audit", str(mini)), "no sources/ folder")
    refused(cli("audit", f"{with_sources(mini, _TABLES)}@1.0"), "a published version keeps no vendor tables")


def test_check_prints_the_summary_and_ports_the_supporting_rows(mini):
    folder = with_sources(mini, _TABLES)
    proc = cli("check", str(folder))
    assert proc.returncode == 0, proc.stderr
    assert f"{folder}: audit: 4 source rows in 2 tables: 3 covered" in proc.stdout
    report = json.loads(cli("check", str(folder), "--format", "json").stdout)
    assert report["audit"]["missing_count"] == 1 and report["audit"]["unsupported"] == 1
    rows = list(csv.DictReader(io.StringIO(cli("ports", str(folder)).stdout)))
    assert list(rows[0])[-2:] == ["audit_table", "audit_row"]
    assert [(r["audit_table"], r["audit_row"]) for r in rows] == [
        ("firewall", "firewall#1"), ("firewall", "firewall#2"), ("", "")]


def test_check_of_a_folder_without_sources_prints_no_audit(mini):
    proc = cli("check", str(mini))
    assert proc.returncode == 0 and "audit:" not in proc.stdout, proc
