"""The routed diagrams in the one cache: exact, keyed by all the graph stage reads, refusing
entries that are not this diagram's."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from posterbuild import pipeline
from posterbuild.graph import arrange as arrange_module
from posterbuild.graph import placed_cache
from posterbuild.graph.arrange import arrange
from posterbuild.graph.cache import LayoutCache
from posterbuild.graph.codec import decode, encode
from posterbuild.graph.placed import PlacedDiagram
from posterbuild.graph.plan import GraphPlan

ROOT = Path(__file__).resolve().parents[2]
GRAPH = ROOT / "src" / "posterbuild" / "graph"


@pytest.fixture(scope="module")
def lync():
    loaded = pipeline.load(ROOT / "data" / "lync2010")
    ids = [w.id for w in loaded.poster.workloads if w.placement == "diagram"]
    return loaded, ids


def _no_routing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("routed again")
    monkeypatch.setattr(arrange_module, "_arrange", refuse)
    monkeypatch.setattr(arrange_module, "_Spreading", refuse)


@pytest.mark.exe
def test_plans_and_geometry_survive_json_exactly(lync, tmp_path):
    loaded, ids = lync
    done = arrange(loaded.poster, loaded.layout, ids, LayoutCache(None))
    for wid in ids:
        for cls, value in ((GraphPlan, done.plans[wid]), (PlacedDiagram, done.geometries[wid])):
            back = decode(cls, json.loads(json.dumps(encode(value))))
            assert back == value and repr(back) == repr(value)


@pytest.mark.parametrize("data", [
    {"x": 1, "y": 2, "w": 3, "h": "4"},  # a wrong type
    {"x": 1, "y": 2, "w": 3},  # a field missing
    {"x": 1, "y": 2, "w": 3, "h": 4, "z": 5},  # an unknown field
    [1, 2, 3, 4],  # not an object
    {"x": True, "y": 2, "w": 3, "h": 4},  # a bool is not a number
])
def test_the_codec_refuses_what_is_not_the_type(data):
    from posterbuild.graph.placed import Box
    with pytest.raises(ValueError):
        decode(Box, data)


@pytest.mark.exe
def test_a_second_arrange_neither_lays_out_nor_routes(lync, tmp_path, monkeypatch):
    loaded, ids = lync
    first = arrange(loaded.poster, loaded.layout, ids, LayoutCache(tmp_path))
    _no_routing(monkeypatch)
    second = arrange(loaded.poster, loaded.layout, ids, LayoutCache(tmp_path))
    assert first.placed_hits == 0 and second.placed_hits == len(ids) and second.dot_runs == 0
    assert second.plans == first.plans and second.geometries == first.geometries
    assert second.layouts == first.layouts and list(second.plans) == ids


@pytest.mark.exe
def test_an_edited_workload_is_the_only_one_routed_again(lync, tmp_path):
    loaded, ids = lync
    arrange(loaded.poster, loaded.layout, ids, LayoutCache(tmp_path))
    w = loaded.poster.workload(ids[0])
    edited = loaded.poster.replace(workloads=tuple(
        x.__class__(**{**x.__dict__, "title": x.title + " (edited)"}) if x.id == w.id else x
        for x in loaded.poster.workloads))
    again = arrange(edited, loaded.layout, ids, LayoutCache(tmp_path))
    assert again.placed_hits == len(ids) - 1


@pytest.mark.exe
def test_an_entry_of_another_diagram_or_garbage_is_a_miss(lync, tmp_path):
    loaded, ids = lync
    a, b = ids[:2]
    cache = LayoutCache(tmp_path)
    arrange(loaded.poster, loaded.layout, [a, b], cache)
    key_a = placed_cache.arranged_key(loaded.poster, loaded.layout, a)
    key_b = placed_cache.arranged_key(loaded.poster, loaded.layout, b)
    path_b = tmp_path / "arranged" / key_b[:2] / key_b
    entry_a = cache.store.get("arranged", key_a)
    assert entry_a is not None and path_b.is_file()
    cache.store.put("arranged", key_b, entry_a)  # A's under B's key, intact as an entry
    roles_b = set(loaded.poster.workload(b).role_ids())
    assert placed_cache.get_arranged(cache, key_b, b, roles_b) is None
    for garbage in (b"{", json.dumps({"plan": 1}).encode(), json.dumps([1]).encode()):
        cache.store.put("arranged", key_b, garbage)
        assert placed_cache.get_arranged(cache, key_b, b, roles_b) is None
    path_b.write_bytes(b"{")  # not an entry at all
    assert placed_cache.get_arranged(cache, key_b, b, roles_b) is None
    fresh = arrange(loaded.poster, loaded.layout, [a, b], cache)
    assert fresh.placed_hits == 1 and fresh.geometries[b] == arrange(
        loaded.poster, loaded.layout, [b], LayoutCache(None)).geometries[b]


def test_the_key_changes_with_the_fonts_the_code_and_the_spacing(lync, monkeypatch):
    import dataclasses

    from posterbuild.fonts import metrics as fonts
    loaded, ids = lync
    key = placed_cache.arranged_key(loaded.poster, loaded.layout, ids[0])
    assert placed_cache.arranged_key(loaded.poster, loaded.layout, ids[0]) == key
    graph = dataclasses.replace(loaded.layout.graph, nodesep=loaded.layout.graph.nodesep + 1)
    assert placed_cache.arranged_key(loaded.poster, dataclasses.replace(loaded.layout, graph=graph),
                                     ids[0]) != key
    real = fonts.content_digest
    monkeypatch.setattr(fonts, "content_digest", lambda name: real(name) + "x")
    assert placed_cache.arranged_key(loaded.poster, loaded.layout, ids[0]) != key
    monkeypatch.setattr(fonts, "content_digest", real)
    monkeypatch.setattr(placed_cache, "code_stamp", lambda: "other code")
    assert placed_cache.arranged_key(loaded.poster, loaded.layout, ids[0]) != key


def test_the_graph_stage_reads_only_what_the_key_holds():
    """Every ``poster.X`` and ``layout.X`` the graph stage reads survives the views it is run
    on, so the key (made of those parts) holds all that decides a diagram."""
    allowed_poster = {"zones", "firewalls", "groups", "roles", "protocols", "families", "workload",
                      "workloads", "zone_index", "label", "replace"}
    allowed_layout = {"text", "graph"}
    skip = {"placed_cache.py", "codec.py"}
    read_poster, read_layout = set(), set()
    for path in GRAPH.glob("*.py"):
        if path.name in skip:
            continue
        text = path.read_text(encoding="utf-8")
        read_poster |= set(re.findall(r"\bposter\.(\w+)", text))
        read_layout |= set(re.findall(r"\b(?:layout|page|spec)\.(\w+)", text))
    assert read_poster <= allowed_poster, read_poster - allowed_poster
    assert read_layout <= allowed_layout, read_layout - allowed_layout


@pytest.mark.exe
def test_a_warm_build_is_byte_identical_to_a_cold_one(tmp_path, monkeypatch, mini):
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path / "cache"))
    cold = pipeline.build(pipeline.load(mini))
    _no_routing(monkeypatch)
    warm = pipeline.build(pipeline.load(mini))
    assert warm.pdf == cold.pdf and warm.layouts == cold.layouts and warm.dot_runs == 0


def test_the_code_stamp_changes_when_a_module_changes():
    """An edited module in a working copy is new code: its entries are stale."""
    import os

    from posterbuild.core.cache import code_stamp
    module = GRAPH / "place.py"
    st = module.stat()
    code_stamp.cache_clear()
    before = code_stamp()
    try:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
        code_stamp.cache_clear()
        assert code_stamp() != before
    finally:
        os.utime(module, ns=(st.st_atime_ns, st.st_mtime_ns))
        code_stamp.cache_clear()
    assert code_stamp() == before
