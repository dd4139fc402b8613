"""`data/default-poster` is read when a command runs, not when the module is imported."""

from __future__ import annotations

from pathlib import Path

from posterbuild import cli


def test_the_default_poster_is_read_when_called(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "default-poster").write_text("first\n", encoding="utf-8")
    assert cli._parser().parse_args(["build"]).poster_dir == Path("data/first")
    (tmp_path / "data" / "default-poster").write_text("second\n", encoding="utf-8")
    assert cli._parser().parse_args(["check"]).poster_dir == Path("data/second")
