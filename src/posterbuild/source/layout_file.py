"""Find and read a layout definition (YAML) into a :class:`LayoutSpec`, lengths in points."""

from __future__ import annotations

import re
from pathlib import Path

from posterbuild.errors import DataError
from posterbuild.layout_model import (PANEL_TYPES, TEXT_ROLES, FamilyStyle, GraphStyle,
                                      LayoutSpec, PanelSpec, TextStyle, Track)
from posterbuild.source import schema_check
from posterbuild.source.limits import check_layout_numbers
from posterbuild.source.yaml_reader import Document, read_yaml

__all__ = ["find_layout", "load_layout", "layout_from_data", "parse_length"]

_UNITS = {"pt": 1.0, "in": 72.0, "mm": 72.0 / 25.4, "cm": 72.0 / 2.54}
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)$")


def parse_length(value: float | int | str) -> float:
    """A length in points.

    >>> parse_length("48in"), round(parse_length("10mm"), 3), parse_length(12)
    (3456.0, 28.346, 12.0)
    """
    if isinstance(value, (int, float)):
        return float(value)
    match = _LENGTH.match(value.strip())
    if not match:
        raise ValueError(f"not a length: {value!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def find_layout(name_or_path: str, search: list[Path]) -> Path:
    """A layout given by name (looked up as ``layouts/NAME.yaml`` in ``search``) or by path."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or "/" in name_or_path:
        if candidate.is_file():
            return candidate
        raise DataError.single(name_or_path, 0, "", "layout file not found")
    tried = []
    for folder in search:
        path = folder / f"{name_or_path}.yaml"
        tried.append(str(path))
        if path.is_file():
            return path
    raise DataError.single(name_or_path, 0, "layout", f"no layout named '{name_or_path}' "
                           f"(looked for {', '.join(tried)})")


def load_layout(path: Path) -> LayoutSpec:
    """Read and check the layout at ``path``; every problem is reported with its line."""
    return layout_from_document(read_yaml(path, str(path)))


def layout_from_data(data: object, path: Path) -> LayoutSpec:
    """A layout from already parsed data (a release snapshot); fonts are found beside ``path``."""
    return layout_from_document(Document(path=path, name=f"{path} (snapshot)", data=data, lines={}))


def layout_from_document(doc: Document) -> LayoutSpec:
    path = doc.path
    problems = schema_check.check(doc, "layout")
    if problems:
        raise DataError(problems)
    d = doc.data
    problems.extend(check_layout_numbers(doc))  # sizes within range, text above the minimum
    font_dir = (path.parent / d.get("font_dir", "../fonts")).resolve()
    font_files: dict[str, Path] = {}
    alias_to_name: dict[str, str] = {}
    for alias, file in d["fonts"].items():
        font_path = font_dir / file
        if not font_path.is_file():
            problems.append(doc.problem(("fonts", alias), f"font file '{font_path}' not found"))
        font_files[Path(file).stem] = font_path
        alias_to_name[alias] = Path(file).stem

    colors = dict(d["colors"])
    text: dict[str, TextStyle] = {}
    for role in TEXT_ROLES:
        if role not in d["text"]:
            problems.append(doc.problem(("text",), f"missing text style '{role}'"))
    for role, style in d["text"].items():
        if role not in TEXT_ROLES:
            problems.append(doc.problem(("text", role), f"unknown text style '{role}' "
                                        f"(known: {', '.join(TEXT_ROLES)})"))
            continue
        if style["font"] not in alias_to_name:
            problems.append(doc.problem(("text", role, "font"), f"unknown font '{style['font']}' "
                                        f"(known: {', '.join(alias_to_name)})"))
            continue
        text[role] = TextStyle(font=alias_to_name[style["font"]], size=parse_length(style["size"]),
                               color=style.get("color", colors.get("ink", "#000000")),
                               leading=float(style.get("leading", 1.2)))
    for needed in ("ink", "paper", "rule"):
        if needed not in colors:
            problems.append(doc.problem(("colors",), f"missing colour '{needed}'"))

    columns = tuple(_track(t) for t in d["grid"]["columns"])
    rows = tuple(_track(t) for t in d["grid"]["rows"])
    panels = []
    for i, p in enumerate(d["panels"]):
        col, row = p["at"]
        span_c, span_r = p.get("span", [1, 1])
        if col + span_c - 1 > len(columns) or row + span_r - 1 > len(rows):
            problems.append(doc.problem(("panels", i, "at"), f"panel does not fit the "
                                        f"{len(columns)}x{len(rows)} grid"))
        if p["type"] == "workload" and "workload" not in p:
            problems.append(doc.problem(("panels", i), "a workload panel needs 'workload'"))
        panels.append(PanelSpec(type=p["type"], column=col - 1, row=row - 1, columns=span_c,
                                rows=span_r, workload=p.get("workload"), title=p.get("title")))
    assert set(p.type for p in panels) <= set(PANEL_TYPES)
    if problems:
        raise DataError(problems)

    g = d["graph"]
    return LayoutSpec(
        name=d["name"], path=path,
        width=parse_length(d["page"]["width"]), height=parse_length(d["page"]["height"]),
        margin=parse_length(d["margin"]), min_text_size=parse_length(d["min_text_size"]),
        columns=columns, rows=rows, gap=parse_length(d["grid"]["gap"]),
        font_files=font_files, text=text, colors=colors,
        families={k: FamilyStyle(color=v["color"], dash=tuple(v.get("dash", ())),
                                 width=parse_length(v.get("width", 1.5)))
                  for k, v in d["families"].items()},
        graph=GraphStyle(**{k: (parse_length(v) if k != "max_scale" else float(v))
                            for k, v in g.items()}),
        panels=tuple(panels), poster_title=d.get("poster_title"), data=d,
    )


def _track(value: float | str) -> Track:
    if isinstance(value, str) and value.endswith("fr"):
        return Track(float(value[:-2]), "fr")
    return Track(parse_length(value), "pt")
