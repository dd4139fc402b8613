"""The command line reads its choices from the tables the code uses (papers, tiling sheets)."""

from __future__ import annotations

import argparse

from posterbuild import cli
from posterbuild.papers import PAPERS, SHEETS


def _choices(command: str, option: str) -> list[str]:
    parser = cli._parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    action = next(a for a in sub.choices[command]._actions if option in a.option_strings)
    return list(action.choices)


def test_paper_choices_are_the_paper_table():
    assert sorted(_choices("build", "--paper")) == sorted(_choices("check", "--paper")) == sorted(PAPERS)


def test_sheet_choices_are_the_sheet_table():
    assert _choices("tile", "--sheet") == list(SHEETS)
