"""Helpers for tests that run the real command line and fingerprint folders."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path


def cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 180, **popen) -> subprocess.CompletedProcess:
    """``python -m posterbuild ARGS`` in a new process."""
    return subprocess.run([sys.executable, "-m", "posterbuild", *args], capture_output=True, text=True,
                          cwd=cwd, env=env if env is not None else dict(os.environ), timeout=timeout,
                          **popen)


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its content."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(Path(folder).rglob("*")) if p.is_file() and not p.is_symlink()}


def refused(proc: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2, one clear message with ``words``, no traceback."""
    assert proc.returncode == 2, (proc.returncode, proc.stdout, proc.stderr)
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr, proc.stderr
    for word in words:
        assert word in proc.stderr, (word, proc.stderr)


def parts(folder: Path) -> list[Path]:
    """Temporary files a write may have left."""
    return [p for p in Path(folder).rglob("*") if p.name.endswith(".part") or p.name == ".posterbuild-tmp"]
