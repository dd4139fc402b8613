"""Graphviz's output in the one cache: keyed by everything that decides it, holding only that output."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from posterbuild.core import cache as store_module
from posterbuild.core.cache import KINDS
from posterbuild.graph import cache as cache_module, run_dot
from posterbuild.graph.cache import LayoutCache

DOT = 'digraph { a -> b [label="SIP 5061"] }'


@pytest.fixture
def fake_dot(monkeypatch, tmp_path):
    """A dot program that the test controls (no Graphviz needed): its stamp is the one
    run_dot.dot_stamp makes of it (path, size, time stamp, options)."""
    program = tmp_path / "bin" / "dot"
    program.parent.mkdir()
    program.write_bytes(b"#!/bin/sh\n")
    state = {"program": str(program)}
    monkeypatch.setattr(run_dot, "dot_program", lambda: state["program"])
    return state


def test_the_same_inputs_give_the_same_key(tmp_path, fake_dot):
    assert LayoutCache(tmp_path).key(DOT) == LayoutCache(tmp_path / "other").key(DOT)


@pytest.mark.parametrize("change", ["source", "graphviz installed anew", "dot program", "run options",
                                    "entry format"])
def test_the_key_changes_with_whatever_changes_the_output(tmp_path, fake_dot, monkeypatch, change):
    cache = LayoutCache(tmp_path)
    before = cache.key(DOT)
    source = DOT
    if change == "source":
        source = DOT.replace("5061", "5062")
    elif change == "graphviz installed anew":  # another dot binary at the same path
        program = Path(fake_dot["program"])
        st = program.stat()
        os.utime(program, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    elif change == "dot program":
        fake_dot["program"] = "/opt/graphviz/bin/dot"
    elif change == "run options":
        monkeypatch.setattr(run_dot, "RUN_OPTIONS", ("-Tjson",))
    else:
        monkeypatch.setitem(KINDS, "dot", KINDS["dot"]._replace(format="dot -Tjson text 0"))
    assert cache.key(source) != before


def test_an_entry_is_what_graphviz_printed_under_its_own_key(tmp_path, fake_dot):
    cache = LayoutCache(tmp_path)
    key = cache.key(DOT)
    assert cache.get(key) is None and cache.misses == 1
    text = '{"name": "g", "objects": []}\n'
    cache.put(key, text)
    assert cache.get(key) == text and cache.hits == 1
    (entry,) = [p for p in (tmp_path / "dot").glob("*/*")]
    head, body = entry.read_bytes().split(b"\n", 1)
    assert json.loads(head)["key"] == key == entry.name
    assert body == text.encode()  # nothing derived: Graphviz's text, under its key


def test_a_damaged_entry_is_a_miss(tmp_path, fake_dot):
    cache = LayoutCache(tmp_path)
    key = cache.key(DOT)
    cache.put(key, '{"name": "g"}')
    next((tmp_path / "dot").glob("*/*")).write_text('{"name": ', encoding="utf-8")
    assert cache.get(key) is None
    cache.store.put("dot", key, b'{"name": ')  # intact as an entry, but not Graphviz's JSON
    assert cache.get(key) is None


def test_no_cache_stores_nothing_and_never_asks_dot(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "dot_stamp", lambda: pytest.fail("asked dot"))
    cache = LayoutCache(None)
    cache.put(cache.key(DOT), "{}")
    assert cache.get(cache.key(DOT)) is None and not any(tmp_path.iterdir())


def test_the_oldest_entries_go_beyond_the_limit(tmp_path, fake_dot, monkeypatch):
    monkeypatch.setitem(KINDS, "dot", KINDS["dot"]._replace(limit=3))
    cache = LayoutCache(tmp_path)
    keys = [cache.key(f"digraph {{ n{i} }}") for i in range(5)]
    for i, key in enumerate(keys):
        cache.put(key, "{}")
        path = tmp_path / "dot" / key[:2] / key
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    cache.put(keys[4], "{}")  # prunes
    assert sorted(p.name for p in (tmp_path / "dot").glob("*/*")) == sorted(keys[2:])


def test_default_cache_honours_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("POSTERBUILD_CACHE", raising=False)
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    assert cache_module.default_cache().folder == tmp_path
    monkeypatch.setenv("POSTERBUILD_CACHE", "0")
    assert cache_module.default_cache().folder is None


@pytest.mark.exe
def test_a_second_layout_runs_no_graphviz(tmp_path, mini):
    """Every diagram's Graphviz output comes from the cache the second time, and the layout is
    the same."""
    from posterbuild import pipeline
    from posterbuild.graph.arrange import arrange

    loaded = pipeline.load(mini)
    ids = [w.id for w in loaded.poster.workloads]
    first = arrange(loaded.poster, loaded.layout, ids, LayoutCache(tmp_path))
    second = arrange(loaded.poster, loaded.layout, ids, LayoutCache(tmp_path))
    assert first.dot_runs >= len(ids) and first.cache_hits == 0
    assert second.dot_runs == 0 and second.placed_hits == len(ids)  # routed diagrams, cached
    assert second.layouts == first.layouts
    for kind in ("arranged", "spread"):  # without the routed diagrams' entries ...
        shutil.rmtree(tmp_path / kind, ignore_errors=True)
    third = arrange(loaded.poster, loaded.layout, ids, LayoutCache(tmp_path))
    assert third.dot_runs == 0 and third.cache_hits == first.dot_runs  # ... Graphviz's stay
    assert third.layouts == first.layouts


def test_a_new_title_in_the_header_comment_needs_no_new_layout(tmp_path, fake_dot):
    cache = LayoutCache(tmp_path)
    body = 'digraph chat {\n  a -> b // a comment inside stays part of the key\n}\n'
    assert cache.key("// Chat: from chat.yaml\n" + body) == cache.key("// Chat II: from chat.yaml\n" + body)
    assert cache.key(body) != cache.key(body.replace("inside", "within"))


def test_the_folder_is_scanned_once_per_process_not_once_per_batch(tmp_path, fake_dot, monkeypatch):
    """Layouts and spreads each make their own cache object (a diagram spread alone made one
    per diagram: a scan of the growing folder each time made big posters quadratic)."""
    scans = []
    real_glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: scans.append(pattern) or real_glob(self, pattern))
    monkeypatch.setattr(store_module, "_COUNTED", {})
    for i in range(20):
        cache = LayoutCache(tmp_path)
        cache.put(cache.key(f"digraph {{ n{i} }}"), "{}")
    assert len(scans) == 1 and len(list(real_glob(tmp_path, "dot/*/*"))) == 20
