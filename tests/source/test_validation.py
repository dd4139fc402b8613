"""Validation: every mistake named by file, line and field, all at once, exit status 2."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from posterbuild.core.errors import DataError
from posterbuild.source.load import load_poster


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _problems(folder: Path) -> list[str]:
    with pytest.raises(DataError) as err:
        load_poster(folder)
    return [str(p) for p in err.value.problems]


def test_the_test_poster_is_valid(mini):
    poster = load_poster(mini)
    assert [w.id for w in poster.workloads] == ["chat"]
    db = poster.workloads[0].connections[2]
    assert db.port_text == "1433, 49152-65535"
    assert poster.label(db) == "SQL 1433, 49152-65535"
    assert poster.label(poster.workloads[0].connections[1]) == "SIP/MTLS 5061"


CASES = [
    pytest.param("workloads/chat.yaml", "to: node", "to: nodes", "chat.yaml:11: connections[1].to: unknown role 'nodes'",
                 id="unknown-role"),
    pytest.param("workloads/chat.yaml", "protocol: sql", "protocol: tds", "chat.yaml:20: connections[2].protocol: unknown protocol 'tds'",
                 id="unknown-protocol"),
    pytest.param("workloads/chat.yaml", "port: 443", "port: 70000", "chat.yaml:8: connections[0].port: 70000 is not a port",
                 id="port-above-range"),
    pytest.param("workloads/chat.yaml", "port: 443", "port: 0", "connections[0].port: 0 is not a port", id="port-zero"),
    pytest.param("workloads/chat.yaml", '"49152-65535"', '"65535-49152"', "connections[2].port[1]: range '65535-49152' must go from low to high",
                 id="range-backwards"),
    pytest.param("workloads/chat.yaml", '"49152-65535"', '"49152-70000"', "range '49152-70000' is outside 1-65535",
                 id="range-outside"),
    pytest.param("workloads/chat.yaml", '"49152-65535"', '"49152:65535"', "connections[2].port[1]: \"49152:65535\" is not a port",
                 id="range-malformed"),
    pytest.param("workloads/chat.yaml", "both_ways: true", "both_ways: yes please", "connections[1].both_ways: expected true or false",
                 id="wrong-type"),
    pytest.param("workloads/chat.yaml", "    note: Inner hop", "    colour: red", "chat.yaml:16: connections[1].colour: unknown field 'colour' (allowed: also_source, both_ways, from, note, port, protocol, source, source_kind, step, to, transport)",
                 id="unknown-key"),
    pytest.param("workloads/chat.yaml", "    source: poster 1.0\n", "", "chat.yaml:18: connections[2].source: missing required field 'source'",
                 id="missing-field"),
    pytest.param("workloads/chat.yaml", "transport: TLS", "transport: SSL", "connections[0].transport: \"SSL\" is not one of: TCP, UDP, TLS, MTLS",
                 id="bad-enum"),
    pytest.param("roles.yaml", "id: db,", "id: node,", "roles.yaml:7: roles[3].id: duplicate role id 'node' (first at line 6)",
                 id="duplicate-id"),
    pytest.param("roles.yaml", "zone: internal, kind: storage", "zone: intranet, kind: storage", "roles[3].zone: unknown zone 'intranet'",
                 id="unknown-zone"),
    pytest.param("poster.yaml", 'version: "1.0"', "version: 1.0", 'poster.yaml:3: version: write version: "1.0" — unquoted',
                 id="unquoted-version"),
    pytest.param("dns.yaml", "target: edge.example.org, port: 443,", "target: edge.example.org,", "dns.yaml:2: records[0]: an SRV record needs 'port'",
                 id="srv-without-port"),
    pytest.param("workloads/chat.yaml", "source: https://example.org/doc", "source: somewhere", "connections[0].source: \"somewhere\" is not a documentation URL or 'poster X.Y'",
                 id="bad-source"),
]


@pytest.mark.parametrize("file, old, new, expected", CASES)
def test_mistakes_are_named(mini, file, old, new, expected):
    _edit(mini / file, old, new)
    problems = _problems(mini)
    assert any(expected in p for p in problems), problems


def test_every_problem_at_once(mini):
    _edit(mini / "workloads/chat.yaml", "port: 443", "port: 99999")
    _edit(mini / "workloads/chat.yaml", "transport: MTLS", "transport: QUIC")
    _edit(mini / "roles.yaml", "kind: storage", "kind: database")
    problems = _problems(mini)
    assert len(problems) == 3, problems
    assert {p.split(":")[0].rsplit("/", 1)[-1] for p in problems} == {"chat.yaml", "roles.yaml"}


def test_workload_file_outside_folder_is_refused(mini):
    _edit(mini / "poster.yaml", "workloads/chat.yaml", "../../secrets.yaml")
    assert any("outside the poster folder" in p for p in _problems(mini))


def test_missing_poster_yaml(tmp_path):
    problems = _problems(tmp_path)
    assert "poster.yaml not found" in problems[0]


def test_cli_check_exit_2_without_traceback(mini):
    _edit(mini / "workloads/chat.yaml", "to: node", "to: nodes")
    proc = subprocess.run([sys.executable, "-m", "posterbuild", "check", str(mini)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "chat.yaml:11: connections[1].to: unknown role 'nodes'" in proc.stderr


def test_cli_check_ok(mini):
    proc = subprocess.run([sys.executable, "-m", "posterbuild", "check", str(mini)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert "3 connections" in proc.stdout
