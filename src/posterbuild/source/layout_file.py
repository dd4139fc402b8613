"""Find and read a layout definition (YAML) into a :class:`LayoutSpec`, lengths in points."""

from __future__ import annotations

from pathlib import Path

from posterbuild.core.errors import DataError
from posterbuild.core.errors import Problem
from posterbuild.core.layout_model import (COLOR_KEYS, TEXT_ROLES, ZONE_COLOR, FamilyStyle, GraphStyle,
                                      LayoutSpec, PanelSpec, TextStyle, Track)
from posterbuild.core.builtin import builtin_dir
from posterbuild.core.project import layout_dirs, layout_names
from posterbuild.source import schema_check
from posterbuild.source.layout_defaults import default_text_style
from posterbuild.source.layout_extends import resolve_extends
from posterbuild.source.suggest import did_you_mean, unknown
from posterbuild.source.limits import check_layout_numbers
from posterbuild.source.yaml_reader import Document, read_yaml
from posterbuild.core.units import parse_length

__all__ = ["find_layout", "load_layout", "layout_from_data"]

def find_layout(name_or_path: str, search: list[Path], base: Path | None = None) -> Path:
    """A layout given by name (looked up as ``layouts/NAME.yaml`` in ``search``) or by path
    (relative to ``base``, the poster folder that names it, if given; else to the working folder)."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or "/" in name_or_path:
        if base is not None and not candidate.is_absolute() and (base / candidate).is_file():
            return base / candidate
        if candidate.is_file():
            return candidate
        where = f" (nor in {base})" if base is not None and not candidate.is_absolute() else ""
        raise DataError.single(name_or_path, 0, "", f"layout file not found{where}")
    tried = []
    for folder in search:
        path = folder / f"{name_or_path}.yaml"
        tried.append(str(path))
        if path.is_file():
            return path
    names = layout_names(search)
    raise DataError.single(name_or_path, 0, "layout", f"no layout named '{name_or_path}';"
                           f"{did_you_mean(name_or_path, names)} layouts that exist: "
                           f"{', '.join(names) or 'none'} (looked for {', '.join(tried)})")


def load_layout(path: Path, search: list[Path] | None = None) -> LayoutSpec:
    """Read and check the layout at ``path`` (merged with the layouts it ``extends:``, looked
    up by name in ``search``); every problem is reported with its file and line."""
    doc = read_yaml(path, str(path))
    return layout_from_document(resolve_extends(doc, search if search is not None
                                                else layout_dirs(path.parent)))


def layout_from_data(data: object, path: Path) -> LayoutSpec:
    """A layout from already parsed data (a release snapshot); fonts are found beside ``path``."""
    return layout_from_document(Document(path=path, name=f"{path} (snapshot)", data=data, lines={}))


def layout_from_document(doc: Document) -> LayoutSpec:
    """The typed layout of a parsed layout file; every problem in it is raised at once, each
    naming the file, line and field."""
    path = doc.path
    problems = schema_check.check(doc, "layout")
    if problems:
        raise DataError(problems)
    d = doc.data
    problems.extend(check_layout_numbers(doc))  # sizes within range, text above the minimum
    font_files, alias_to_name = _layout_fonts(doc, problems)
    colors = dict(d["colors"])
    text = _text_styles(doc, colors, alias_to_name, problems=problems)
    for needed in ("ink", "paper", "rule"):
        if needed not in colors:
            problems.append(doc.problem(("colors",), f"missing colour '{needed}'"))
    problems += _unknown_colors(doc, colors)

    columns = tuple(_track(t) for t in d["grid"]["columns"])
    rows = tuple(_track(t) for t in d["grid"]["rows"])
    panels = _layout_panels(doc, columns, rows, problems=problems)
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
        panels=tuple(panels), poster_title=d.get("poster_title"), data=d, lines=doc.lines,
    )


def _layout_fonts(doc: Document, problems: list[Problem]) -> tuple[dict[str, Path], dict[str, str]]:
    """The layout's font files by font name, and each alias's font name; a missing file is
    added to ``problems``."""
    d = doc.data
    font_dir = (doc.path.parent / d.get("font_dir", "../fonts")).resolve()
    font_files: dict[str, Path] = {}
    alias_to_name: dict[str, str] = {}
    for alias, file in d["fonts"].items():
        font_path = font_dir / file
        builtin = builtin_dir("fonts")
        if not font_path.is_file() and builtin is not None and (builtin / file).is_file():
            font_path = builtin / file  # the project's own fonts/ first, then posterbuild's
        if not font_path.is_file():
            problems.append(doc.problem(("fonts", alias), f"font file '{font_path}' not found"))
        font_files[Path(file).stem] = font_path
        alias_to_name[alias] = Path(file).stem
    return font_files, alias_to_name


def _text_styles(doc: Document, colors: dict[str, str], alias_to_name: dict[str, str], *,
                 problems: list[Problem]) -> dict[str, TextStyle]:
    """Every text role's style (the built-in one, overridden key by key by the layout's); an
    unknown role or font, or a missing style, is added to ``problems``."""
    d = doc.data
    text: dict[str, TextStyle] = {}
    styles = dict(d.get("text", {}))
    for role in TEXT_ROLES:  # a style the layout leaves out, or keys of it, are the built-in ones
        builtin = default_text_style(role, d["fonts"])
        if builtin is not None:
            styles[role] = {**builtin, **styles.get(role, {})}
        elif role not in styles:
            problems.append(doc.problem(("text",), f"missing text style '{role}'"))
    for role, style in styles.items():
        if role not in TEXT_ROLES:
            problems.append(doc.problem(("text", role), unknown("text style", role, TEXT_ROLES,
                                                                limit=len(TEXT_ROLES))))
            continue
        if style["font"] not in alias_to_name:
            problems.append(doc.problem(("text", role, "font"), unknown("font", style["font"],
                                                                        alias_to_name)))
            continue
        text[role] = TextStyle(font=alias_to_name[style["font"]], size=parse_length(style["size"]),
                               color=style.get("color", colors.get("ink", "#000000")),
                               leading=float(style.get("leading", 1.2)))
    return text


def _layout_panels(doc: Document, columns: tuple[Track, ...], rows: tuple[Track, ...], *,
                   problems: list[Problem]) -> list[PanelSpec]:
    """The layout's panels (grid places from 0); one outside the grid, or a workload panel
    without its workload, is added to ``problems``."""
    panels = []
    for i, p in enumerate(doc.data["panels"]):
        col, row = p["at"]
        span_c, span_r = p.get("span", [1, 1])
        if col + span_c - 1 > len(columns) or row + span_r - 1 > len(rows):
            problems.append(doc.problem(("panels", i, "at"), f"panel does not fit the "
                                        f"{len(columns)}x{len(rows)} grid"))
        if p["type"] == "workload" and "workload" not in p:
            problems.append(doc.problem(("panels", i), "a workload panel needs 'workload'"))
        panels.append(PanelSpec(type=p["type"], column=col - 1, row=row - 1, columns=span_c,
                                rows=span_r, workload=p.get("workload"), title=p.get("title")))
    return panels


def _unknown_colors(doc: Document, colors: dict[str, str]) -> list[Problem]:
    """A colour key the drawing code does not know is a typo: refuse it rather than let the
    drawing fall back to a default without a word."""
    return [doc.problem(("colors", key), f"unknown colour '{key}';{did_you_mean(key, COLOR_KEYS)} "
                        f"(known: {', '.join(COLOR_KEYS)}, and {ZONE_COLOR}<zone id> per zone)")
            for key in colors if key not in COLOR_KEYS and not key.startswith(ZONE_COLOR)]


def _track(value: float | str) -> Track:
    if isinstance(value, str) and value.endswith("fr"):
        return Track(float(value[:-2]), "fr")
    return Track(parse_length(value), "pt")
