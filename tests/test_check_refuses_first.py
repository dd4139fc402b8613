"""`check` refuses everything `build` would refuse, first, naming the file (issue: check said ok,
build died with KeyError)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "posterbuild", *args], capture_output=True,
                          text=True, cwd=cwd)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.exe
@pytest.mark.xfail(strict=True, reason="issue 11: check passes a family the layout lacks")
def test_a_family_the_layout_does_not_style_is_refused_by_check_and_build(mini):
    project = mini.parent
    _edit(project / "layouts" / "mini.yaml", '  signalling: {color: "#1f4fb4", width: 1.8}\n', "")
    check = _run("check", "mini", cwd=project)
    build = _run("build", "mini", "-o", "out.pdf", cwd=project)
    assert "Traceback" not in build.stderr, build.stderr
    assert (check.returncode, build.returncode) == (2, 2), (check.stdout, check.stderr)
    assert "mini.yaml" in check.stderr and "signalling" in check.stderr
    assert not (project / "out.pdf").exists()
