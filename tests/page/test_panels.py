"""The panel registry is the one list of panel types: the schema, the layout loader and compose
agree with it."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from posterbuild.page import panels
from posterbuild.page.panels import PANELS


def _schema_panel_types() -> list[str]:
    text = resources.files("posterbuild.source").joinpath("schemas/layout.schema.json").read_text()
    return json.loads(text)["properties"]["panels"]["items"]["properties"]["type"]["enum"]


def test_the_schema_enum_is_the_registry():
    assert sorted(_schema_panel_types()) == sorted(PANELS)


@pytest.mark.parametrize("kind", sorted(PANELS))
def test_each_type_draws_through_its_entry(kind, monkeypatch):
    """draw_panel calls the type's own function, with the layout's title or the default."""
    seen = []
    monkeypatch.setitem(PANELS, kind, panels.PanelType(
        lambda d, rect, title, *, workload: seen.append((d, rect, title, workload)), PANELS[kind].title))
    panels.draw_panel("drawing", kind, "rect", workload="w")  # type: ignore[arg-type]
    panels.draw_panel("drawing", kind, "rect", title="Own title")  # type: ignore[arg-type]
    assert seen == [("drawing", "rect", PANELS[kind].title, "w"), ("drawing", "rect", "Own title", None)]
