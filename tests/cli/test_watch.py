"""`posterbuild watch`: what it watches, and a rebuild after a save that reports the change."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from posterbuild import pipeline
from posterbuild.cli.watch import watched_files


def test_it_watches_the_data_the_layout_and_the_fonts_but_not_releases(mini):
    (mini / "releases").mkdir()
    (mini / "releases" / "old.yaml").write_text("x: 1\n", encoding="utf-8")
    loaded = pipeline.load(mini)
    files = watched_files(mini, loaded)
    names = {p.name for p in files}
    assert {"poster.yaml", "roles.yaml", "chat.yaml", "mini.yaml", "Roboto-Regular.ttf"} <= names
    assert "old.yaml" not in names
    assert watched_files(mini, None).keys() < files.keys()


def test_a_missing_layout_file_is_listed_as_missing(mini):
    from dataclasses import replace
    loaded = replace(pipeline.load(mini), layout_path=mini / "gone.yaml")
    assert watched_files(mini, loaded)[mini / "gone.yaml"] == (-1, -1)


@pytest.mark.exe
def test_a_save_rebuilds_and_says_what_changed(mini, tmp_path):
    out = tmp_path / "watched.pdf"
    env = dict(os.environ)
    proc = subprocess.Popen([sys.executable, "-m", "posterbuild", "watch", str(mini), "-o", str(out),
                             "--max-builds", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        deadline = time.monotonic() + 60
        while not out.exists() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert out.exists(), proc.stderr.read() if proc.poll() is not None else "no first build"
        first = out.read_bytes()
        chat = mini / "workloads" / "chat.yaml"
        chat.write_text(chat.read_text(encoding="utf-8").replace("note: Inner hop", "note: Inner leg"),
                        encoding="utf-8")
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 0, stderr
    assert f"changed: {mini / 'workloads' / 'chat.yaml'}" in stdout
    assert "note: Inner hop -> Inner leg" in stdout
    assert stdout.count("rebuilt ") == 2 and out.read_bytes() != first


def test_a_save_made_while_a_build_runs_is_not_taken_as_seen(mini, tmp_path, monkeypatch):
    """The race CI met: the file was saved after the build read it but before watch looked."""
    from posterbuild.cli import watch as watch_module
    chat = mini / "workloads" / "chat.yaml"
    builds = []

    def build_once(poster_dir, layout, out, preview, previous):
        builds.append(chat.read_text(encoding="utf-8"))
        if len(builds) == 1:  # the user saves while the first build is still running
            chat.write_text(builds[0].replace("note: Inner hop", "note: Inner leg"), encoding="utf-8")
            os.utime(chat, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
        return pipeline.load(poster_dir), None

    polls = []

    def sleep(seconds):
        polls.append(seconds)
        if len(polls) > 20:
            raise AssertionError("the save was never noticed")

    monkeypatch.setattr(watch_module, "_build_once", build_once)
    monkeypatch.setattr(watch_module.time, "sleep", sleep)
    assert watch_module.watch(mini, out=tmp_path / "w.pdf", max_builds=2) == 0
    assert len(builds) == 2 and "Inner leg" in builds[1]
