"""The connection table export, firewall rules and the consistency warnings of `check`."""

from __future__ import annotations

import csv
import io

import pytest

from posterbuild.exports.connections import COLUMNS, connection_rows
from posterbuild.core.firewalls import firewall_rules, perimeter_zones
from posterbuild.source.consistency import warnings
from posterbuild.source.load import load_poster
from tests.conftest import LYNC
from tests.helpers import cli as _cli


def test_ports_csv_has_every_connection(mini):
    proc = _cli("ports", str(mini), "--format", "csv")
    assert proc.returncode == 0, proc.stderr
    rows = list(csv.DictReader(io.StringIO(proc.stdout)))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 3
    assert rows[1] == {"workload": "Chat", "source_role": "Edge gateway", "destination_role": "Chat server",
                       "protocol": "SIP", "transport": "MTLS", "port": "5061", "initiator": "either",
                       "note": "Inner hop", "source": "https://example.org/doc", "source_kind": "",
                       "also_source": "", "placement": "diagram", "audit_table": "", "audit_row": ""}
    assert rows[2]["port"] == "1433, 49152-65535"


def test_ports_markdown(mini, tmp_path):
    out = tmp_path / "ports.md"
    assert _cli("ports", str(mini), "--format", "markdown", "-o", str(out)).returncode == 0
    lines = out.read_text().splitlines()
    assert lines[0] == "| " + " | ".join(COLUMNS) + " |"
    assert len(lines) == 2 + 3
    assert "| Chat | Remote user | Edge gateway | SIP | TLS | 443 | source |" in lines[2]


def test_ports_of_the_real_poster_match_the_data():
    poster = load_poster(LYNC)
    rows = connection_rows(poster)
    assert len(rows) == sum(len(w.connections) for w in poster.workloads)
    assert all(r["source"] for r in rows)


def test_firewall_rules(mini):
    poster = load_poster(mini)
    assert perimeter_zones(poster) == {"perimeter"}
    rules = firewall_rules(poster)
    crossing = {(r.firewall.name, r.connection.initiator, r.connection.listener, r.inbound) for r in rules}
    assert crossing == {("External firewall", "user", "edge", True),
                        ("Internal firewall", "edge", "node", True)}


def test_unused_role_is_a_warning(mini):
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text() + "  - {id: spare, name: Spare server, zone: internal, kind: server}\n")
    found = [str(w) for w in warnings(load_poster(mini))]
    assert any("roles.yaml:8: roles: role 'spare' is defined but no workload draws it" in w for w in found), found
    proc = _cli("check", str(mini))
    assert proc.returncode == 0 and "warning" in proc.stderr
    assert _cli("check", str(mini), "--strict").returncode == 2


@pytest.mark.parametrize("edit, expected", [
    (("    source: poster 1.0\n", "    source: poster 1.0\n  - from: node\n    to: db\n    protocol: sql\n"
      "    transport: TCP\n    port: [1433, \"49152-65535\"]\n    source: poster 1.0\n"),
     "chat.yaml:24: connections[3]: the same connection twice (also at line 18)"),
], ids=["duplicate-connection"])
def test_duplicate_connection_is_an_error(mini, edit, expected):
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace(*edit))
    proc = _cli("check", str(mini))
    assert proc.returncode == 2
    assert expected in proc.stderr


def test_srv_without_a_record_is_an_error(mini):
    dns = mini / "dns.yaml"
    dns.write_text(dns.read_text().replace("name: edge.example.org, target: 192.0.2.10",
                                           "name: other.example.org, target: 192.0.2.10"))
    proc = _cli("check", str(mini))
    assert proc.returncode == 2
    assert "dns.yaml:2: records[0].target: SRV target 'edge.example.org' has no A, AAAA or CNAME" in proc.stderr


@pytest.mark.exe
def test_layout_lint_counts_and_fails_on_problems(mini):
    proc = _cli("check", str(mini), "--layout")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    line = next(l for l in proc.stdout.splitlines() if l.strip().startswith("chat"))
    assert "through boxes 0" in line and "titles 0" in line and "crossings  0" in line
    assert "layout lint: 0 problem(s)" in proc.stdout


@pytest.mark.exe
def test_layout_lint_as_json(mini):
    import json
    proc = _cli("check", str(mini), "--layout", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    (panel,) = data["panels"]
    assert panel["workload"] == "chat" and panel["crossings"] == 0
    x0, y0, x1, y1 = panel["rect"]
    assert 0 < x0 < x1 and 0 < y0 < y1
    assert 0 <= panel["empty_fraction"] < 1 and panel["text_sizes"]
    assert data["distinct_text_sizes"] >= len(panel["text_sizes"])


@pytest.mark.exe
def test_layout_lint_on_the_lync_poster_is_clean():
    proc = _cli("check", str(LYNC), "--layout")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    rows = [l for l in proc.stdout.splitlines() if "crossings" in l]
    assert len(rows) == 5 and all("through boxes 0" in r and "titles 0" in r for r in rows)
