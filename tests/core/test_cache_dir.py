"""One place decides where every cache lives, and when there is none."""

from __future__ import annotations

from pathlib import Path

from posterbuild.core.cache_dir import cache_folder


def test_the_folder_named_wins(monkeypatch, tmp_path):
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("POSTERBUILD_CACHE", raising=False)
    assert cache_folder() == tmp_path


def test_off_means_none(monkeypatch, tmp_path):
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("POSTERBUILD_CACHE", "0")
    assert cache_folder() is None


def test_no_home_means_no_cache(monkeypatch):
    monkeypatch.delenv("POSTERBUILD_CACHE_DIR", raising=False)
    monkeypatch.delenv("POSTERBUILD_CACHE", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: (_ for _ in ()).throw(RuntimeError("no home"))))
    assert cache_folder() is None
    monkeypatch.setenv("XDG_CACHE_HOME", "/var/cache/x")
    assert cache_folder() == Path("/var/cache/x/posterbuild")
