"""Every poster folder in data/ checks clean (lint included) and builds a PDF that prints its title
and every workload title: a second poster is data only, and must stay buildable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest

from posterbuild.source.load import load_poster
from tests.conftest import ROOT
from tests.helpers import cli

POSTERS = sorted(p.parent for p in (ROOT / "data").glob("*/poster.yaml"))


def _run(*args: str) -> subprocess.CompletedProcess:
    return cli(*args, cwd=ROOT, timeout=300)


def test_there_is_more_than_one_poster():
    assert len(POSTERS) >= 2, POSTERS


@pytest.mark.exe
@pytest.mark.parametrize("folder", POSTERS, ids=[p.name for p in POSTERS])
def test_poster_checks_clean_and_builds(folder: Path, tmp_path: Path):
    check = _run("check", str(folder), "--layout", "--strict")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "layout lint: 0 problem(s)" in check.stdout, check.stdout

    pdf = tmp_path / f"{folder.name}.pdf"
    build = _run("build", str(folder), "-o", str(pdf))
    assert build.returncode == 0, build.stdout + build.stderr
    with pdfplumber.open(pdf) as doc:
        assert len(doc.pages) == 1
        text = " ".join((doc.pages[0].extract_text() or "").split())
    poster = load_poster(folder)
    assert poster.meta.title in text
    for workload in (w for w in poster.workloads if w.placement == "diagram"):
        assert workload.title in text, workload.title
