"""`watch` on a published poster builds a marked draft instead of refusing every save."""

from __future__ import annotations

import pdfplumber
import pytest

from posterbuild.cli.main import main

pytestmark = pytest.mark.exe


def test_watch_on_a_published_poster_builds_a_draft(mini, monkeypatch, capsys):
    project = mini.parent
    monkeypatch.chdir(project)
    assert main(["release", "mini", "--version", "1.1", "--note", "First", "--date", "2026-11-24"]) == 0
    published = project / "output" / "mini-v1.1.pdf"
    before = published.read_bytes()
    # unchanged data: watch builds the published PDF itself (the same bytes)
    assert main(["watch", "mini", "--max-builds", "1"]) == 0
    assert published.read_bytes() == before
    assert not (project / "output" / "mini-v1.1-draft.pdf").exists()
    # a save after publishing: a draft, never the published file
    path = mini / "workloads" / "chat.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("port: 5061", "port: 5062", 1), encoding="utf-8")
    capsys.readouterr()
    assert main(["watch", "mini", "--max-builds", "1"]) == 0
    out = capsys.readouterr()
    draft = project / "output" / "mini-v1.1-draft.pdf"
    assert f"rebuilt {draft.relative_to(project)}" in out.out and "a DRAFT: version 1.1 is published" in out.out
    assert "error" not in out.err
    assert published.read_bytes() == before
    with pdfplumber.open(draft) as pdf:
        text = pdf.pages[0].extract_text()
    assert "DRAFT · version 1.1 with unpublished changes" in text and "DRAFT after version 1.1" in text
    assert "5062" in text
    with pdfplumber.open(published) as pdf:
        assert "DRAFT" not in pdf.pages[0].extract_text()


def test_build_still_refuses_to_overwrite_a_published_version(mini, monkeypatch, capsys):
    project = mini.parent
    monkeypatch.chdir(project)
    assert main(["release", "mini", "--version", "1.1", "--note", "First", "--date", "2026-11-24"]) == 0
    path = mini / "workloads" / "chat.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("port: 5061", "port: 5062", 1), encoding="utf-8")
    assert main(["build", "mini"]) == 2
    assert "version 1.1 is published" in capsys.readouterr().err
    # naming the published file with -o in watch is refused as build refuses it
    assert main(["watch", "mini", "-o", "output/mini-v1.1.pdf", "--max-builds", "1"]) == 0
    assert "version 1.1 is published" in capsys.readouterr().err
