"""output/claim.py replace_folder, the one way `web` and `site` replace their folder: the new
folder appears whole or not at all, a folder we did not write is never touched, and any
failure leaves the old one as it was, with nothing left beside it."""

from __future__ import annotations

from pathlib import Path

import pytest

from posterbuild.core.errors import FileSystemError, PosterError
from posterbuild.output.claim import replace_folder
from posterbuild.output.safe_paths import SITE_MARKER, check_site_folder
from tests.helpers import tree


def _replace(target: Path, files: dict[str, str]) -> None:
    with replace_folder(target, marker=SITE_MARKER, marker_text="ours\n", check=check_site_folder) as staging:
        for name, text in files.items():
            (staging / name).write_text(text, encoding="utf-8")


def test_the_new_folder_replaces_the_old_whole(tmp_path):
    site = tmp_path / "site"
    _replace(site, {"a.html": "one", "b.html": "one"})
    _replace(site, {"a.html": "two"})
    assert sorted(p.name for p in site.iterdir()) == [SITE_MARKER, "a.html"]  # b.html went with the old site
    assert (site / "a.html").read_text() == "two"
    assert oct(site.stat().st_mode & 0o777) == "0o755" and oct((site / "a.html").stat().st_mode & 0o777) == "0o644"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_folder_we_did_not_write_is_refused_and_untouched(tmp_path):
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "notes.txt").write_text("keep")
    with pytest.raises(PosterError, match="is not empty and is not a site"):
        _replace(mine, {"a.html": "x"})
    assert [p.name for p in mine.iterdir()] == ["notes.txt"] and (mine / "notes.txt").read_text() == "keep"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine"]


def test_a_folder_that_became_the_users_meanwhile_is_refused(tmp_path):
    site = tmp_path / "site"
    with pytest.raises(PosterError, match="is not empty and is not a site"):
        with replace_folder(site, marker=SITE_MARKER, marker_text="ours\n", check=check_site_folder):
            site.mkdir()  # while the site was being written, the user made the folder
            (site / "notes.txt").write_text("keep")
    assert [p.name for p in site.iterdir()] == ["notes.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failure_while_writing_leaves_the_old_site(tmp_path):
    site = tmp_path / "site"
    _replace(site, {"a.html": "one"})
    before = tree(site)
    with pytest.raises(RuntimeError):
        with replace_folder(site, marker=SITE_MARKER, marker_text="ours\n", check=check_site_folder) as staging:
            (staging / "a.html").write_text("half")
            raise RuntimeError("interrupted")
    assert tree(site) == before and sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_failed_final_rename_puts_the_old_site_back(tmp_path, monkeypatch):
    site = tmp_path / "site"
    _replace(site, {"a.html": "one"})
    before = tree(site)
    rename = Path.rename

    def failing(self, target):
        if self.name.endswith(".part"):
            raise OSError(28, "No space left on device")
        return rename(self, target)

    monkeypatch.setattr(Path, "rename", failing)
    with pytest.raises(FileSystemError, match="site: cannot write"):
        _replace(site, {"a.html": "two"})
    monkeypatch.undo()
    assert tree(site) == before and sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_killed_runs_staging_folder_is_removed_by_the_next(tmp_path):
    site = tmp_path / "site"
    stale = tmp_path / ".site.abcd1234.part"  # a run killed outright: its lock died with it
    stale.mkdir()
    (stale / SITE_MARKER).write_text("ours\n")
    theirs = tmp_path / ".site.efgh5678.part"  # not ours: no marker
    theirs.mkdir()
    (theirs / "notes.txt").write_text("keep")
    _replace(site, {"a.html": "one"})
    assert not stale.exists() and (theirs / "notes.txt").read_text() == "keep"
