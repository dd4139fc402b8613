"""The command line: choices read from the tables the code uses (papers, tiling sheets), and the
default poster read when a command runs."""

from __future__ import annotations

import argparse
from pathlib import Path

from posterbuild.cli import main as cli
from posterbuild.core.papers import PAPERS, SHEETS


def _choices(command: str, option: str) -> list[str]:
    parser = cli._parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if option in a.option_strings)
    return list(action.choices)


def test_paper_choices_are_the_paper_table():
    assert sorted(_choices("build", "--paper")) == sorted(_choices("check", "--paper")) == sorted(PAPERS)


def test_sheet_choices_are_the_sheet_table():
    assert _choices("tile", "--sheet") == list(SHEETS)


def test_the_default_poster_is_read_when_called(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "default-poster").write_text("first\n", encoding="utf-8")
    assert cli._parser().parse_args(["build"]).poster_dir == Path("data/first")
    (tmp_path / "data" / "default-poster").write_text("second\n", encoding="utf-8")
    assert cli._parser().parse_args(["check"]).poster_dir == Path("data/second")
