"""Layouts compose: extends (maps merge, lists replace), built-in text styles, errors that say
where; the subtitle comes from the poster's data; no product text in src/."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posterbuild import pipeline
from posterbuild.core.errors import DataError
from posterbuild.page.title import subtitle_text
from posterbuild.source.layout_file import layout_from_data, load_layout
from tests.conftest import LYNC, ROOT

LAYOUTS = [ROOT / "layouts"]


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_extends_overrides_only_what_differs(tmp_path):
    base = load_layout(ROOT / "layouts" / "default.yaml")
    path = _write(tmp_path, "child.yaml", "extends: default\nname: child\n"
                  "text:\n  node: {font: bold, size: 17pt}\ncolors:\n  paper: \"#f4f4f4\"\n"
                  "panels:\n  - {type: title, at: [1, 1], span: [12, 1]}\n")
    child = load_layout(path, LAYOUTS)
    assert child.name == "child"
    assert child.text["node"].size == 17 and child.text["node"].font == "Roboto-Bold"
    assert child.text["node"].leading == base.text["node"].leading  # merged inside the style too
    assert child.text["title"] == base.text["title"]
    assert child.colors["paper"] == "#f4f4f4" and child.colors["ink"] == base.colors["ink"]
    assert [p.type for p in child.panels] == ["title"]  # a list replaces
    assert child.width == base.width and child.graph == base.graph
    assert child.font_files == base.font_files  # found where the parent's fonts are
    assert "extends" not in child.data
    # the merged data is what a snapshot keeps: it rebuilds without its parents
    again = layout_from_data(child.data, path)
    assert again.text == child.text and again.panels == child.panels


def test_extends_chain_and_path(tmp_path):
    _write(tmp_path, "middle.yaml", "extends: default\nmargin: 1in\n")
    path = _write(tmp_path, "leaf.yaml", "extends: ./middle.yaml\nmin_text_size: 7pt\n")
    leaf = load_layout(path, LAYOUTS)
    assert leaf.margin == 72 and leaf.min_text_size == 7 and leaf.name == "leaf"


def test_a_cycle_is_refused_with_file_and_field(tmp_path):
    _write(tmp_path, "a.yaml", "extends: b\nname: a\n")
    _write(tmp_path, "b.yaml", "name: b\nextends: a\n")
    with pytest.raises(DataError) as err:
        load_layout(tmp_path / "a.yaml", [tmp_path])
    text = str(err.value)
    assert re.search(r"b\.yaml:2: extends: 'a' makes a cycle: .*a\.yaml -> .*b\.yaml -> .*a\.yaml", text), text


def test_a_missing_parent_is_refused_with_a_suggestion(tmp_path):
    path = _write(tmp_path, "child.yaml", "name: child\nextends: defualt\n")
    with pytest.raises(DataError) as err:
        load_layout(path, LAYOUTS)
    text = str(err.value)
    assert "child.yaml:2: extends: no layout named 'defualt'; did you mean 'default'?" in text
    assert "layouts that exist: default, firewall (looked in" in text  # layouts only: not the child itself, no data files


def test_a_problem_names_the_file_that_holds_it(tmp_path):
    path = _write(tmp_path, "child.yaml", "extends: default\nname: child\nmargin: 5 furlongs\n")
    with pytest.raises(DataError) as err:
        load_layout(path, LAYOUTS)
    assert f"{path}:3: margin: \"5 furlongs\" is not valid here: expected a length: a number of " \
        "points, or a number with pt, in, mm or cm" in str(err.value)
    path = _write(tmp_path, "child.yaml", "extends: default\nname: child\n\n"
                  "text:\n  nodes: {font: bold, size: 12pt}\n")
    with pytest.raises(DataError) as err:
        load_layout(path, LAYOUTS)
    text = str(err.value)
    assert f"{path}:5: text.nodes: unknown text style 'nodes': did you mean 'node'?" in text


def test_a_layout_without_text_styles_uses_the_built_in_ones(tmp_path):
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    (tmp_path / "layouts").mkdir()
    from posterbuild.core.layout_model import TEXT_ROLES
    from posterbuild.source.layout_defaults import DEFAULT_TEXT
    default = (ROOT / "layouts" / "default.yaml").read_text(encoding="utf-8")
    without = re.sub(r"^text:\n(?:  .*\n)+", "", default, flags=re.M)
    assert "\ntext:" not in without
    spec = load_layout(_write(tmp_path / "layouts", "plain.yaml", without), [])
    assert set(spec.text) == set(TEXT_ROLES)
    for role, style in DEFAULT_TEXT.items():
        assert spec.text[role].size == float(style["size"].removesuffix("pt")), role


def test_a_font_alias_the_layout_lacks_falls_back_to_its_first_font(tmp_path):
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    (tmp_path / "layouts").mkdir()
    default = (ROOT / "layouts" / "default.yaml").read_text(encoding="utf-8")
    text = re.sub(r"^text:\n(?:  .*\n)+", "", default, flags=re.M)
    text = re.sub(r"^fonts:.*\n(?:  .*\n)+", "fonts: {regular: Roboto-Regular.ttf}\n", text, flags=re.M)
    spec = load_layout(_write(tmp_path / "layouts", "one-font.yaml", text), [])
    assert {s.font for s in spec.text.values()} == {"Roboto-Regular"}


@pytest.mark.exe
def test_a_minimal_layout_builds(mini, tmp_path):
    """A few lines: extends the test layout, replaces the panels; the poster builds with it."""
    path = _write(tmp_path, "few.yaml", "extends: " + str(mini.parent / "layouts" / "mini.yaml") + "\n"
                  "panels:\n  - {type: title, at: [1, 1]}\n  - {type: workload, workload: chat, at: [1, 2], span: [2, 1]}\n")
    loaded = pipeline.load(mini, str(path))
    built = pipeline.build(loaded)
    assert built.pdf.startswith(b"%PDF-") and set(built.placements) == {"chat"}


def test_subtitle_from_the_data(mini):
    poster = pipeline.load(mini).poster
    assert subtitle_text(poster) == ("Example Product  ·  protocols, ports, certificates and DNS by "
                                     "workload  ·  by Test Author, first published 2020-01-01")
    for name in ("certificates.yaml", "dns.yaml"):
        (mini / name).unlink()
    poster = pipeline.load(mini).poster
    assert subtitle_text(poster).startswith("Example Product  ·  protocols and ports by workload")
    text = (mini / "poster.yaml").read_text(encoding="utf-8")
    (mini / "poster.yaml").write_text(text.replace("author:", "subtitle: A line of my own\nauthor:"),
                                      encoding="utf-8")
    assert subtitle_text(pipeline.load(mini).poster) == "A line of my own"


def test_the_published_poster_keeps_its_subtitle():
    poster = pipeline.load(LYNC).poster
    assert poster.meta.subtitle is None  # the published 5.16 data is unchanged
    assert "protocols, ports, certificates and DNS by workload  ·  by Rui Maximo" in subtitle_text(poster)


def test_no_product_text_in_src():
    words = re.compile(r"lync|skype|microsoft|contoso|rui maximo", re.I)
    allowed = {"schemas.microsoft.com/deepzoom"}  # the Deep Zoom XML namespace, a standard
    for path in (ROOT / "src" / "posterbuild").rglob("*"):
        if path.suffix not in (".py", ".json", ".html", ".js", ".css") or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if words.search(line) and not any(a in line for a in allowed):
                pytest.fail(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
