"""Parsed fonts kept between runs: a hit is exactly the font a parse makes, never a pickle, and
anything but our own entry for that content is a miss."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

import pytest
from reportlab.pdfbase import ttfonts

from posterbuild.core.cache import KINDS, store
from posterbuild.fonts import cache as font_cache, metrics as fonts, state as font_state
from posterbuild.core.layout_model import TextStyle
from tests.conftest import ROOT
from tests.helpers import cli

FACES = sorted((ROOT / "fonts").glob("*.ttf"))


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("POSTERBUILD_CACHE", "1")
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "font"


def _parsed(path: Path, name: str) -> ttfonts.TTFont:
    font = ttfonts.TTFont(name, str(path), validate=True)
    font.face.makeSubset(list(range(32, 127)))  # what registering does: the same state after it
    return font


def _cached(path: Path, name: str) -> ttfonts.TTFont | None:
    data = path.read_bytes()
    return fonts._cached(name, path, data, hashlib.sha256(data).hexdigest())


def _remember(font: ttfonts.TTFont, path: Path) -> None:
    kept = font_state.state_json(font)
    assert kept is not None  # every bundled font can be kept exactly
    font_cache.write_entry(font.fontName, hashlib.sha256(path.read_bytes()).hexdigest(), kept)


@pytest.mark.parametrize("path", FACES, ids=lambda p: p.stem)
def test_a_hit_is_the_font_a_parse_makes(cache, path):
    assert _cached(path, path.stem) is None
    parsed = _parsed(path, path.stem)
    _remember(parsed, path)
    assert font_cache.known(path.stem, path)
    [entry] = cache.glob("*/*")
    head, body = entry.read_bytes().split(b"\n", 1)
    assert json.loads(head)["sha256"] == hashlib.sha256(body).hexdigest() and json.loads(body)
    hit = _cached(path, path.stem)
    assert hit is not None and font_state._text(hit) == font_state._text(parsed)
    assert font_state._same_frame(hit, parsed)
    subset = list(range(32, 127)) + [0x2192, 0xE9]
    assert hit.face.makeSubset(subset) == _parsed(path, path.stem).face.makeSubset(subset)
    assert hit.stringWidth("Mediation server →", 12) == parsed.stringWidth("Mediation server →", 12)


def test_a_hit_does_not_parse(cache, monkeypatch, tmp_path):
    path = tmp_path / "PosterbuildCacheFace.ttf"
    path.write_bytes(FACES[0].read_bytes())
    fonts.register_fonts({"PosterbuildCacheFace": path})  # a miss: parsed, checked, kept
    assert len(list(cache.glob("*/*"))) == 1
    fonts._REGISTERED.pop("PosterbuildCacheFace")  # as in a new process
    monkeypatch.setattr(ttfonts.TTFontFile, "extractInfo", lambda *a, **k: pytest.fail("parsed"))
    try:
        fonts.register_fonts({"PosterbuildCacheFace": path})
        assert fonts.text_width("x", TextStyle("PosterbuildCacheFace", 10, "#000000", 1.2)) > 0
    finally:
        fonts._REGISTERED.pop("PosterbuildCacheFace")


@pytest.mark.parametrize("damage", ["foreign", "renamed-name", "flipped", "truncated", "garbage",
                                    "pickle", "older-format"])
def test_anything_but_our_own_entry_is_a_miss(cache, damage, monkeypatch):
    regular, bold = FACES[-1], FACES[0]
    for path in (regular, bold):
        _remember(_parsed(path, path.stem), path)
    assert _cached(regular, regular.stem) is not None
    data = regular.read_bytes()
    entry = store().path("font", font_cache._key(regular.stem, hashlib.sha256(data).hexdigest()))
    other = store().path("font", font_cache._key(bold.stem, hashlib.sha256(bold.read_bytes()).hexdigest()))
    assert entry is not None and other is not None
    raw = entry.read_bytes()
    if damage == "foreign":  # another font's entry under this font's name
        entry.write_bytes(other.read_bytes())
    elif damage == "renamed-name":  # the same file registered under another name
        assert _cached(regular, "SomethingElse") is None
        return
    elif damage == "flipped":
        i = len(raw) // 2
        entry.write_bytes(raw[:i] + bytes([raw[i] ^ 0x04]) + raw[i + 1:])
    elif damage == "truncated":
        entry.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        entry.write_bytes(os.urandom(4096))
    elif damage == "pickle":
        import pickle
        entry.write_bytes(pickle.dumps({"key": "x"}))
    else:
        monkeypatch.setitem(KINDS, "font", KINDS["font"]._replace(format="font entry 0"))
    assert _cached(regular, regular.stem) is None
    assert not font_cache.known(regular.stem, regular)


def test_with_caching_off_a_parsed_font_is_not_even_encoded(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTERBUILD_CACHE", "0")
    monkeypatch.setattr(fonts, "state_json", lambda font: pytest.fail("encoded for no cache"))
    path = tmp_path / "PosterbuildOffFace.ttf"
    path.write_bytes(FACES[0].read_bytes())
    try:
        fonts.register_fonts({"PosterbuildOffFace": path})
    finally:
        fonts._REGISTERED.pop("PosterbuildOffFace", None)


def test_no_cache_when_caching_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTERBUILD_CACHE", "0")
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path / "cache"))
    path = FACES[0]
    _remember(_parsed(path, path.stem), path)
    assert _cached(path, path.stem) is None and not font_cache.known(path.stem, path)
    assert not (tmp_path / "cache").exists()


@pytest.mark.exe
def test_the_pdf_is_byte_identical_with_and_without_the_cache(mini, tmp_path):
    env = {**os.environ, "POSTERBUILD_CACHE": "1", "POSTERBUILD_CACHE_DIR": str(tmp_path / "cache")}
    runs = {"off": {**env, "POSTERBUILD_CACHE": "0"}, "miss": env, "hit": env}
    pdfs = {}
    for run, run_env in runs.items():
        out = tmp_path / f"{run}.pdf"
        shutil.rmtree(tmp_path / "cache" / "build", ignore_errors=True)  # drawn, not a finished build
        proc = cli("build", str(mini), "-o", str(out), env=run_env)
        assert proc.returncode == 0 and "build cache" not in proc.stdout, proc.stderr
        pdfs[run] = out.read_bytes()
    assert len(list((tmp_path / "cache" / "font").glob("*/*"))) >= 3
    assert pdfs["off"] == pdfs["miss"] == pdfs["hit"]


@pytest.mark.exe
def test_a_damaged_font_is_refused_by_build_and_check_whatever_the_cache_holds(mini, tmp_path):
    env = {**os.environ, "POSTERBUILD_CACHE": "1", "POSTERBUILD_CACHE_DIR": str(tmp_path / "cache")}
    fonts_dir = mini.parent / "fonts"
    fonts_dir.mkdir()
    for face in FACES:
        (fonts_dir / face.name).write_bytes(face.read_bytes())
    layout = mini.parent / "layouts" / "mini.yaml"
    layout.write_text(layout.read_text().replace(f"font_dir: {ROOT / 'fonts'}", f"font_dir: {fonts_dir}"))
    assert cli("build", str(mini), "-o", str(tmp_path / "a.pdf"), env=env).returncode == 0  # cached
    bold = fonts_dir / "Roboto-Bold.ttf"
    bold.write_bytes(bold.read_bytes()[:50_000])
    for args in (("build", str(mini), "-o", str(tmp_path / "b.pdf")), ("check", str(mini))):
        proc = cli(*args, env=env)
        assert proc.returncode == 2 and "cannot use this font" in proc.stderr and str(bold) in proc.stderr
