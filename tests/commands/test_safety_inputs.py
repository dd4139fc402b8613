"""Class 4: every file we read can be broken: fonts, PDFs, YAML tags and values, the default
poster file, symlink loops, the layout cache."""

from __future__ import annotations

import json
import os
import random
import shutil
from pathlib import Path

import pikepdf
import pytest

from posterbuild import pipeline
from posterbuild.core.cache import Store
from tests.conftest import ROOT
from tests.helpers import cli, refused

pytestmark = pytest.mark.exe


def _own_fonts(mini: Path) -> Path:
    """The copy's layout reads fonts from a folder of its own (to damage one)."""
    fonts = mini.parent / "fonts"
    shutil.copytree(ROOT / "fonts", fonts)
    layout = mini.parent / "layouts" / "mini.yaml"
    layout.write_text(layout.read_text().replace(f"font_dir: {ROOT / 'fonts'}", f"font_dir: {fonts}"))
    return fonts


@pytest.mark.parametrize("damage", ["truncated", "garbage", "flipped-bytes", "empty"])
def test_damaged_font_is_named(mini, tmp_path, damage):
    font = _own_fonts(mini) / "Roboto-Bold.ttf"
    data = bytearray(font.read_bytes())
    rng = random.Random(3)
    if damage == "truncated":
        data = data[: len(data) // 3]
    elif damage == "garbage":
        data = bytearray(rng.randbytes(40_000))
    elif damage == "flipped-bytes":
        for _ in range(300):
            data[rng.randrange(12, len(data))] = rng.randrange(256)
    else:
        data = bytearray()
    font.write_bytes(bytes(data))
    proc = cli("build", str(mini), "-o", str(tmp_path / "x.pdf"), env={**os.environ, "POSTERBUILD_CACHE": "0"})
    refused(proc, str(font), "cannot use this font")
    assert not (tmp_path / "x.pdf").exists()


@pytest.fixture(scope="module")
def poster_pdf(tmp_path_factory) -> bytes:
    from tests.conftest import copy_mini
    mini = copy_mini(tmp_path_factory.mktemp("pdf"))
    return pipeline.build(pipeline.load(mini)).pdf


@pytest.mark.parametrize("kind, words", [
    ("empty", "is empty, not a PDF file"),
    ("not-a-pdf", "not a PDF file"),
    ("truncated", "damaged or unreadable PDF"),
    ("garbage", "damaged or unreadable PDF"),
    ("encrypted", "the PDF is encrypted"),
    ("no-pages", "the PDF has no pages"),
    ("folder", "is a folder, not a PDF file"),
    ("huge", "the limit for a poster PDF is 512 MiB"),
    ("absurd-page", "impossible size"),
])
@pytest.mark.parametrize("command", ["tile", "preview"])
def test_broken_pdfs_are_named(tmp_path, poster_pdf, kind, words, command):
    src = tmp_path / "in.pdf"
    if kind == "empty":
        src.write_bytes(b"")
    elif kind == "not-a-pdf":
        src.write_text("hello")
    elif kind == "truncated":
        src.write_bytes(poster_pdf[: len(poster_pdf) // 2])
    elif kind == "garbage":
        src.write_bytes(b"%PDF-1.7\n" + random.Random(1).randbytes(5000))
    elif kind == "encrypted":
        with pikepdf.open(__import__("io").BytesIO(poster_pdf)) as pdf:
            pdf.save(src, encryption=pikepdf.Encryption(owner="o", user="u"))
    elif kind == "no-pages":
        pikepdf.new().save(src)
    elif kind == "folder":
        src.mkdir()
    elif kind == "huge":
        with open(src, "wb") as handle:  # sparse: no disk used
            handle.write(b"%PDF-1.7\n")
            handle.truncate(600 * 2**20)
    elif kind == "absurd-page":
        with pikepdf.open(__import__("io").BytesIO(poster_pdf)) as pdf:
            pdf.pages[0].mediabox = [0, 0, 10**9, 10**9]
            pdf.save(src)
    out = tmp_path / ("out.pdf" if command == "tile" else "out.png")
    proc = cli(command, str(src), "-o", str(out))
    refused(proc, str(src), words)
    assert not out.exists()


@pytest.mark.parametrize("value, words", [
    ("!!python/object/apply:os.system ['echo owned']", "the YAML tag '!!python/object/apply:os.system' is not allowed"),
    ("!!binary aGVsbG8=", "the YAML tag '!!binary' is not allowed"),
    ("!!timestamp 2001-12-14", "the YAML tag '!!timestamp' is not allowed"),
    ("!custom thing", "the YAML tag '!custom' is not allowed"),
    ("!!set {a, b}", "the YAML tag '!!set' is not allowed"),
    (".nan", "nan is not a finite number"),
    ("-.inf", "-inf is not a finite number"),
    ("9" * 5000, "a value cannot be read"),
    ("9" * 30, "a number this large is not allowed"),
])
def test_yaml_tags_and_absurd_scalars(mini, tmp_path, value, words):
    poster = mini / "poster.yaml"
    text = poster.read_text()
    poster.write_text(text.replace("product: Example Product", f"product: {value}"))
    proc = cli("check", str(mini))
    refused(proc, "poster.yaml", words)
    assert "owned" not in proc.stdout


@pytest.mark.parametrize("content, words", [
    ("mini\n".encode("utf-16"), "not UTF-8 text (saved as UTF-16?)"),
    (b"\x00\xff garbage \x80", "not UTF-8 text"),
    (b"mini/../../etc\n", "is not the name of a poster folder"),
    (b"\x1b[31mred\n", "is not the name of a poster folder"),
])
def test_a_damaged_default_poster_file_is_named(tmp_path, content, words):
    data = tmp_path / "data"
    data.mkdir()
    (data / "default-poster").write_bytes(content)
    proc = cli("check", cwd=tmp_path)
    refused(proc, "data/default-poster", words)
    assert "\x1b" not in proc.stderr
    assert cli("check", str(ROOT / "tests" / "fixtures" / "mini"), cwd=tmp_path).returncode == 0  # named: fine


def test_default_poster_with_a_bom_works(mini):
    data = mini.parent / "data"
    data.mkdir()
    shutil.move(str(mini), data / "mini")
    (data / "default-poster").write_bytes("\ufeffmini\r\n".encode("utf-8"))
    proc = cli("check", cwd=mini.parent)
    assert proc.returncode == 0, proc.stderr


def test_symlink_loops_in_the_data_folder(mini, tmp_path):
    (mini / "workloads" / "loop.yaml").symlink_to("loop.yaml")
    (mini / "loopdir").symlink_to(".")
    poster = mini / "poster.yaml"
    poster.write_text(poster.read_text().replace("  - workloads/chat.yaml", "  - workloads/chat.yaml\n  - workloads/loop.yaml"))
    refused(cli("check", str(mini)), "workloads/loop.yaml")
    refused(cli("build", str(tmp_path / "a"), "-o", str(tmp_path / "x.pdf")), "poster.yaml not found")
    (tmp_path / "selfloop").symlink_to("selfloop")
    refused(cli("check", str(tmp_path / "selfloop")), "selfloop")


def test_corrupt_or_foreign_cache_entries_are_misses(mini, tmp_path):
    cache = tmp_path / "cache"
    env = {**os.environ, "POSTERBUILD_CACHE_DIR": str(cache)}
    reference = tmp_path / "ref.pdf"
    assert cli("build", str(mini), "-o", str(reference), env={**env, "POSTERBUILD_CACHE": "0"}).returncode == 0
    assert cli("build", str(mini), "-o", str(tmp_path / "warm.pdf"), env=env).returncode == 0
    ours = sorted((cache / "dot").glob("*/*"))
    from tests.conftest import copy_mini
    other = copy_mini(tmp_path / "other")  # another graph: one more connection
    chat = other / "workloads" / "chat.yaml"
    chat.write_text(chat.read_text().replace("port: 443", "port: 8443"))
    assert cli("build", str(other), "-o", str(tmp_path / "another.pdf"), env=env).returncode == 0
    foreign = sorted(set((cache / "dot").glob("*/*")) - set(ours))
    assert ours and foreign
    ours[0].write_bytes(foreign[0].read_bytes())  # another graph's layout under our key
    routed = sorted((cache / "arranged").glob("*/*")) + sorted((cache / "spread").glob("*/*"))
    for entry in ours[1:] + foreign + routed:
        entry.write_bytes(b"\x00{ not json")
    shutil.rmtree(cache / "build")  # nothing changed: the build cache would answer
    out = tmp_path / "x.pdf"
    proc = cli("build", str(mini), "-o", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == reference.read_bytes()
    # a foreign entry that even claims the right key (intact, by the store's own writer) but does
    # not fit the graph: still a miss
    store = Store(cache)
    for entry in ours:  # rewritten by the build that just ran
        assert store.get("dot", entry.name) is not None
        store.put("dot", entry.name, json.dumps({"bb": "0,0,10,10", "objects": [
            {"name": "nothing", "pos": "1,1"}]}).encode())
    for kind in ("arranged", "spread", "build"):  # without them, Graphviz's entries are read
        shutil.rmtree(cache / kind)
    proc = cli("build", str(mini), "-o", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == reference.read_bytes()


def test_a_default_poster_fifo_is_never_read(tmp_path):
    (tmp_path / "data").mkdir()
    os.mkfifo(tmp_path / "data" / "default-poster")  # reading it would wait forever
    proc = cli("check", cwd=tmp_path, timeout=30)
    refused(proc, "data/default-poster: not a regular file")


def test_a_symlink_loop_among_the_data_does_not_stop_a_release(mini):
    (mini / "notes").mkdir()
    (mini / "notes" / "loop").symlink_to("loop")
    proc = cli("release", "mini", "--version", "1.1", "--note", "n", "--date", "2026-11-24", cwd=mini.parent)
    assert proc.returncode == 0, proc.stderr
