"""The build cache: an unchanged build writes the same bytes without laying out or drawing; any
change to what decides the bytes is a miss; a damaged or forged entry is a miss."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from posterbuild.core.cache import KINDS, key
from posterbuild.output.build_cache import BuildCache, Output
from tests.helpers import cli, tree

pytestmark = pytest.mark.exe


def _env(cache: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "POSTERBUILD_CACHE_DIR": str(cache), **extra}


def _build(mini: Path, out: Path, cache: Path, *args: str, **env: str):
    proc = cli("build", str(mini), "-o", str(out), *args, env=_env(cache, **env))
    assert proc.returncode == 0, proc.stderr
    return proc


def test_an_unchanged_build_comes_from_the_cache_byte_for_byte(mini, tmp_path):
    cache, first, second = tmp_path / "cache", tmp_path / "a" / "p.pdf", tmp_path / "b" / "p.pdf"
    proc = _build(mini, first, cache)
    assert "build cache" not in proc.stdout
    proc = _build(mini, second, cache)
    assert "unchanged: from the build cache" in proc.stdout
    assert first.read_bytes() == second.read_bytes()
    assert tree(first.with_suffix("")) == tree(second.with_suffix(""))


@pytest.mark.parametrize("change", ["data", "layout", "option", "font", "code"])
def test_whatever_decides_the_bytes_is_part_of_the_key(mini, tmp_path, change):
    cache, out = tmp_path / "cache", tmp_path / "o" / "p.pdf"
    _build(mini, out, cache)
    args: list[str] = []
    env: dict[str, str] = {}
    if change == "data":
        workload = next((mini / "workloads").glob("*.yaml"))
        workload.write_text(workload.read_text().replace("port: 443", "port: 8443"))
    elif change == "layout":
        layout = mini.parent / "layouts" / "mini.yaml"
        layout.write_text(layout.read_text() + "\n# a comment changes nothing drawn\n")
    elif change == "option":
        args = ["--cmyk"]
    elif change == "font":  # the same file name, other content
        fonts = tmp_path / "fonts"
        shutil.copytree(Path(__file__).resolve().parents[2] / "fonts", fonts)
        layout = mini.parent / "layouts" / "mini.yaml"
        layout.write_text("\n".join(line if not line.startswith("font_dir:") else f"font_dir: {fonts}"
                                    for line in layout.read_text().splitlines()) + "\n")
        _build(mini, out, cache)  # the copied fonts, as they were
        (fonts / "Roboto-Regular.ttf").write_bytes((fonts / "Roboto-Medium.ttf").read_bytes())
    elif change == "code":
        env = {"PYTHONPATH": str(_code_copy(tmp_path))}
    proc = _build(mini, out, cache, *args, **env)
    if change == "layout":  # a comment is no change of the layout as loaded: the same build
        assert "from the build cache" in proc.stdout
    else:
        assert "from the build cache" not in proc.stdout, change


def _code_copy(tmp_path: Path) -> Path:
    """posterbuild's code copied, one module's time stamp moved (as an edit in a working copy)."""
    src = Path(__file__).resolve().parents[2] / "src"
    dest = tmp_path / "src"
    shutil.copytree(src, dest, ignore=shutil.ignore_patterns("__pycache__"))
    module = dest / "posterbuild" / "page" / "compose.py"
    st = module.stat()
    os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 10_000_000_000))
    return dest


def test_a_damaged_or_forged_entry_is_a_miss(tmp_path):
    cache = BuildCache(tmp_path)
    k1, k2 = key("build", "k1"), key("build", "k2")
    good = Output(b"%PDF-1.4 ours", {".posterbuild-layouts": b"x", "chat.gv": b"digraph {}"}, "mini")
    cache.put(k1, good)
    assert cache.get(k1) == good and cache.get(k1).cached
    entry = cache.store.path("build", k1)
    assert entry is not None
    entry.write_bytes(entry.read_bytes().replace(b"%PDF-1.4 ours", b"%PDF-1.4 evil"))  # same size, other bytes
    assert cache.get(k1) is None
    cache.put(k1, good)
    head = json.loads(cache.store.get("build", k1).split(b"\n", 1)[0])
    assert head == {"layout": "mini", "side": {".posterbuild-layouts": "x", "chat.gv": "digraph {}"}}
    for forged in ({**head, "side": {"../../escape.gv": "x"}}, {**head, "side": {"/etc/x": "x"}},
                   {**head, "layout": 13}, [head]):  # intact entries (the store's own writer)
        cache.store.put("build", k1, json.dumps(forged).encode() + b"\n%PDF-1.4 ours")
        assert cache.get(k1) is None, forged
    cache.store.put("build", k1, b"{not json\n%PDF")
    assert cache.get(k1) is None
    cache.put(k2, good)
    entry.write_bytes(cache.store.path("build", k2).read_bytes())  # another key's entry
    assert cache.get(k1) is None and cache.get(k2) == good
    assert BuildCache(None).get(k1) is None


def test_the_cache_keeps_only_the_newest_builds(tmp_path, monkeypatch):
    monkeypatch.setitem(KINDS, "build", KINDS["build"]._replace(limit=3))
    cache = BuildCache(tmp_path)
    keys = [key("build", str(i)) for i in range(7)]
    for i in range(6):
        cache.put(keys[i], Output(b"%PDF " + bytes([i]), {}, "x"))
        os.utime(cache.store.path("build", keys[i]), (i, i))
    cache.put(keys[6], Output(b"%PDF 6", {}, "x"))
    assert sorted(p.name for p in (tmp_path / "build").glob("*/*")) == sorted(keys[4:])
    assert [cache.get(k) is not None for k in keys] == [False] * 4 + [True] * 3


def test_no_cache_when_caching_is_off(mini, tmp_path):
    cache, out = tmp_path / "cache", tmp_path / "o" / "p.pdf"
    for _ in range(2):
        proc = _build(mini, out, cache, POSTERBUILD_CACHE="0")
        assert "from the build cache" not in proc.stdout
    assert not (cache / "build").exists()
