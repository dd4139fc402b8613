"""Property-based tests: whatever the files hold, loading ends in a model or a DataError."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from posterbuild import pipeline
from posterbuild.core.errors import DataError
from posterbuild.graph.dot_build import plan_workload
from posterbuild.graph.quoting import dot_id, plain_label
from posterbuild.source.load import load_poster
from posterbuild.source.yaml_reader import read_yaml
from tests.conftest import copy_mini

SEED_FOR_TITLE = 43  # random.Random(43) picks the workload title to mutate
SETTINGS = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                    st.text(max_size=40))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)), max_leaves=12)


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_reads_or_is_refused(tmp_path_factory, text):
    path = tmp_path_factory.mktemp("y") / "f.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        read_yaml(path, "f.yaml")
    except DataError as exc:
        assert all(p.file == "f.yaml" for p in exc.problems)


def _fresh(tmp_path_factory) -> Path:
    return copy_mini(tmp_path_factory.mktemp("p"))


@SETTINGS
@given(file=st.sampled_from(["poster.yaml", "roles.yaml", "protocols.yaml", "workloads/chat.yaml",
                             "certificates.yaml", "dns.yaml", "resources.yaml"]), data=values)
def test_any_document_loads_or_is_refused(tmp_path_factory, file, data):
    folder = _fresh(tmp_path_factory)
    (folder / file).write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        load_poster(folder)
    except DataError as exc:
        assert exc.problems and all(p.message for p in exc.problems)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@SETTINGS
@given(seed=st.integers(0, 10**6), value=values)
@example(seed=SEED_FOR_TITLE, value="A new title")  # always cover a mutation that stays valid
def test_mutated_workload_loads_or_is_refused_and_plans(tmp_path_factory, seed, value):
    folder = _fresh(tmp_path_factory)
    path = folder / "workloads" / "chat.yaml"
    data = yaml.safe_load(path.read_text())
    target = random.Random(seed).choice(list(_paths(data))[1:])
    mutated = copy.deepcopy(data)
    node = mutated
    for key in target[:-1]:
        node = node[key]
    node[target[-1]] = value
    path.write_text(yaml.safe_dump(mutated), encoding="utf-8")
    try:
        poster = load_poster(folder)
    except DataError:
        return
    layout = pipeline.load(folder).layout
    for workload in poster.workloads:  # a valid poster always gives valid DOT text
        plan = plan_workload(poster, workload, layout)
        assert plan.dot.startswith("//") and plan.dot.rstrip().endswith("}")


@SETTINGS
@given(st.text(max_size=60))
def test_quoting_keeps_text_literal(text):
    quoted = dot_id(text)
    bare = re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)", quoted)
    assert (quoted.startswith('"') and quoted.endswith('"') and len(quoted) >= 2) or \
        (bare and quoted.lower() not in {"node", "edge", "graph", "digraph", "subgraph", "strict"})
    label = plain_label(text)
    if not label.startswith('"'):  # a plain DOT ID needs no quotes
        assert re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)", label)
        return
    assert label.endswith('"') and len(label) >= 2
    inner = label[1:-1]
    i = 0
    while i < len(inner):  # every quote is escaped, so the label cannot end early
        if inner[i] == "\\":
            i += 2
            continue
        assert inner[i] != '"'
        i += 1
