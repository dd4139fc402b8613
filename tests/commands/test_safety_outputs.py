"""Class 1: nothing the user owns is ever deleted or overwritten by an output."""

from __future__ import annotations

import json

import os
import stat
from pathlib import Path

import pytest

from tests.helpers import cli, refused, tree

pytestmark = pytest.mark.exe


@pytest.fixture
def project(mini) -> Path:
    """The mini poster in a project of its own, with a user's folder of documents beside it."""
    root = mini.parent
    docs = root / "Documents"
    (docs / "taxes").mkdir(parents=True)
    (docs / "letter.txt").write_text("dear...\n")
    (docs / "taxes" / "2025.pdf").write_bytes(b"%PDF-1.4 the user's\n")
    return root


@pytest.mark.parametrize("target", ["Documents", ".", "..", "mini", "mini/workloads", "mini/site"],
                         ids=["user-folder", "cwd", "parent", "poster", "poster-sub", "inside-poster"])
def test_web_never_replaces_a_folder_it_did_not_write(project, target):
    before = tree(project)
    proc = cli("web", "mini", "-o", target, "--dpi", "10", cwd=project)
    refused(proc, "refusing" if target not in (".", "..") else "name a new folder")
    assert tree(project) == before


def test_web_refuses_the_project_and_replaces_only_its_own_site(project):
    (project / "data").mkdir()  # a project: holds data/
    proc = cli("web", "fixtures/mini", "-o", project.name, "--dpi", "10", cwd=project.parent)
    refused(proc, "holds poster data")
    old_umask = os.umask(0o077)  # a strict umask must not make the site unreadable to a web server
    try:
        first = cli("web", "mini", "-o", "out/site", "--dpi", "10", cwd=project)
    finally:
        os.umask(old_umask)
    assert first.returncode == 0, first.stderr
    site = project / "out" / "site"
    assert (site / ".posterbuild-site").is_file() and (site / "index.html").is_file()
    modes = {stat.S_IMODE(p.stat().st_mode) for p in [site, *site.rglob("*")]}
    assert modes == {0o755, 0o644}
    (site / "stale.txt").write_text("from the last run")
    again = cli("web", "mini", "-o", "out/site", "--dpi", "10", cwd=project)
    assert again.returncode == 0, again.stderr
    assert not (site / "stale.txt").exists() and (site / "index.html").is_file()
    assert sorted(p.name for p in (project / "out").iterdir()) == ["site"]  # no staging left


def test_build_refuses_folders_and_colliding_side_folders_before_writing(project):
    before = tree(project)
    refused(cli("build", "mini", "-o", "Documents", cwd=project), "must be a .pdf")
    (project / "report.pdf").mkdir()
    refused(cli("build", "mini", "-o", "report.pdf", cwd=project), "is a folder")
    # the side folder of DOT/JSON beside report2.pdf would be Documents-like: a user's folder
    (project / "report2").mkdir()
    (project / "report2" / "notes.json").write_text("{}")
    proc = cli("build", "mini", "-o", "report2.pdf", cwd=project)
    refused(proc, "report2: exists and was not written by posterbuild")
    assert not (project / "report2.pdf").exists()
    (project / "letter.pdf").write_text("not a pdf, a letter")
    refused(cli("build", "mini", "-o", "letter.pdf", cwd=project), "exists and is not a PDF")
    assert (project / "letter.pdf").read_text() == "not a pdf, a letter"
    refused(cli("build", "mini", "-o", "mini/x.pdf", cwd=project), "inside the poster folder")
    after = tree(project)
    assert all(after.get(k) == v for k, v in before.items())
    ok = cli("build", "mini", "-o", "out/x.pdf", cwd=project)  # its own side folder: fine, twice
    assert ok.returncode == 0, ok.stderr
    assert (project / "out" / "x" / ".posterbuild-layouts").is_file()
    assert cli("build", "mini", "-o", "out/x.pdf", cwd=project).returncode == 0


def test_other_outputs_replace_only_their_own_kind(project):
    notes = project / "Documents" / "letter.txt"
    refused(cli("ports", "mini", "-o", str(notes), cwd=project), "not a connection table")
    (project / "photo.png").write_bytes(b"\xff\xd8\xff a JPEG named png")
    refused(cli("preview", "mini", "-o", "photo.png", "--dpi", "5", cwd=project), "not a PNG image")
    assert (project / "photo.png").read_bytes().startswith(b"\xff\xd8")
    assert notes.read_text() == "dear...\n"
    out = project / "t.csv"
    assert cli("ports", "mini", "-o", str(out), cwd=project).returncode == 0
    assert cli("ports", "mini", "-o", str(out), cwd=project).returncode == 0  # its own table again


def test_ports_json_to_a_file_replaces_only_its_own_json(project):
    out, theirs = project / "ports.json", project / "settings.json"
    theirs.write_text('{"editor": "vim"}\n')
    for _ in range(2):  # a new file, then its own table again
        done = cli("ports", "mini", "--format", "json", "-o", str(out), cwd=project)
        assert done.returncode == 0, done.stderr
        assert json.loads(out.read_text())[0]["workload"]
    refused(cli("ports", "mini", "--format", "json", "-o", str(theirs), cwd=project),
            "exists and is not a connection table (JSON)")
    assert theirs.read_text() == '{"editor": "vim"}\n'


def test_a_users_own_pdf_or_png_is_never_replaced(project, tmp_path):
    import pikepdf
    from PIL import Image
    report = project / "report.pdf"
    with pikepdf.new() as pdf:
        pdf.add_blank_page()
        pdf.docinfo["/Creator"] = "Writer"
        pdf.save(report)
    photo = project / "photo.png"
    Image.new("RGB", (4, 4), "red").save(photo)
    before = tree(project)
    for args in (("build", "mini", "-o", "report.pdf"), ("tile", "mini", "-o", "report.pdf"),
                 ("preview", "mini", "--dpi", "5", "-o", "photo.png"),
                 ("watch", "mini", "-o", "report.pdf"), ("watch", "mini", "--preview", "photo.png")):
        refused(cli(*args, cwd=project), "was not written by posterbuild")
    assert tree(project) == before
    for args in (("tile", "mini", "-o", "t.pdf"), ("preview", "mini", "--dpi", "5", "-o", "p.png")):
        assert cli(*args, cwd=project).returncode == 0  # ours, and again over ours
        assert cli(*args, cwd=project).returncode == 0
