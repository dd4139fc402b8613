"""The layout cache: keyed by everything that decides Graphviz's output, holding only that output."""

from __future__ import annotations

import pytest

from posterbuild.graph import cache as cache_module
from posterbuild.graph.cache import LayoutCache

DOT = 'digraph { a -> b [label="SIP 5061"] }'


@pytest.fixture
def fake_dot(monkeypatch):
    """A dot program and version that the test controls (no Graphviz needed)."""
    state = {"program": "/usr/bin/dot", "version": "dot - graphviz version 2.43.0 (0)"}
    monkeypatch.setattr(cache_module, "dot_program", lambda: state["program"])
    monkeypatch.setattr(cache_module, "dot_version", lambda program=None: state["version"])
    return state


def test_the_same_inputs_give_the_same_key(tmp_path, fake_dot):
    assert LayoutCache(tmp_path).key(DOT) == LayoutCache(tmp_path / "other").key(DOT)


@pytest.mark.parametrize("change", ["source", "graphviz version", "dot program", "posterbuild version"])
def test_the_key_changes_with_whatever_changes_the_output(tmp_path, fake_dot, monkeypatch, change):
    cache = LayoutCache(tmp_path)
    before = cache.key(DOT)
    source = DOT
    if change == "source":
        source = DOT.replace("5061", "5062")
    elif change == "graphviz version":
        fake_dot["version"] = "dot - graphviz version 9.0.0 (0)"
    elif change == "dot program":
        fake_dot["program"] = "/opt/graphviz/bin/dot"
    else:
        monkeypatch.setattr(cache_module, "__version__", "99.0")
    assert cache.key(source) != before


def test_an_entry_is_what_graphviz_printed_under_its_own_key(tmp_path, fake_dot):
    cache = LayoutCache(tmp_path)
    key = cache.key(DOT)
    assert cache.get(key) is None and cache.misses == 1
    text = '{"name": "g", "objects": []}\n'
    cache.put(key, text)
    assert cache.get(key) == text and cache.hits == 1
    import json
    (entry,) = [json.loads(p.read_text()) for p in tmp_path.rglob("*.json")]
    assert entry == {"key": key, "json": text}  # nothing derived: Graphviz's text, and its key


def test_a_damaged_entry_is_a_miss(tmp_path, fake_dot):
    cache = LayoutCache(tmp_path)
    key = cache.key(DOT)
    cache.put(key, '{"name": "g"}')
    next(tmp_path.rglob("*.json")).write_text('{"name": ', encoding="utf-8")
    assert cache.get(key) is None


def test_no_cache_stores_nothing_and_never_asks_dot(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_module, "dot_version", lambda program=None: pytest.fail("asked dot"))
    cache = LayoutCache(None)
    cache.put(cache.key(DOT), "{}")
    assert cache.get(cache.key(DOT)) is None and not any(tmp_path.iterdir())


def test_the_oldest_entries_go_beyond_the_limit(tmp_path, fake_dot, monkeypatch):
    import os
    monkeypatch.setattr(cache_module, "MAX_ENTRIES", 3)
    cache = LayoutCache(tmp_path)
    keys = [cache.key(f"digraph {{ n{i} }}") for i in range(5)]
    for i, key in enumerate(keys):
        cache.put(key, "{}")
        path = tmp_path / key[:2] / f"{key}.json"
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    cache.put(keys[4], "{}")  # prunes
    assert sorted(p.stem for p in tmp_path.rglob("*.json")) == sorted(keys[2:])


def test_default_cache_honours_the_environment(tmp_path, monkeypatch):
    monkeypatch.delenv("POSTERBUILD_CACHE", raising=False)
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    assert cache_module.default_cache().folder == tmp_path / "layouts"
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
    for entry in tmp_path.glob("*/*.json"):  # without the routed diagrams' entries ...
        if '"placed"' in entry.read_text():
            entry.unlink()
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
    from pathlib import Path
    scans = []
    real_glob = Path.glob
    monkeypatch.setattr(Path, "glob", lambda self, pattern: scans.append(pattern) or real_glob(self, pattern))
    for i in range(20):
        cache = LayoutCache(tmp_path)
        cache.put(cache.key(f"digraph {{ n{i} }}"), "{}")
    assert len(scans) == 1 and len(list(tmp_path.rglob("*.json"))) == 20
