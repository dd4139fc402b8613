"""Parsed YAML kept between runs by content: exactly the values and lines the parser gave, never
a file with a problem, never a pickle; anything but our own intact entry is a miss."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from posterbuild.core.cache import store
from posterbuild.core.errors import DataError
from posterbuild.source import parse_cache, yaml_reader

TEXT = """\
title: A poster  # a comment
version: "1.0"
ports: [80, 443, "5061-5062"]
weights: {1: one, 2.5: two and a half, false: "no", null: nothing}
nested:
  - id: a
    ratio: 1.0
    count: 1
  - id: b
    when: 2010-11-16
"""


@pytest.fixture
def cache(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("POSTERBUILD_CACHE", "1")
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache" / "yaml"


def _parse(raw: bytes, tmp_path: Path) -> yaml_reader.Document:
    return yaml_reader.parse_yaml(raw, tmp_path / "f.yaml", "f.yaml")


def test_a_hit_is_exactly_what_the_parser_gave(cache, tmp_path, monkeypatch):
    raw = TEXT.encode()
    parsed = _parse(raw, tmp_path)
    assert len(list(cache.glob("*/*"))) == 1
    monkeypatch.setattr(yaml_reader, "_parse", lambda *a: pytest.fail("parsed again"))
    hit = _parse(raw, tmp_path)
    assert repr(hit.data) == repr(parsed.data) and repr(hit.lines) == repr(parsed.lines)
    assert hit.data["weights"] == {1: "one", 2.5: "two and a half", False: "no", None: "nothing"}
    assert hit.line(("nested", 1, "when")) == 10 and hit.data["nested"][0]["ratio"] == 1.0


def test_a_file_with_a_problem_is_never_kept(cache, tmp_path):
    for raw in (b"a: 1\na: 2\n", b"a: [1, 2\n", b"a: !!binary aGVsbG8=\n", b"a: .nan\n"):
        with pytest.raises(DataError):
            _parse(raw, tmp_path)
    assert not cache.exists() or not list(cache.glob("*/*"))


@pytest.mark.parametrize("damage", ["flipped", "truncated", "garbage", "foreign", "renamed"])
def test_anything_but_our_own_intact_entry_is_a_miss(cache, tmp_path, damage):
    raw, other = TEXT.encode(), b"other: file\n"
    _parse(other, tmp_path)
    [other_entry] = cache.glob("*/*")
    expected = _parse(raw, tmp_path)
    entry = store().path("yaml", parse_cache._key(raw))
    assert entry is not None
    body = entry.read_bytes()
    if damage == "flipped":  # a value changed, the checksum not
        entry.write_bytes(body.replace(b"A poster", b"A pester"))
    elif damage == "truncated":
        entry.write_bytes(body[: len(body) // 2])
    elif damage == "garbage":
        entry.write_bytes(os.urandom(200))
    elif damage == "foreign":  # another file's intact entry under this file's name
        entry.write_bytes(other_entry.read_bytes())
    else:  # this file's entry under another file's name
        other_entry.write_bytes(body)
        assert parse_cache.parsed(other) is None
        return
    assert parse_cache.parsed(raw) is None
    again = _parse(raw, tmp_path)  # parsed again, and kept again
    assert repr(again.data) == repr(expected.data) and parse_cache.parsed(raw) is not None


def test_no_cache_when_caching_is_off(tmp_path, monkeypatch):
    monkeypatch.setenv("POSTERBUILD_CACHE", "0")
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path / "cache"))
    _parse(TEXT.encode(), tmp_path)
    assert parse_cache.parsed(TEXT.encode()) is None and not (tmp_path / "cache").exists()


def test_an_entry_is_json_with_its_key_and_checksum(cache, tmp_path):
    _parse(TEXT.encode(), tmp_path)
    [entry] = cache.glob("*/*")
    head, body = entry.read_bytes().split(b"\n", 1)
    assert json.loads(head)["key"] == entry.name and json.loads(body)["pairs"] is True


def test_a_file_parsed_before_is_read_without_pyyaml(cache, tmp_path):
    path = tmp_path / "f.yaml"
    path.write_text(TEXT, encoding="utf-8")
    code = ("import sys; from pathlib import Path; from posterbuild.source.yaml_reader import read_yaml; "
            f"d = read_yaml(Path({str(path)!r}), 'f.yaml'); print(d.data['title'], 'yaml' in sys.modules)")
    env = {**os.environ, "POSTERBUILD_CACHE": "1", "POSTERBUILD_CACHE_DIR": str(cache.parent)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                           check=True).stdout.split() for _ in range(2)]
    assert runs == [["A", "poster", "True"], ["A", "poster", "False"]]
