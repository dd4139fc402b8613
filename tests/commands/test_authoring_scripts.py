"""Interfaces for scripts: --format json, diff --exit-code, release --dry-run, --help with an
example for every subcommand, -q and -v."""

from __future__ import annotations

import json
import shutil

import pytest

from posterbuild.cli.main import _parser, main
from tests.helpers import cli as _run, tree as _tree

pytestmark = pytest.mark.exe


def test_check_json_ok(mini, capsys):
    assert main(["check", str(mini), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True and report["problems"] == []
    assert report["counts"] == {"roles": 4, "workloads": 1, "connections": 3, "certificates": 1,
                                "dns_records": 2, "sources": 2}
    assert report["layout"] == "mini"


def test_check_json_problems_have_file_line_field(mini, capsys):
    path = mini / "workloads" / "chat.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("to: node", "to: nodes", 1), encoding="utf-8")
    assert main(["check", str(mini), "--format", "json"]) == 2
    captured = capsys.readouterr()
    report = json.loads(captured.out)
    assert captured.err == ""
    assert report["ok"] is False
    [problem] = report["problems"]
    assert problem["file"].endswith("workloads/chat.yaml") and problem["line"] == 11
    assert problem["field"] == "connections[1].to"
    assert problem["message"].startswith("unknown role 'nodes': did you mean 'node'?")


def test_check_json_with_layout_adds_lint(mini, capsys):
    main(["check", str(mini), "--format", "json", "--layout"])
    report = json.loads(capsys.readouterr().out)
    assert [q["workload"] for q in report["panels"]] == ["chat"] and report["distinct_text_sizes"] > 0
    assert {"ok", "problems", "counts", "warnings"} <= set(report)


def test_ports_json(mini, capsys):
    assert main(["ports", str(mini), "--format", "json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 3 and rows[0]["destination_role"] and rows[0]["port"]
    assert set(rows[0]) == {"workload", "source_role", "destination_role", "protocol", "transport",
                            "port", "initiator", "note", "source", "source_kind", "also_source",
                            "placement", "audit_table", "audit_row"}


def test_diff_json_and_exit_code(mini, tmp_path, capsys):
    other = tmp_path / "other"
    shutil.copytree(mini, other)
    assert main(["diff", str(mini), str(other), "--exit-code"]) == 0
    capsys.readouterr()
    path = other / "workloads" / "chat.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("port: 5061", "port: 5062", 1), encoding="utf-8")
    assert main(["diff", str(mini), str(other), "--exit-code", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["count"] == 1
    [change] = report["changes"]
    assert change["kind"] == "connection" and change["action"] == "changed"
    assert change["fields"] == [{"field": "ports", "old": "5061", "new": "5062"}]
    assert main(["diff", str(mini), str(other)]) == 0  # without --exit-code, differences are not failure


def test_release_dry_run_writes_nothing(mini):
    project = mini.parent
    before = _tree(project)
    proc = _run("release", "mini", "--version", "1.1", "--note", "A note", "--dry-run", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert "nothing was written" in proc.stdout
    for name in ("mini/releases/1.1.json", "output/mini-v1.1.pdf", "mini/history.yaml", "mini/poster.yaml"):
        assert name in proc.stdout
    assert _tree(project) == before
    assert not (project / "output").exists()
    real = _run("release", "mini", "--version", "1.1", "--note", "A note", cwd=project)
    assert real.returncode == 0, real.stderr
    assert (mini / "releases" / "1.1.json").is_file()  # the dry run said what this writes


def test_every_subcommand_has_a_description_and_an_example():
    parser = _parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    assert set(sub.choices) >= {"init", "build", "check", "diff", "ports", "release", "watch"}
    for name, command in sub.choices.items():
        text = command.format_help()
        assert command.description and len(command.description) > 40, name
        assert f"example:\n  posterbuild {name}" in text, name


def test_quiet_and_verbose(mini, tmp_path, capsys):
    assert main(["-q", "build", str(mini), "-o", str(tmp_path / "q.pdf")]) == 0
    quiet = capsys.readouterr()
    assert quiet.out == "" and (tmp_path / "q.pdf").is_file()
    assert main(["-v", "check", str(mini)]) == 0
    loud = capsys.readouterr()
    assert "ok:" in loud.out and "layout 'mini' from" in loud.err
    assert main(["check", str(mini), "-q"]) == 0  # after the subcommand too
    assert capsys.readouterr().out == ""
    assert main(["-q", "ports", str(mini)]) == 0  # data still goes to stdout
    assert capsys.readouterr().out.startswith("workload,")
