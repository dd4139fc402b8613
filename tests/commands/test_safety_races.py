"""Issue 21, classes 1 and 2: output folders are claimed atomically (concurrent runs each succeed
or wait; a folder an interrupted run left is reused) and a release changes data/ in one step."""

from __future__ import annotations

import errno
import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from posterbuild.cli import main as cli_module
from tests.helpers import cli, parts

pytestmark = pytest.mark.exe


@pytest.fixture
def mini(mini: Path) -> Path:
    """The test poster in a project of its own (its outputs go to the project's output/)."""
    (mini.parent / "pyproject.toml").write_text("[tool.posterbuild]\n", encoding="utf-8")
    return mini


def data_hash(folder: Path) -> str:
    """One hash of every file, folder and link under ``folder`` (names and contents)."""
    digest = hashlib.sha256()
    for root, dirs, files in sorted(os.walk(folder)):
        dirs.sort()
        for name in sorted(dirs + files):
            path = Path(root, name)
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            if path.is_file() and not path.is_symlink():
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _start(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "posterbuild", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize("runs", [4, 7])
def test_concurrent_builds_to_one_output_all_succeed(mini, tmp_path, runs):
    env = dict(os.environ, POSTERBUILD_CACHE_DIR=str(tmp_path / "cache"))
    env.pop("POSTERBUILD_CACHE", None)  # the build cache on: most runs finish at once, together
    out = tmp_path / "out"
    for attempt in range(3):
        procs = [_start(["build", str(mini), "-o", "out/same.pdf"], tmp_path, env) for _ in range(runs)]
        results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
        assert [rc for rc, _ in results] == [0] * runs, (attempt, results)
        assert len(pypdf.PdfReader(out / "same.pdf").pages) == 1
        assert (out / "same" / ".posterbuild-layouts").is_file()
        assert sorted(p.name for p in (out / "same").iterdir()) == [".posterbuild-layouts", "chat.gv",
                                                                   "chat.json"]
        assert sorted(p.name for p in out.iterdir()) == ["same", "same.pdf"], attempt
        if attempt == 0:
            (out / "same.pdf").unlink()
            for p in (out / "same").iterdir():
                p.unlink()
            (out / "same").rmdir()


@pytest.mark.parametrize("left", ["marker-part", "gv-part", "staging"])
def test_a_folder_an_interrupted_build_left_is_reused(mini, tmp_path, left):
    out = tmp_path / "out"
    if left == "staging":  # a claim that was never renamed into place
        (out / ".same.k3x9.part").mkdir(parents=True)
        (out / ".same.k3x9.part" / ".posterbuild-layouts").write_text("DOT and layout JSON\n")
    else:  # the folder of an older posterbuild, killed before its marker was renamed into place
        name = "..posterbuild-layouts.k3x9.part" if left == "marker-part" else ".chat.gv.k3x9.part"
        (out / "same").mkdir(parents=True)
        (out / "same" / name).write_text("half")
    proc = cli("build", str(mini), "-o", str(out / "same.pdf"))
    assert proc.returncode == 0, proc.stderr
    assert (out / "same" / ".posterbuild-layouts").is_file()
    assert not parts(out), parts(out)


def test_a_folder_of_the_user_with_a_part_file_is_still_refused(mini, tmp_path):
    out = tmp_path / "out" / "same"
    out.mkdir(parents=True)
    (out / "mine.txt").write_text("mine")
    (out / ".x.part").write_text("half")
    proc = cli("build", str(mini), "-o", str(out.parent / "same.pdf"))
    assert proc.returncode == 2 and "was not written by posterbuild" in proc.stderr
    assert (out / "mine.txt").read_text() == "mine"


def test_concurrent_web_sites_to_one_folder_all_succeed(mini, tmp_path):
    env = dict(os.environ, POSTERBUILD_CACHE_DIR=str(tmp_path / "cache"))
    procs = [_start(["web", str(mini), "--dpi", "10", "-o", "site"], tmp_path, env) for _ in range(3)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in procs]
    assert [rc for rc, _ in results] == [0, 0, 0], results
    assert (tmp_path / "site" / ".posterbuild-site").is_file()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".site", "site"))) == ["site"]


# --- releases -----------------------------------------------------------------------------------

def _release_args(mini: Path) -> list[str]:
    return ["release", str(mini), "--version", "1.1", "--note", "n", "--date", "2026-11-24"]


def test_a_release_that_fails_late_leaves_data_exactly_as_it_was(mini, monkeypatch, capsys):
    """The PDF, the last thing a release publishes, cannot be written (the disk is full): exit 2,
    data/ exactly as it was, and the same command finishes the release once there is room."""
    project = mini.parent
    monkeypatch.chdir(project)
    before = data_hash(mini)
    real = os.replace

    def full(src, dst, *a, **kw):
        if str(dst).endswith(".pdf"):
            raise OSError(errno.ENOSPC, "No space left on device", str(src))
        return real(src, dst, *a, **kw)
    monkeypatch.setattr(os, "replace", full)
    assert cli_module.main(_release_args(mini)) == 2
    assert "mini-v1.1.pdf: cannot write: no space left on the device" in capsys.readouterr().err
    monkeypatch.undo()
    monkeypatch.chdir(project)
    assert data_hash(mini) == before
    assert not parts(project)
    assert cli_module.main(_release_args(mini)) == 0, capsys.readouterr().err
    assert (mini / "releases" / "1.1.json").is_file() and (mini / "releases" / "1.1" / "chat.gv").is_file()


def test_an_output_folder_an_interrupted_release_left_is_reused(mini):
    project = mini.parent
    (project / "output" / "mini-v1.1").mkdir(parents=True)  # killed before its marker
    proc = cli(*_release_args(mini), cwd=project)
    assert proc.returncode == 0, proc.stderr
    assert (project / "output" / "mini-v1.1" / ".posterbuild-layouts").is_file()


@pytest.mark.parametrize("stop", range(1, 61, 2))
def test_a_release_interrupted_anywhere_leaves_data_as_it_was(mini, monkeypatch, capsys, stop):
    """Ctrl-C (or SIGTERM, which unwinds the same way) at the n-th file-system write of a release:
    data/ is exactly as it was, unless the release had committed; either way the same command
    then finishes (or says it is published)."""
    project = mini.parent
    monkeypatch.chdir(project)
    before = data_hash(mini)
    calls = [0]
    real = {name: getattr(os, name) for name in ("replace", "rename", "link", "mkdir", "open", "unlink",
                                                 "rmdir")}

    def counted(name):
        def call(*args, **kwargs):
            writes = name != "open" or args[1] & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            if writes:
                calls[0] += 1
                if calls[0] == stop:
                    raise KeyboardInterrupt
            return real[name](*args, **kwargs)
        return call
    for name in real:
        monkeypatch.setattr(os, name, counted(name))
    status = cli_module.main(_release_args(mini))
    monkeypatch.undo()
    monkeypatch.chdir(project)
    published = (mini / "releases" / "1.1.json").is_file()
    if status == 130 and not published:
        assert data_hash(mini) == before, stop
    else:
        assert status in (0, 130) and published
    assert cli_module.main(_release_args(mini)) in ((2,) if published else (0,)), capsys.readouterr().err
    assert (mini / "releases" / "1.1.json").is_file() and (mini / "releases" / "1.1" / "chat.gv").is_file()
    assert not parts(project)
