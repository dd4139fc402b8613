"""Class 5: published versions are immutable; releases are locked, exclusive and re-runnable."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from posterbuild.cli import main as cli_module
from posterbuild import pipeline
from tests.conftest import ROOT
from tests.helpers import cli, parts, refused, tree

pytestmark = pytest.mark.exe


@pytest.fixture
def project(mini) -> Path:
    return mini.parent


def _release(project: Path, version: str, *extra: str) -> subprocess.CompletedProcess:
    return cli("release", "mini", "--version", version, "--note", f"Release {version}",
               "--date", "2026-11-24", *extra, cwd=project)


def test_date_must_be_a_calendar_date(project):
    before = tree(project)
    for date in ("2026-02-30", "2026-13-01", "2025-02-29", "0000-00-00"):
        refused(cli("release", "mini", "--version", "1.1", "--note", "n", "--date", date, cwd=project),
                f"--date: {date} is not a calendar date")
    assert _release(project, "1.1", "--date", "2024-02-29").returncode == 0  # a leap day is one
    assert tree(project) != before


def test_a_held_lock_refuses_a_second_release(project):
    before = tree(project)
    fd = os.open(project / "mini", os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        refused(_release(project, "1.1"), "another release of this poster is running")
    finally:
        os.close(fd)
    assert tree(project) == before
    assert _release(project, "1.1").returncode == 0  # the lock went with its holder


def test_two_releases_at_once_publish_once(project):
    procs = [subprocess.Popen([sys.executable, "-m", "posterbuild", "release", "mini", "--version", "1.1",
                               "--note", f"from {n}", "--date", "2026-11-24"], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for n in (1, 2)]
    results = [(p.wait(timeout=180), p.stderr.read()) for p in procs]
    assert sorted(rc for rc, _ in results) == [0, 2], results
    loser = next(err for rc, err in results if rc == 2)
    assert "another release" in loser or "already published" in loser
    history = (project / "mini" / "history.yaml").read_text()
    assert history.count('version: "1.1"') == 1
    assert [p.name for p in (project / "mini" / "releases").glob("*.json")] == ["1.1.json"]


def test_an_old_version_never_overwrites_a_newer_published_pdf(project):
    assert _release(project, "1.1").returncode == 0
    chat = project / "mini" / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", "port: 8443"))
    assert _release(project, "1.2").returncode == 0
    newer = project / "output" / "mini-v1.2.pdf"
    before = newer.read_bytes()
    proc = cli("build", "mini@1.1", "-o", str(newer), cwd=project)
    refused(proc, "is the PDF of published version 1.2; this build is version 1.1")
    elsewhere = project / "copies" / "mini-v1.2.pdf"  # the name of a published PDF, in any folder
    refused(cli("build", "mini@1.1", "-o", str(elsewhere), cwd=project), "published version 1.2")
    assert newer.read_bytes() == before and not elsewhere.exists()


def test_a_font_or_graphviz_change_never_rewrites_a_published_pdf(project, tmp_path):
    fonts = project / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    layout = project / "layouts" / "mini.yaml"
    layout.write_text(layout.read_text().replace(f"font_dir: {ROOT / 'fonts'}", f"font_dir: {fonts}"))
    assert _release(project, "1.1").returncode == 0
    published = project / "output" / "mini-v1.1.pdf"
    before = published.read_bytes()
    assert cli("build", "mini@1.1", cwd=project).returncode == 0  # same fonts: same bytes, allowed
    # Graphviz changed: another spacing, so other coordinates
    fake = tmp_path / "other-dot"
    fake.write_text(f"#!/bin/sh\nexec {shutil.which('dot')} -Gnodesep=1.5 \"$@\"\n")
    fake.chmod(0o755)
    env = {**os.environ, "POSTERBUILD_DOT": str(fake), "POSTERBUILD_CACHE": "0"}
    for ref in ("mini@1.1", "mini"):
        refused(cli("build", ref, cwd=project, env=env), "a published PDF is never rewritten")
    shutil.copy(fonts / "Roboto-Medium.ttf", fonts / "Roboto-Bold.ttf")  # the fonts changed
    for ref in ("mini@1.1", "mini"):
        refused(cli("build", ref, cwd=project), "a published PDF is never rewritten")
    assert published.read_bytes() == before
    ok = cli("build", "mini@1.1", "-o", "compare.pdf", cwd=project)  # elsewhere: allowed
    assert ok.returncode == 0, ok.stderr
