"""Synthetic posters K times the size of a real one, for the scale series of the benchmarks.

A K-times poster has every workload K times (ids suffixed), the same roles, protocols and
panels, and a generated layout: a sheet sqrt(K) times larger each way with a grid of workload
panels. Data and layout go into a fresh project folder (data/, layouts/, fonts/).

Up to 8x the sheet is 56 x 46 in times sqrt(K) at the base layout's own type sizes. From 16x
such a sheet would pass PDF's largest page side (200 in, posterbuild's limit): the generated
layout then takes one smaller type scale for the whole sheet (type, line weights, diagram
spacing and the fixed grid rows all times F, as ``posterbuild.core.papers.scale_type`` does), so the
sheet stays within MAX_SIDE_IN: 16x at 87% type (196 x 161 in), 32x at 61% type (193 x 159 in),
all text still at least the layout's ``min_text_size`` (6 pt). No limit is raised; the graphs
(boxes, lines, crossings) are the same at every K, only drawn smaller.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import yaml

__all__ = ["make_synthetic", "type_factor"]

MAX_SIDE_IN = 196.0  # the sheet's longest side: within PDF's 200 in


def make_synthetic(source: Path, root: Path, k: int, fonts: Path, base_layout: Path) -> Path:
    """Write a K-times copy of the poster folder ``source`` under ``root``; return its folder."""
    folder = root / "data" / f"synthetic-x{k}"
    shutil.copytree(source, folder, ignore=shutil.ignore_patterns("releases", "workloads"))
    (folder / "workloads").mkdir()
    poster = yaml.safe_load((folder / "poster.yaml").read_text())
    files = []
    for rel in poster["workloads"]:
        w = yaml.safe_load((source / rel).read_text())
        if w.get("placement", "diagram") != "diagram":  # listed-only workloads: not part of the scale series
            continue
        for n in range(1, k + 1):
            copy = dict(w, id=f"{w['id']}-c{n}", title=f"{w['title']} ({n})")
            name = f"workloads/{copy['id']}.yaml"
            (folder / name).write_text(yaml.safe_dump(copy, sort_keys=False))
            files.append(name)
    poster["workloads"] = files
    poster["layout"] = f"synthetic-x{k}"
    (folder / "poster.yaml").write_text(yaml.safe_dump(poster, sort_keys=False))
    if not (root / "fonts").exists():
        shutil.copytree(fonts, root / "fonts")
    layouts = root / "layouts"
    layouts.mkdir(exist_ok=True)
    (layouts / f"synthetic-x{k}.yaml").write_text(yaml.safe_dump(_layout(base_layout, k, files), sort_keys=False))
    return folder


def type_factor(k: int) -> float:
    """The type scale of the K-times sheet: 1 while 56 x 46 in times sqrt(K) is within
    MAX_SIDE_IN, else the largest hundredth that brings it there.

    >>> type_factor(8), type_factor(16), type_factor(32)
    (1.0, 0.87, 0.61)
    """
    return min(1.0, math.floor(100 * MAX_SIDE_IN / (56 * math.sqrt(k))) / 100)


def _scaled_type(d: dict, f: float) -> None:
    """The layout ``d`` with all its type, line weights and diagram spacing ``f`` times as large
    (every built-in text style written out at its scaled size)."""
    from posterbuild.source.layout_defaults import DEFAULT_TEXT
    from posterbuild.core.units import parse_length
    text = {**DEFAULT_TEXT, **d.get("text", {})}
    d["text"] = {role: {**style, "size": f"{parse_length(style['size']) * f:.3f}pt"}
                 for role, style in text.items()}
    for fam in d["families"].values():
        fam["width"] = round(fam["width"] * f, 3)
        if "dash" in fam:
            fam["dash"] = [round(v * f, 3) for v in fam["dash"]]
    d["graph"] = {key: (v if key == "max_scale" else f"{parse_length(v) * f:.3f}pt")
                  for key, v in d["graph"].items()}


def _layout(base: Path, k: int, files: list[str]) -> dict:
    d = yaml.safe_load(base.read_text())
    s, f = math.sqrt(k), type_factor(k)
    per_row = max(2, math.ceil(s * 1.4))  # workloads side by side, each two grid columns wide
    cols = 2 * per_row
    rows = math.ceil(len(files) / per_row)
    d["name"] = f"synthetic-x{k}"
    # diagrams print at the layout's own sizes (times f): a sheet with room for a quadrant per cell
    d["page"] = {"width": f"{56 * s * f:.2f}in", "height": f"{46 * s * f:.2f}in"}
    d["grid"] = {"columns": ["1fr"] * cols,
                 "rows": [f"{3 * f:.2f}in"] + ["1fr"] * rows + [f"{9 * f:.2f}in", "0.4in"],
                 "gap": f"{0.3 * f:.2f}in"}
    if f < 1:
        _scaled_type(d, f)
    panels = [{"type": "title", "at": [1, 1], "span": [per_row, 1]},
              {"type": "resources", "at": [per_row + 1, 1], "span": [per_row, 1], "title": "Resources"}]
    for i, rel in enumerate(files):
        panels.append({"type": "workload", "workload": Path(rel).stem,
                       "at": [2 * (i % per_row) + 1, i // per_row + 2], "span": [2, 1]})
    bottom = rows + 2
    panels += [{"type": "legend", "at": [1, bottom], "title": "Legend"},
               {"type": "certificates", "at": [2, bottom], "span": [per_row - 1, 1], "title": "Certificates"},
               {"type": "dns", "at": [per_row + 1, bottom], "span": [per_row, 1], "title": "DNS"},
               {"type": "footer", "at": [1, bottom + 1], "span": [cols, 1]}]
    d["panels"] = panels
    return d
