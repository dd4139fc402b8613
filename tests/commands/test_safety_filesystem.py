"""Class 2: every file-system failure is one clear line naming the path, exit 2; the previous
output stays intact and no temporary file is left behind (not even after SIGTERM)."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from posterbuild.cli import main as cli_module
from tests.helpers import cli, parts, refused, tree

pytestmark = pytest.mark.exe


@pytest.fixture
def project(mini) -> Path:
    root = mini.parent
    (root / "afile").write_text("a file, not a folder\n")
    return root


@pytest.mark.parametrize("args", [
    ("build", "mini", "-o", "afile/x.pdf"),
    ("ports", "mini", "-o", "afile/t.csv"),
    ("tile", "mini", "-o", "afile/t.pdf"),
    ("preview", "mini", "--dpi", "5", "-o", "afile/p.png"),
    ("web", "mini", "--dpi", "10", "-o", "afile/site"),
], ids=["build", "ports", "tile", "preview", "web"])
def test_a_parent_that_is_a_file_is_named(project, args):
    proc = cli(*args, cwd=project)
    refused(proc, "afile", "a part of this path is a file, not a folder")
    assert (project / "afile").read_text() == "a file, not a folder\n"


def test_release_into_an_output_that_is_a_file_changes_nothing(project):
    (project / "output").write_text("not a folder")
    before = tree(project)
    proc = cli("release", "mini", "--version", "1.1", "--note", "n", "--date", "2026-11-24", cwd=project)
    refused(proc, "output/mini-v1.1.pdf", "a part of this path is a file")
    assert tree(project) == before and not parts(project)


def test_a_name_too_long_is_named(project):
    proc = cli("build", "mini", "-o", "x" * 300 + ".pdf", cwd=project)
    refused(proc, "the name is too long")


@pytest.mark.parametrize("code, words", [(errno.ENOSPC, "no space left on the device"),
                                         (errno.EROFS, "the file system is read-only"),
                                         (errno.EACCES, "permission denied")],
                         ids=["full-disk", "read-only", "no-permission"])
def test_write_failures_keep_the_previous_file(project, monkeypatch, capsys, code, words):
    out = project / "t.csv"
    assert cli_module.main(["ports", str(project / "mini"), "-o", str(out)]) == 0
    previous = out.read_bytes()
    capsys.readouterr()

    def fail(fd):
        raise OSError(code, os.strerror(code))
    monkeypatch.setattr(os, "fsync", fail)
    assert cli_module.main(["ports", str(project / "mini"), "--format", "markdown", "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"{out}: cannot write: {words}" in err
    assert out.read_bytes() == previous and not parts(project)


def test_release_never_puts_temporary_files_in_the_data(project, monkeypatch):
    import tempfile

    from posterbuild.output import atomic
    folders = []
    real = tempfile.mkstemp

    def spy(*args, **kwargs):
        folders.append(Path(kwargs["dir"]).resolve())
        return real(*args, **kwargs)
    monkeypatch.setattr(atomic.tempfile, "mkstemp", spy)
    monkeypatch.chdir(project)
    assert cli_module.main(["release", "mini", "--version", "1.1", "--note", "n", "--date", "2026-11-24"]) == 0
    poster = (project / "mini").resolve()
    assert folders and not [f for f in folders if f.is_relative_to(poster)]
    assert not parts(project)


def test_sigterm_leaves_no_temporary_files_and_the_old_site(project):
    assert cli("web", "mini", "--dpi", "10", "-o", "site", cwd=project).returncode == 0
    before = tree(project / "site")
    proc = subprocess.Popen([sys.executable, "-m", "posterbuild", "web", "mini", "--dpi", "300", "-o", "site"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".part") for p in project.iterdir()):  # the staging folder
        assert time.monotonic() < deadline and proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    time.sleep(0.3)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143 and "terminated" in err and "Traceback" not in err
    assert not parts(project)
    assert tree(project / "site") == before


def test_a_failed_write_names_the_file_asked_for_not_the_temporary_one(tmp_path):
    from posterbuild.core.errors import FileSystemError
    from posterbuild.output.atomic import write_atomic
    target = tmp_path / "ro" / "table.csv"
    target.parent.mkdir()
    target.parent.chmod(0o500)
    if os.geteuid() == 0:  # root writes anywhere: make the folder vanish under the writer instead
        target = Path("/proc") / "table.csv"
    with pytest.raises(FileSystemError) as err:
        write_atomic(target, b"x")
    assert str(err.value).startswith(f"{target}: cannot write:") and ".part" not in str(err.value)


def test_a_rebuild_leaves_unchanged_diagram_files_alone(tmp_path):
    """Side files whose bytes would not change are not rewritten (same inode and time stamp);
    a changed one is replaced, and a symlink is replaced by a file, never written through."""
    from posterbuild.output.atomic import write_if_changed
    same, other, link, target = (tmp_path / n for n in ("same.gv", "other.gv", "link.gv", "t"))
    same.write_bytes(b"digraph {}\n")
    other.write_bytes(b"digraph { a }\n")
    target.write_bytes(b"digraph {}\n")
    link.symlink_to(target)
    before = same.stat()
    assert write_if_changed(same, b"digraph {}\n") is False
    assert (same.stat().st_ino, same.stat().st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert write_if_changed(other, b"digraph {}\n") is True and other.read_bytes() == b"digraph {}\n"
    assert write_if_changed(link, b"digraph {}\n") is True and not link.is_symlink()
    assert target.read_bytes() == b"digraph {}\n"
