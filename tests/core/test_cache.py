"""The one cache (posterbuild.core.cache): where it lives and when there is none, one key recipe,
one entry format (anything but our own intact entry is a miss), one writer, one prune."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from posterbuild.core import cache as store_module
from posterbuild.core.cache import KINDS, Store, cache_folder, key, store


def test_the_folder_named_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POSTERBUILD_CACHE", raising=False)
    assert cache_folder() == tmp_path and store().root == tmp_path


def test_off_means_none(monkeypatch, tmp_path):
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("POSTERBUILD_CACHE", "0")
    assert cache_folder() is None
    assert not store().put("dot", key("dot", "x"), b"{}") and store().get("dot", key("dot", "x")) is None
    assert not any(tmp_path.iterdir())


def test_no_home_means_no_cache(monkeypatch):
    monkeypatch.delenv("POSTERBUILD_CACHE_DIR", raising=False)
    monkeypatch.delenv("POSTERBUILD_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert cache_folder() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/x")
    assert cache_folder() == Path("/var/cache/x/posterbuild")


def test_the_key_is_the_kind_its_format_and_the_parts(monkeypatch):
    base = key("yaml", "a", b"b")
    assert base == key("yaml", b"a", "b") and len(base) == 64  # text is its UTF-8 bytes
    assert key("qr", "a", b"b") != base  # another kind
    assert key("yaml", "ab") != base and key("yaml", "a", "b", "") != base  # parts never run together
    monkeypatch.setitem(KINDS, "yaml", KINDS["yaml"]._replace(format="parsed yaml 0"))
    assert key("yaml", "a", b"b") != base  # a new format never reads an old entry


def test_an_entry_is_its_key_and_checksum_then_the_body(tmp_path):
    cache, k = Store(tmp_path), key("build", "x")
    assert cache.get("build", k) is None
    assert cache.put("build", k, b'{"layout": "x"}\n%PDF-1.4 \x00\xff')
    path = tmp_path / "build" / k[:2] / k
    head, body = path.read_bytes().split(b"\n", 1)
    assert json.loads(head) == {"key": k, "sha256": __import__("hashlib").sha256(body).hexdigest()}
    assert cache.get("build", k) == body == b'{"layout": "x"}\n%PDF-1.4 \x00\xff'
    assert [p.name for p in path.parent.iterdir()] == [k]  # no temporary file left


@pytest.mark.parametrize("damage", ["flipped", "truncated", "garbage", "pickle", "foreign", "renamed",
                                    "other kind", "no head"])
def test_anything_but_our_own_intact_entry_is_a_miss(tmp_path, damage):
    cache = Store(tmp_path)
    k, other = key("yaml", "mine"), key("yaml", "other")
    cache.put("yaml", k, b'{"data": "mine"}')
    cache.put("yaml", other, b'{"data": "other"}')
    path, other_path = cache.path("yaml", k), cache.path("yaml", other)
    assert path and other_path
    raw = path.read_bytes()
    if damage == "flipped":  # a value changed, the checksum not
        path.write_bytes(raw.replace(b"mine", b"mind"))
    elif damage == "truncated":
        path.write_bytes(raw[:-3])
    elif damage == "garbage":
        path.write_bytes(os.urandom(300))
    elif damage == "pickle":
        path.write_bytes(pickle.dumps({"key": k}))
    elif damage == "foreign":  # another entry, intact, under this key's name
        path.write_bytes(other_path.read_bytes())
    elif damage == "renamed":  # this entry under another key's name
        other_path.write_bytes(raw)
        assert cache.get("yaml", other) is None
        return
    elif damage == "other kind":
        assert cache.get("font", k) is None
        return
    else:
        path.write_bytes(b'{"data": "mine"}')
    assert cache.get("yaml", k) is None


def test_a_key_not_made_by_the_recipe_is_never_a_path(tmp_path):
    cache = Store(tmp_path)
    for bad in ("", "../../etc/passwd", "k1", key("qr", "x").upper(), key("qr", "x") + "0"):
        assert cache.path("qr", bad) is None and not cache.put("qr", bad, b"x") and cache.get("qr", bad) is None
    assert not any(tmp_path.iterdir())


def test_a_folder_that_cannot_be_written_is_skipped(tmp_path):
    (tmp_path / "file").write_text("not a folder")
    cache = Store(tmp_path / "file")
    assert not cache.put("qr", key("qr", "x"), b"{}") and cache.get("qr", key("qr", "x")) is None


def test_the_oldest_entries_of_a_kind_go_beyond_its_limit(tmp_path, monkeypatch):
    monkeypatch.setitem(KINDS, "qr", KINDS["qr"]._replace(limit=3))
    cache = Store(tmp_path)
    keys = [key("qr", str(i)) for i in range(5)]
    cache.put("font", key("font", "kept"), b"{}")  # another kind: its own limit
    for i, k in enumerate(keys):
        cache.put("qr", k, b"{}")
        os.utime(cache.path("qr", k), (1_000_000 + i, 1_000_000 + i))  # type: ignore[arg-type]
    cache.put("qr", keys[4], b"{}")  # prunes
    assert sorted(p.name for p in (tmp_path / "qr").glob("*/*")) == sorted(keys[2:])
    assert cache.get("font", key("font", "kept")) == b"{}"


def test_the_folder_is_scanned_once_per_process_not_once_per_put(tmp_path, monkeypatch):
    """Layouts and spreads each make their own store object (a diagram spread alone made one
    per diagram: a scan of the growing folder each time made big posters quadratic)."""
    scans = []
    real_glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: scans.append(pattern) or real_glob(self, pattern))
    monkeypatch.setattr(store_module, "_COUNTED", {})
    for i in range(20):
        Store(tmp_path).put("dot", key("dot", str(i)), b"{}")
    assert len(scans) == 1 and len(list(real_glob(tmp_path, "dot/*/*"))) == 20
