"""Class 8: no traceback, ever. A bug is one line that says so (exit 2), with a way to see
more; and a fuzzer drives every subcommand with hostile arguments."""

from __future__ import annotations

import subprocess
import sys

import pytest

from posterbuild.cli import main as cli_module
from posterbuild.cli.commands import check as check_command
from tests.conftest import ROOT

pytestmark = pytest.mark.exe


def test_an_unexpected_bug_is_one_line_and_exit_2(monkeypatch, capsys):
    def broken(args):
        raise ZeroDivisionError("float division by zero")
    monkeypatch.setattr(check_command, "run", broken)
    monkeypatch.delenv("POSTERBUILD_DEBUG", raising=False)
    assert cli_module.main(["check", str(ROOT / "tests" / "fixtures" / "mini")]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("posterbuild: internal error: ZeroDivisionError: float division by zero")
    assert "please report" in err and "POSTERBUILD_DEBUG=1" in err
    monkeypatch.setenv("POSTERBUILD_DEBUG", "1")
    assert cli_module.main(["check", str(ROOT / "tests" / "fixtures" / "mini")]) == 2
    err = capsys.readouterr().err
    assert "Traceback" in err and "in broken" in err and "internal error: ZeroDivisionError" in err


def test_the_command_line_fuzzer_finds_nothing_wrong():
    proc = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "cli_fuzz.py"), "--cases", "24",
                           "--seed", "5"], capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "24 cases (seed 5" in proc.stdout and " 0 went wrong" in proc.stdout
    for command in ("build", "check", "ports", "release", "diff", "tile", "preview", "web", "watch"):
        assert f"\n  {command} " in proc.stdout, proc.stdout  # every subcommand ran
