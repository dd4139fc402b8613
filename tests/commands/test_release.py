"""Releases: immutable snapshots, semantic diff, reproducible PDFs, stable layouts, review copies."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.helpers import cli as _run, tree as _tree

pytestmark = pytest.mark.exe


@pytest.fixture
def project(mini) -> Path:
    """The mini poster in a project folder of its own (cwd for commands)."""
    return mini.parent


def _release(project: Path, version: str, *extra: str) -> subprocess.CompletedProcess:
    return _run("release", "mini", "--version", version, "--note", f"Release {version}",
                "--date", "2026-11-24", *extra, cwd=project)


def test_release_records_history_snapshot_and_pdf(project):
    proc = _release(project, "1.1", "--credit", "Rob L.", "--credit", "A. Reader")
    assert proc.returncode == 0, proc.stderr
    mini = project / "mini"
    assert 'version: "1.1"' in (mini / "poster.yaml").read_text()
    assert 'revised: "2026-11-24"' in (mini / "poster.yaml").read_text()
    history = (mini / "history.yaml").read_text()
    assert '- version: "1.1"' in history and 'credits: ["Rob L.", "A. Reader"]' in history
    assert (mini / "releases" / "1.1.json").is_file()
    assert (mini / "releases" / "1.1" / "chat.gv").is_file()
    pdf = project / "output" / "mini-v1.1.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    import pdfplumber
    with pdfplumber.open(pdf) as doc:
        text = doc.pages[0].extract_text()
    assert "Version 1.1" in text and "revised 2026-11-24" in text
    assert "What's new in 1.1" in text and "Thanks to Rob L., A. Reader." in text


@pytest.mark.parametrize("second", ["1.1", "1.0", "0.9"], ids=["same", "lower-than-history", "lower"])
def test_release_refuses_existing_or_lower_versions_and_changes_nothing(project, second):
    assert _release(project, "1.1").returncode == 0
    before = _tree(project)
    proc = _release(project, second)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert ("already published" in proc.stderr) if second == "1.1" else ("lower than" in proc.stderr)
    assert _tree(project) == before


def test_rebuild_from_snapshot_is_byte_identical(project):
    assert _release(project, "1.1").returncode == 0
    published = (project / "output" / "mini-v1.1.pdf").read_bytes()
    chat = project / "mini" / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", "port: 8443"))  # the working data moves on
    proc = _run("build", "mini@1.1", "-o", "rebuilt.pdf", cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / "rebuilt.pdf").read_bytes() == published


def test_build_never_overwrites_a_published_version(project):
    assert _release(project, "1.1").returncode == 0
    published = project / "output" / "mini-v1.1.pdf"
    before = published.read_bytes()
    assert _run("build", "mini", cwd=project).returncode == 0  # same data: allowed, same bytes
    assert published.read_bytes() == before
    chat = project / "mini" / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", "port: 8443"))
    proc = _run("build", "mini", cwd=project)
    assert proc.returncode == 2 and "version 1.1 is published" in proc.stderr
    assert published.read_bytes() == before


def test_export_and_web_of_changed_data_say_draft_as_the_pdf_does(project):
    """An SVG, draw.io file or viewer of data changed since its published version cannot be
    taken for that version: the sheet's version tag and the viewer's header say DRAFT."""
    assert _release(project, "1.1").returncode == 0
    chat = project / "mini" / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", "port: 8443"))
    proc = _run("export", "mini", "--format", "svg", cwd=project)
    assert proc.returncode == 0, proc.stderr
    folder = project / "output" / "mini-v1.1-draft-svg"
    assert "DRAFT" in (folder / "sheet.svg").read_text(encoding="utf-8")
    site = _run("web", "mini", "-o", "site", "--dpi", "20", cwd=project)
    assert site.returncode == 0, site.stderr
    assert "Version 1.1 · DRAFT" in (project / "site" / "index.html").read_text(encoding="utf-8")


def test_diff_lists_exactly_the_changes(project):
    assert _release(project, "1.1").returncode == 0
    mini = project / "mini"
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("    port: 5061", "    port: 5062")
                    + "  - from: user\n    to: edge\n    protocol: sip\n    transport: MTLS\n"
                      "    port: 5061\n    source: https://example.org/fed\n")
    dns = mini / "dns.yaml"
    dns.write_text(dns.read_text().replace("edge.example.org, target: 192.0.2.10", "edge.example.org, target: 192.0.2.11"))
    assert _release(project, "1.2").returncode == 0
    proc = _run("diff", "1.1", "1.2", "--poster", "mini", cwd=project)
    assert proc.returncode == 0, proc.stderr
    lines = [l for l in proc.stdout.splitlines() if l.startswith("  ")]
    assert lines == [
        "  ~ version changed: poster version",
        "      version: 1.1 -> 1.2",
        "  + connection added: Chat: Remote user → Edge gateway SIP/MTLS 5061",
        "  ~ connection changed: Chat: Edge gateway → Chat server SIP/MTLS 5062",
        "      ports: 5061 -> 5062",
        "  ~ dns changed: A edge.example.org (external)",
        "      target: 192.0.2.10 -> 192.0.2.11",
    ], proc.stdout
    md = _run("diff", "mini@1.1", "mini", "--format", "markdown", cwd=project).stdout
    assert md.startswith("## Changes from mini@1.1 to mini")
    assert "- **changed**: Chat: Edge gateway → Chat server SIP/MTLS 5062 (ports: 5061 → 5062)" in md


def test_review_copy_highlights_changes(project):
    assert _release(project, "1.1").returncode == 0
    chat = project / "mini" / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", "port: 8443"))
    proc = _run("build", "mini", "--changes-since", "1.1", cwd=project)
    assert proc.returncode == 0, proc.stderr
    out = project / "output" / "mini-v1.1-review.pdf"
    import pdfplumber
    with pdfplumber.open(out) as doc:
        page = doc.pages[0]
        text = page.extract_text()
        fills = {tuple(round(v, 3) for v in r["non_stroking_color"]) for r in page.rects
                 if r.get("non_stroking_color") and len(r["non_stroking_color"]) == 3}
    assert "Review copy: changes since 1.1" in text
    assert "SIP/TLS 8443" in text and "ports: 443 -> 8443" in text  # the font has no arrow
    assert (1.0, 0.894, 0.361) in fills  # the highlight colour #ffe45c


@pytest.fixture
def lync_project(tmp_path) -> Path:
    for part in ("data/lync2010", "layouts", "fonts"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("releases"))
    return tmp_path


def test_a_correction_moves_only_its_own_quadrant(lync_project):
    def release(version: str) -> None:
        proc = _run("release", "data/lync2010", "--version", version, "--note", "n", "--date",
                    "2026-11-24", cwd=lync_project)
        assert proc.returncode == 0, proc.stderr
    poster = lync_project / "data" / "lync2010"
    version = next(l.split('"')[1] for l in (poster / "poster.yaml").read_text().splitlines()
                   if l.startswith("version:"))
    major, minor = version.split(".")
    release(version)
    first_pdf = (lync_project / "output" / f"lync2010-v{version}.pdf").read_bytes()
    ev = poster / "workloads" / "enterprise-voice.yaml"
    text = ev.read_text()
    assert "port: 5070" in text
    ev.write_text(text.replace("port: 5070", "port: 5071", 1))
    release(f"{major}.{int(minor) + 1}")
    old, new = poster / "releases" / version, poster / "releases" / f"{major}.{int(minor) + 1}"
    for layout in sorted(old.glob("*.json")):
        same = layout.read_bytes() == (new / layout.name).read_bytes()
        assert same == (layout.stem != "enterprise-voice"), layout.name
    # the real poster, heavy edges and all, rebuilds byte for byte from its snapshot
    proc = _run("build", f"data/lync2010@{version}", "-o", "rebuilt.pdf", cwd=lync_project)
    assert proc.returncode == 0, proc.stderr
    assert (lync_project / "rebuilt.pdf").read_bytes() == first_pdf
