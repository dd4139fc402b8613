"""The build command: output paths, atomic writes, failures that leave earlier output intact."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tests.helpers import cli as _run

pytestmark = pytest.mark.exe


def test_build_writes_pdf_and_layout_files(mini, tmp_path):
    out = tmp_path / "out" / "mini.pdf"
    proc = _run("build", str(mini), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert (tmp_path / "out" / "mini" / "chat.gv").is_file()
    assert (tmp_path / "out" / "mini" / "chat.json").is_file()
    assert not list(out.parent.glob(".*.part"))


def test_default_output_name(mini, tmp_path):
    proc = _run("build", str(mini), cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "output" / "mini-v1.0.pdf").is_file()


def test_failed_build_leaves_previous_pdf_untouched(mini, tmp_path):
    out = tmp_path / "mini.pdf"
    assert _run("build", str(mini), "-o", str(out)).returncode == 0
    before = out.read_bytes()
    chat = mini / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", "port: 443443"))
    proc = _run("build", str(mini), "-o", str(out))
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr
    assert "chat.yaml:8: connections[0].port" in proc.stderr
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_a_diagram_that_does_not_fit_stops_the_build(mini, tmp_path):
    """Diagrams print at the layout's sizes: a sheet too small for one is an error naming it."""
    layout = mini.parent / "layouts" / "mini.yaml"
    layout.write_text(layout.read_text().replace("width: 36in", "width: 9in"))
    out = tmp_path / "small.pdf"
    proc = _run("build", str(mini), "-o", str(out))
    assert proc.returncode == 2, proc.stdout
    assert "workload 'chat'" in proc.stderr and "at the layout's text sizes" in proc.stderr
    assert "paper 9 x 24 in" in proc.stderr and proc.stderr.count("\n") == 1
    assert not out.exists()


def test_a_build_without_graphviz_says_so(mini, tmp_path):
    env = {"POSTERBUILD_DOT": "no-such-dot-program", "POSTERBUILD_CACHE": "0"}
    proc = subprocess.run([sys.executable, "-m", "posterbuild", "build", str(mini), "-o",
                           str(tmp_path / "x.pdf")], capture_output=True, text=True,
                          env={**__import__("os").environ, **env})
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert "no-such-dot-program" in proc.stderr and not (tmp_path / "x.pdf").exists()


def test_unknown_layout_lists_where_it_looked(mini, tmp_path):
    proc = _run("build", str(mini), "--layout", "poster-a9", "-o", str(tmp_path / "x.pdf"))
    assert proc.returncode == 2
    assert "no layout named 'poster-a9'" in proc.stderr


def test_layout_by_path(mini, tmp_path):
    proc = _run("build", str(mini), "--layout", str(mini.parent / "layouts" / "mini.yaml"),
                "-o", str(tmp_path / "x.pdf"))
    assert proc.returncode == 0, proc.stderr
