"""Messages that suggest the fix: did you mean, YAML syntax with line and column, quoting a
version, the layouts that exist, and the project found from any folder below it."""

from __future__ import annotations

from pathlib import Path

import pytest

from posterbuild.cli.main import main
from tests.conftest import ROOT
from tests.helpers import cli as _run


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _check(mini: Path, capsys, *extra: str) -> str:
    assert main(["check", str(mini), *extra]) == 2
    return capsys.readouterr().err


@pytest.mark.parametrize("file, old, new, expected", [
    ("workloads/chat.yaml", "to: node", "to: nodes",
     "chat.yaml:11: connections[1].to: unknown role 'nodes': did you mean 'node'? (known: db, edge, node, user)"),
    ("roles.yaml", "zone: internal, kind: storage", "zone: intenral, kind: storage",
     "roles[3].zone: unknown zone 'intenral': did you mean 'internal'?"),
    ("workloads/chat.yaml", "protocol: sql", "protocol: sqll", "unknown protocol 'sqll': did you mean 'sql'?"),
    ("protocols.yaml", "family: data", "family: dta", "unknown protocol family 'dta': did you mean 'data'?"),
    ("roles.yaml", "kind: storage", "kind: storge", "\"storge\" is not one of: server, client, cloud, pstn, "
     "storage; did you mean 'storage'?"),
    ("workloads/chat.yaml", "    note: Inner hop", "    nots: Inner hop", "unknown field 'nots' (allowed: "
     "also_source, both_ways, from, note, port, protocol, source, source_kind, step, to, transport); "
     "did you mean 'note'?"),
], ids=["role", "zone", "protocol", "family", "kind", "field"])
def test_unknown_ids_suggest_the_nearest(mini, capsys, file, old, new, expected):
    _edit(mini / file, old, new)
    assert expected in _check(mini, capsys)


@pytest.mark.parametrize("old, new, expected", [
    ("workload: chat", "workload: chatt",
     "panels[3].workload: unknown workload 'chatt': did you mean 'chat'? (known: chat) in layout 'mini'"),
    ("type: legend", "type: legnd", "did you mean 'legend'?"),
    ("{font: medium, size: 15pt", "{font: meduim, size: 15pt", "text.node.font: unknown font 'meduim': "
     "did you mean 'medium'?"),
    ("  data: {color", "  dat: {color", "families: no style for protocol family 'data' (from protocols.yaml);"
     " did you mean 'dat'? add it under 'families'"),
    ("  title_band:", "  titel_band:", "colors.titel_band: unknown colour 'titel_band'; did you mean "
     "'title_band'?"),
], ids=["workload-panel", "panel-type", "font", "family-style", "colour"])
def test_layout_ids_suggest_the_nearest_and_check_refuses_what_build_refuses(mini, tmp_path, capsys,
                                                                          old, new, expected):
    _edit(mini.parent / "layouts" / "mini.yaml", old, new)
    assert expected in _check(mini, capsys)
    assert main(["build", str(mini), "-o", str(tmp_path / "x.pdf")]) == 2
    assert expected in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_a_wrong_layout_name_lists_the_layouts_that_exist(mini, capsys):
    err = _check(mini, capsys, "--layout", "minii")
    assert "no layout named 'minii'; did you mean 'mini'? layouts that exist: " in err
    assert "default, firewall, mini" in err


def test_yaml_indentation_error_shows_line_column_and_cause(mini, capsys):
    _edit(mini / "workloads" / "chat.yaml", "    to: node\n", "     to: node\n")
    err = _check(mini, capsys)
    assert "chat.yaml:11: YAML syntax error at column" in err
    assert "usual cause:" in err and ("indent" in err or "': '" in err)


def test_a_colon_in_a_value_is_explained(mini, capsys):
    _edit(mini / "poster.yaml", "copyright: Test copyright line.", "copyright: Note: a line")
    err = _check(mini, capsys)
    assert "poster.yaml:7: YAML syntax error at column 16: mapping values are not allowed" in err
    assert "usual cause: a value that holds ': ' (put it in quotes" in err


def test_a_float_version_explains_quoting(mini, capsys):
    _edit(mini / "poster.yaml", 'version: "1.0"', "version: 1.10")
    err = _check(mini, capsys)
    assert 'poster.yaml:3: version: write version: "1.10" — unquoted, YAML reads 1.10 as the number 1.1' in err


def test_commas_inside_braces_are_explained(mini, capsys):
    _edit(mini / "protocols.yaml", "description: SIP}", "description: SIP, XMPP}")
    err = _check(mini, capsys)
    assert "unknown field 'XMPP'" in err and "a comma inside {...} starts a new field" in err


def test_the_project_is_found_from_a_folder_below_it():
    proc = _run("check", cwd=ROOT / "docs")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(f"{ROOT / 'data' / 'lync2010'}: ok:")


def test_outside_a_project_it_says_what_it_looked_for(tmp_path):
    proc = _run("check", cwd=tmp_path)
    assert proc.returncode == 2
    assert f"no posterbuild project found in {tmp_path.resolve()} or any folder above it (looked for " \
        "data/default-poster or pyproject.toml with a [tool.posterbuild] table)" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_pyproject_marks_the_root(tmp_path):
    from posterbuild.core.project import find_root
    (tmp_path / "pyproject.toml").write_text("[tool.posterbuild]\n", encoding="utf-8")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_root(tmp_path / "a" / "b") == tmp_path.resolve()
    (tmp_path / "pyproject.toml").write_text("[tool.other]\n", encoding="utf-8")
    assert find_root(tmp_path / "a" / "b") != tmp_path.resolve()
