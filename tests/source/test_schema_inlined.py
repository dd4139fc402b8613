"""The validators run on schemas with their references inlined: the same errors as the published
schemas give through the registry, and no reference left to look up."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from posterbuild.source import schema_check

ROOT = Path(__file__).resolve().parents[2]
WORKLOAD = ROOT / "data" / "lync2010" / "workloads" / "im-presence.yaml"


def _errors(validator, data) -> list[tuple]:
    """What the messages are made of: the keyword, where, its text, and the parts of the failing
    schema an explanation reads (its description, its fields)."""
    return sorted((e.validator, tuple(map(str, e.absolute_path)), e.message,
                   str(e.schema.get("description")), tuple(sorted(e.schema.get("properties", {}))),
                   len(e.context or []))
                  for e in validator.iter_errors(data))


def _mutations(data: dict) -> list[dict]:
    out = []
    for change in ("port", "field", "id", "missing", "range", "transport", "list"):
        d = copy.deepcopy(data)
        c = d["connections"][0]
        if change == "port":
            c["port"] = "http"
        elif change == "field":
            c["prot"] = "sip"
        elif change == "id":
            d["id"] = "Not An Id"
        elif change == "missing":
            del c["source"]
        elif change == "range":
            c["port"] = ["50000-40000x", 0, 70000]
        elif change == "transport":
            c["transport"] = "SCTP"
        else:
            d["connections"] = {"a": 1}
        out.append(d)
    return out


@pytest.mark.parametrize("kind", schema_check.SCHEMA_NAMES)
def test_no_reference_is_left_to_look_up(kind):
    schema = dict(schema_check._validator(kind).schema)
    schema.pop("$defs", None)  # kept as published; every use of one is inlined
    assert '"$ref"' not in json.dumps(schema)


def test_the_same_errors_as_the_published_schema():
    registry = schema_check._registry()
    uri = "https://posterbuild.invalid/schemas/workload.schema.json"
    published = jsonschema.Draft202012Validator(registry.contents(uri), registry=registry)
    inlined = schema_check._validator("workload")
    data = yaml.safe_load(WORKLOAD.read_text(encoding="utf-8"))
    assert _errors(published, data) == _errors(inlined, data) == []
    for bad in _mutations(data):
        expected = _errors(published, bad)
        assert expected and _errors(inlined, bad) == expected
