"""Shared fixtures: the real poster built once per session, and copies of the test poster."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest

from posterbuild import pipeline
from posterbuild.render import Built

ROOT = Path(__file__).resolve().parent.parent
LYNC = ROOT / "data" / "lync2010"
MINI = ROOT / "tests" / "fixtures" / "mini"


@dataclass
class BuiltPoster:
    pdf_path: Path
    loaded: pipeline.Loaded
    built: Built
    words: list[dict]
    chars: list[dict]
    page_width: float
    page_height: float
    text: str


def _read(pdf_path: Path) -> tuple[list[dict], list[dict], float, float, str]:
    with pdfplumber.open(pdf_path) as pdf:
        page = pdf.pages[0]
        words = page.extract_words(keep_blank_chars=False, use_text_flow=False, extra_attrs=["size"])
        return words, list(page.chars), float(page.width), float(page.height), page.extract_text()


@pytest.fixture(scope="session", autouse=True)
def _private_layout_cache(tmp_path_factory: pytest.TempPathFactory):
    """Tests never read or fill the user's layout cache (subprocesses inherit this)."""
    import os
    folder = tmp_path_factory.mktemp("layout-cache")
    old = os.environ.get("POSTERBUILD_CACHE_DIR")
    os.environ["POSTERBUILD_CACHE_DIR"] = str(folder)
    yield folder
    if old is None:
        del os.environ["POSTERBUILD_CACHE_DIR"]
    else:
        os.environ["POSTERBUILD_CACHE_DIR"] = old


@pytest.fixture(scope="session")
def lync(tmp_path_factory: pytest.TempPathFactory) -> BuiltPoster:
    """The default poster, built once into a temporary folder and read back."""
    out = tmp_path_factory.mktemp("lync") / "lync2010.pdf"
    loaded = pipeline.load(LYNC)
    built = pipeline.build(loaded)
    pipeline.write(built, out)
    return BuiltPoster(out, loaded, built, *_read(out))


def copy_mini(dest: Path) -> Path:
    """Copy the small test poster and its layouts folder into ``dest``; return the poster folder.
    The copy's layout finds the project's fonts wherever it lies."""
    shutil.copytree(MINI.parent, dest / "fixtures")
    layout = dest / "fixtures" / "layouts" / "mini.yaml"
    text = layout.read_text(encoding="utf-8").replace("font_dir: ../../../fonts",
                                                      f"font_dir: {ROOT / 'fonts'}")
    layout.write_text(text, encoding="utf-8")
    return dest / "fixtures" / "mini"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A writable copy of the small test poster (with its layouts folder beside it)."""
    return copy_mini(tmp_path)


@pytest.fixture(scope="session")
def _no_dot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A stand-in for Graphviz that fails the build that calls it."""
    script = tmp_path_factory.mktemp("no-dot") / "dot"
    script.write_text("#!/bin/sh\necho 'this test runs Graphviz dot: mark it @pytest.mark.exe' >&2\n"
                      "exit 3\n", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture(autouse=True)
def _dot_only_with_the_exe_marker(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch,
                                  _no_dot: Path) -> None:
    """A test not marked ``exe`` that runs ``dot`` (in-process or in a subprocess) fails: dot is
    a stand-in that refuses, and the layout cache (which could hide the run) is off."""
    if request.node.get_closest_marker("exe") is None:
        monkeypatch.setenv("POSTERBUILD_DOT", str(_no_dot))
        monkeypatch.setenv("POSTERBUILD_CACHE", "0")
