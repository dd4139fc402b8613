"""`check` refuses everything `build` would refuse, first, naming the file (issue: check said ok,
build died with KeyError)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.helpers import cli as _run


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.exe
def test_a_family_the_layout_does_not_style_is_refused_by_check_and_build(mini):
    project = mini.parent
    _edit(project / "layouts" / "mini.yaml", '  signalling: {color: "#0072B2", width: 2.0}                    # blue, solid\n', "")
    check = _run("check", "mini", cwd=project)
    build = _run("build", "mini", "-o", "out.pdf", cwd=project)
    assert "Traceback" not in build.stderr, build.stderr
    assert (check.returncode, build.returncode) == (2, 2), (check.stdout, check.stderr)
    assert "mini.yaml" in check.stderr and "signalling" in check.stderr
    assert not (project / "out.pdf").exists()


LAYOUT, CHAT = "layouts/mini.yaml", "mini/workloads/chat.yaml"
# name -> (file, text, replacement, what the message names, extra arguments)
CORPUS = {
    "valid": (LAYOUT, "name: mini", "name: mini", None, ()),
    "zone colour of another poster": (LAYOUT, "zone_telephony", "zone_ocean", None, ()),
    "family not styled": (LAYOUT, '  data: {color: "#C26A9F", dash: [1.5, 2.5], width: 2.4}        # reddish purple, dotted\n', "",
                          "mini.yaml:", ()),
    "panel for a workload the data lacks": (LAYOUT, "workload: chat,", "workload: chats,",
                                            "mini.yaml:", ()),
    "workload id changed in the data": (CHAT, "id: chat", "id: talk", "mini.yaml:", ()),
    "misspelt zone colour": (LAYOUT, "zone_perimeter:", "zone_perimiter:", "mini.yaml:", ()),
    "unknown colour name": (LAYOUT, "panel_fill:", "panel_fil:", "mini.yaml:", ()),
    "unknown panel type": (LAYOUT, "type: dns,", "type: dnss,", "mini.yaml:", ()),
    "missing text style": (LAYOUT, "  footer:        {font", "  footers:       {font", "mini.yaml:", ()),
    "fixed rows taller than the page": (LAYOUT, "rows: [2.2in, 1fr, 5in, 0.4in]",
                                        "rows: [12in, 1fr, 15in, 0.4in]", "mini.yaml:", ()),
    "fixed rows leave the fractional one nothing": (LAYOUT, "rows: [2.2in, 1fr, 5in, 0.4in]",
                                                    "rows: [8in, 1fr, 13.8in, 0.4in]", "mini.yaml:", ()),
    "text below the minimum on a smaller paper": (LAYOUT, "min_text_size: 6pt", "min_text_size: 9pt",
                                                  "mini.yaml:", ("--paper", "a1")),
    "text style below the minimum": (LAYOUT, "table_small:   {font: condensed, size: 9.5pt",
                                     "table_small:   {font: condensed, size: 5.5pt", "mini.yaml:", ()),
    "duplicate connection": (CHAT, "port: 443\n", "port: 443\n  - {from: user, to: edge, protocol: "
                             "sip, transport: TLS, port: 443, source: x}\n", "chat.yaml:", ()),
    "unknown role": (CHAT, "to: db", "to: dbs", "chat.yaml:", ()),
}


@pytest.mark.exe
@pytest.mark.parametrize("case", CORPUS.values(), ids=CORPUS.keys())
def test_check_exits_2_exactly_when_build_does(mini, tmp_path, capsys, monkeypatch, case):
    from posterbuild.cli.main import main
    rel, old, new, names, extra = case
    _edit(mini.parent / rel, old, new)
    monkeypatch.chdir(mini.parent)
    check = main(["check", "mini", *extra])
    checked = capsys.readouterr()
    out = tmp_path / "out.pdf"
    build = main(["build", "mini", "-o", str(out), *extra])
    built = capsys.readouterr()
    assert check == build == (0 if names is None else 2), (checked.err, built.err)
    if names is not None:
        assert names in checked.err and checked.err == built.err
        assert not out.exists()


@pytest.mark.exe
def test_a_panel_too_small_for_its_content_is_found_by_check_with_layout(mini, tmp_path, capsys,
                                                                        monkeypatch):
    """What depends on the content's size (a graph, a table) is known once laid out: `check
    --layout` lays out, and refuses what `build` refuses, with the same message."""
    from posterbuild.cli.main import main
    _edit(mini.parent / LAYOUT, "rows: [2.2in, 1fr, 5in, 0.4in]", "rows: [8in, 1fr, 12in, 0.4in]")
    monkeypatch.chdir(mini.parent)
    check = main(["check", "mini", "--layout"])
    checked = capsys.readouterr()
    build = main(["build", "mini", "-o", str(tmp_path / "out.pdf")])
    built = capsys.readouterr()
    assert check == build == 2
    assert "chat.yaml: workload 'chat' (Chat) needs " in checked.err and "(layout 'mini'" in checked.err
    assert checked.err == built.err
