"""Running dot: only the plugins a layout needs, the same output, and a fallback to dot as installed."""

from __future__ import annotations

import pytest

from posterbuild.graph import run_dot

pytestmark = pytest.mark.exe

DOT = 'digraph { graph [rankdir=LR] node [shape=box fixedsize=true] a -> b; {rank=same; b; c} b -> c }'


def test_the_lean_run_gives_graphviz_s_own_output(monkeypatch, tmp_path):
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    folder = run_dot.plugin_dir(run_dot.dot_program())
    if folder is None:
        pytest.skip("this Graphviz installation has no config6a beside its libgvc")
    config = (tmp_path / "graphviz-plugins").glob("*/config6a")
    listed = [line.split()[0] for c in config for line in c.read_text().splitlines()
              if line and not line[0].isspace() and line != "}"]
    assert sorted(x.split(".")[0] for x in listed) == ["libgvplugin_core", "libgvplugin_dot_layout"]
    lean = run_dot.layout_json(DOT, name="t")
    monkeypatch.setenv("POSTERBUILD_DOT_PLUGINS", "all")
    assert run_dot.layout_json(DOT, name="t") == lean


def test_a_broken_plugin_folder_falls_back_to_dot_as_installed(monkeypatch, tmp_path):
    empty = tmp_path / "no-plugins"
    empty.mkdir()
    monkeypatch.setattr(run_dot, "plugin_dir", lambda program: str(empty))
    out = run_dot.layout_json(DOT, name="t")
    assert '"name": "a"' in out or '"name":"a"' in out
