"""Hostile or broken input: every attack ends in a clear message (exit 2) or a correct poster."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pdfplumber
import pytest

pytestmark = pytest.mark.exe


def _build(poster: Path, out: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "posterbuild", "build", str(poster), "-o", str(out)],
                          capture_output=True, text=True, env={**os.environ, **env}, timeout=120)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_markup_in_names_reaches_the_poster_literally(mini, tmp_path):
    roles = mini / "roles.yaml"
    _edit(roles, "name: Chat server", "name: '\"]; node [shape=circle'")
    _edit(roles, "name: Database", "name: <b>bold</b> & co")
    out = tmp_path / "x.pdf"
    proc = _build(mini, out)
    assert proc.returncode == 0, proc.stderr
    from posterbuild import pipeline
    built = pipeline.build(pipeline.load(mini))
    placement, geometry = built.placements["chat"], built.geometries["chat"]
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        def inside(role: str) -> str:
            box = placement.box(geometry.nodes[role])
            top = page.height - box.top
            return page.crop((box.x, top, box.right, top + box.h)).extract_text().replace("\n", " ")
        assert inside("node") == '"]; node [shape=circle'
        assert inside("db") == "<b>bold</b> & co"
    gv = (tmp_path / "x" / "chat.gv").read_text()
    assert 'label="\\"]; node [shape=circle"' in gv and "shape=circle]" not in gv


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://x"])
def test_links_and_qr_accept_only_http_https_mailto(mini, tmp_path, url):
    _edit(mini / "resources.yaml", "url: https://example.org/doc", f"url: '{url}'")
    proc = _build(mini, tmp_path / "x.pdf")
    assert proc.returncode == 2 and "resources.yaml:2: links[0].url" in proc.stderr
    assert "an http, https or mailto link" in proc.stderr
    _edit(mini / "resources.yaml", f"url: '{url}'", "url: mailto:poster@example.org")
    _edit(mini / "poster.yaml", "home: https://example.org/poster", f"home: '{url}'")
    proc = _build(mini, tmp_path / "x.pdf")
    assert proc.returncode == 2 and "poster.yaml:8: home:" in proc.stderr


def test_symlink_out_of_the_folder_is_refused(mini, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text((mini / "workloads" / "chat.yaml").read_text())
    link = mini / "workloads" / "link.yaml"
    link.symlink_to(secret)
    _edit(mini / "poster.yaml", "  - workloads/chat.yaml", "  - workloads/link.yaml")
    proc = _build(mini, tmp_path / "x.pdf")
    assert proc.returncode == 2 and "is outside the poster folder" in proc.stderr


def test_missing_font_is_named(mini, tmp_path):
    layout = mini.parent / "layouts" / "mini.yaml"
    _edit(layout, "bold: Roboto-Bold.ttf", "bold: NoSuchFont-Bold.ttf")
    proc = _build(mini, tmp_path / "x.pdf")
    assert proc.returncode == 2 and "fonts.bold: font file" in proc.stderr and "NoSuchFont-Bold.ttf" in proc.stderr


def test_graphviz_that_hangs_is_stopped(mini, tmp_path):
    fake = tmp_path / "slow-dot"
    fake.write_text("#!/bin/sh\nsleep 30\n")
    fake.chmod(0o755)
    proc = _build(mini, tmp_path / "x.pdf", POSTERBUILD_DOT=str(fake), POSTERBUILD_DOT_TIMEOUT="1",
                  POSTERBUILD_CACHE="0")
    assert proc.returncode == 2 and "took longer than 1 s" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "x.pdf").exists()


def test_graphviz_failure_carries_its_message(mini, tmp_path):
    fake = tmp_path / "bad-dot"
    fake.write_text("#!/bin/sh\necho 'Error: syntax error in line 3' >&2\nexit 1\n")
    fake.chmod(0o755)
    proc = _build(mini, tmp_path / "x.pdf", POSTERBUILD_DOT=str(fake), POSTERBUILD_CACHE="0")
    assert proc.returncode == 2 and "syntax error in line 3" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr and not (tmp_path / "x.pdf").exists()


def test_too_many_connections_are_refused(mini, tmp_path):
    chat = mini / "workloads" / "chat.yaml"
    one = ("  - from: user\n    to: edge\n    protocol: sip\n    transport: TLS\n"
           "    port: {}\n    source: https://example.org/doc\n")
    chat.write_text(chat.read_text() + "".join(one.format(2000 + i) for i in range(300)))
    proc = _build(mini, tmp_path / "x.pdf")
    assert proc.returncode == 2 and "connections: has more than 300 items" in proc.stderr


def test_huge_file_is_refused(mini, tmp_path):
    (mini / "dns.yaml").write_text("records: []\n# " + "x" * (3 * 1024 * 1024) + "\n")
    proc = _build(mini, tmp_path / "x.pdf")
    assert proc.returncode == 2 and "dns.yaml: file is" in proc.stderr and "the limit is" in proc.stderr


def test_fuzz_script_finds_nothing_wrong():
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, str(root / "benchmarks" / "fuzz.py"), "--cases", "14", "--seed", "3"],
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "14 cases (seed 3)" in proc.stdout and " 0 went wrong" in proc.stdout


def test_trouble_in_init_rank_is_retried_with_newrank(mini, tmp_path):
    """dot's known failure on some clustered graphs is retried with newrank=true."""
    import shutil as sh
    real = sh.which("dot")
    fake = tmp_path / "picky-dot"
    fake.write_text("#!/bin/sh\ncase \"$*\" in *-Gnewrank=true*) exec " + real + " \"$@\";; esac\n"
                    "echo 'trouble in init_rank' >&2\nexit 1\n")
    fake.chmod(0o755)
    out = tmp_path / "x.pdf"
    proc = _build(mini, out, POSTERBUILD_DOT=str(fake), POSTERBUILD_CACHE="0")
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF-")
