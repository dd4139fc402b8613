"""`posterbuild init`: a new poster folder that validates and builds on the first try."""

from __future__ import annotations


import pytest

from posterbuild import pipeline
from posterbuild.cli.main import main
from tests.helpers import cli as _run, tree as _tree

pytestmark = pytest.mark.exe


def test_init_then_build_outside_any_project(tmp_path):
    """From a scratch folder: init, check and build, each exit 0, and the PDF shows the data."""
    proc = _run("init", "newposter", "--product", "Acme Gateway 3", "--author", "A. Writer", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    folder = tmp_path / "newposter"
    assert sorted(_tree(folder)) == ["certificates.yaml", "dns.yaml", "history.yaml", "layout.yaml",
                                     "poster.yaml", "protocols.yaml", "resources.yaml", "roles.yaml",
                                     "workloads/sign-in.yaml"]
    for line in ("edit next:", "posterbuild check newposter", "posterbuild build newposter",
                 "output/newposter-v0.1.pdf", "posterbuild preview output/newposter-v0.1.pdf"):
        assert line in proc.stdout, proc.stdout
    assert "#" in (folder / "roles.yaml").read_text(encoding="utf-8")  # commented
    check = _run("check", "newposter", "--strict", cwd=tmp_path)
    assert check.returncode == 0, check.stderr
    assert "3 roles, 1 workloads, 2 connections, 1 certificates, 2 DNS records" in check.stdout
    build = _run("build", "newposter", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    import pdfplumber
    with pdfplumber.open(tmp_path / "output" / "newposter-v0.1.pdf") as pdf:
        words = pdf.pages[0].extract_words(extra_attrs=["size"])
    for expected in ("Acme Gateway 3 Protocol Workloads Poster", "Remote user", "Edge server",
                     "Application", "443", "5061", "by A. Writer"):
        assert _printed(words, expected), expected


def _printed(words: list[dict], phrase: str) -> bool:
    """Is ``phrase`` printed as one run of words: each word after the one before on its line,
    or wrapped to the next line under the run's first word (a role name in its box, where a
    label pill beside the box can come between its lines in extracted text)?"""
    parts = phrase.split()
    for start in (w for w in words if w["text"] == parts[0]):
        run, ok = [start], True
        for part in parts[1:]:
            prev, first = run[-1], run[0]
            nxt = [w for w in words if w["text"] == part and (
                (abs(w["top"] - prev["top"]) < 2 and 0 <= w["x0"] - prev["x1"] < prev["size"])
                or (0 < w["top"] - prev["top"] < prev["size"] * 1.6 and abs(w["x0"] - first["x0"]) < 2))]
            if not nxt:
                ok = False
                break
            run.append(nxt[0])
        if ok:
            return True
    return False


def test_init_refuses_a_folder_that_is_not_empty_and_changes_nothing(tmp_path):
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine", encoding="utf-8")
    before = _tree(tmp_path)
    assert main(["init", str(folder)]) == 2
    assert _tree(tmp_path) == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary left


def test_init_fills_an_empty_folder_and_refuses_a_file(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty")]) == 0
    assert (tmp_path / "empty" / "poster.yaml").is_file()
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    assert main(["init", str(tmp_path / "afile")]) == 2
    assert "exists and is not a folder" in capsys.readouterr().err


def test_a_first_edit_builds(tmp_path):
    """The walk-through's first edit: a role and a connection to it."""
    main(["init", str(tmp_path / "p")])
    folder = tmp_path / "p"
    with (folder / "roles.yaml").open("a", encoding="utf-8") as f:
        f.write("  - id: database\n    name: Database\n    zone: internal\n    kind: storage\n")
    with (folder / "workloads" / "sign-in.yaml").open("a", encoding="utf-8") as f:
        f.write("  - from: app-server\n    to: database\n    protocol: https\n    transport: TCP\n"
                "    port: 1433\n    source: https://example.org/docs/sql\n")
    loaded = pipeline.load(folder)
    assert "database" in loaded.poster.roles
    built = pipeline.build(loaded)
    assert len(built.geometries["sign-in"].nodes) >= 4


def test_the_commented_examples_in_the_scaffold_are_valid_when_uncommented(tmp_path):
    main(["init", str(tmp_path / "p")])
    path = tmp_path / "p" / "protocols.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("  # - {") == 4
    path.write_text(text.replace("  # - {", "  - {"), encoding="utf-8")
    poster = pipeline.load(tmp_path / "p").poster
    assert {"sql", "srtp"} <= set(poster.protocols) and {"data", "media"} <= set(poster.families)
