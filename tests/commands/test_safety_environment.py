"""Class 6: the environment cannot break it: locale, nonsense variables, no HOME, an unwritable
cache; control characters from the data never reach the terminal raw."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers import cli, refused

pytestmark = pytest.mark.exe


def _bare_env(**extra: str) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items()
            if k in ("PATH", "POSTERBUILD_CACHE_DIR", "PYTHONPATH", "VIRTUAL_ENV")}
    return {**keep, **extra}


def test_c_locale_and_ascii_output_never_raise(mini, tmp_path):
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text().replace("name: Chat server", "name: Sérveur de discussion → ✓"))
    env = _bare_env(LC_ALL="C", PYTHONIOENCODING="ascii")
    proc = cli("ports", str(mini), "--format", "markdown", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "S\\xe9rveur de discussion \\u2192 \\u2713" in proc.stdout
    out = tmp_path / "x.pdf"
    proc = cli("build", str(mini), "-o", str(out), env=env)
    assert proc.returncode == 0, proc.stderr
    proc = cli("check", str(mini / "nope\u00e9"), env=env)
    refused(proc, "nope\\xe9")


@pytest.mark.parametrize("value", ["abc", "-1", "nan", "inf", "0", "1e9"])
def test_nonsense_dot_timeout_is_an_error(mini, tmp_path, value):
    proc = cli("build", str(mini), "-o", str(tmp_path / "x.pdf"),
               env={**os.environ, "POSTERBUILD_DOT_TIMEOUT": value})
    refused(proc, "POSTERBUILD_DOT_TIMEOUT must be a number of seconds from 0.1 to 3600", repr(value))
    assert not (tmp_path / "x.pdf").exists()


def test_no_home_and_no_cache_folder(mini, tmp_path):
    env = _bare_env(HOME="")  # an empty HOME: no place for a cache (an unset one falls back to
    env.pop("POSTERBUILD_CACHE_DIR", None)  # the password database, which is the user's own)
    out = tmp_path / "x.pdf"
    proc = cli("build", str(mini), "-o", str(out), env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fixtures", "x", "x.pdf"]  # no ~ nor .cache


def test_an_unwritable_cache_is_only_slower(mini, tmp_path):
    (tmp_path / "afile").write_text("not a folder")
    for cache in (tmp_path / "afile" / "cache", Path("/proc/posterbuild-cache")):
        out = tmp_path / "x.pdf"
        proc = cli("build", str(mini), "-o", str(out), env={**os.environ, "POSTERBUILD_CACHE_DIR": str(cache)})
        assert proc.returncode == 0, proc.stderr
        assert out.read_bytes().startswith(b"%PDF-")


def test_control_characters_never_reach_the_terminal(mini, tmp_path):
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text().replace("name: Chat server", 'name: "Chat \\e[31mred\\e[0m \\u202eserver"'))
    # the data can no longer carry them (refused at load, issue 21); the message names them
    for args in (("ports", str(mini)), ("check", str(mini)), ("diff", str(mini), str(mini))):
        proc = cli(*args)
        assert proc.returncode == 2, proc.stderr
        assert "\x1b" not in proc.stderr and "\u202e" not in proc.stderr
        assert "roles.yaml:6: roles[2].name: U+001B (a control character) at character 6" in proc.stderr
    # a message that quotes the data: an unknown role whose name carries escapes
    proc = cli("check", str(mini / "\x1b]0;owned\x07"))
    refused(proc, "\\x1b]0;owned\\x07")
    assert "\x1b" not in proc.stderr and "\x07" not in proc.stderr
