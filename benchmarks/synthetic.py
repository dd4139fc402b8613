"""Synthetic posters K times the size of a real one, for the scale series of the benchmarks.

A K-times poster has every workload K times (ids suffixed), the same roles, protocols and
panels, and a generated layout: a sheet sqrt(K) times larger each way with a grid of workload
panels. Data and layout go into a fresh project folder (data/, layouts/, fonts/).
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import yaml

__all__ = ["make_synthetic"]


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


def _layout(base: Path, k: int, files: list[str]) -> dict:
    d = yaml.safe_load(base.read_text())
    s = math.sqrt(k)
    per_row = max(2, math.ceil(s * 1.4))  # workloads side by side, each two grid columns wide
    cols = 2 * per_row
    rows = math.ceil(len(files) / per_row)
    d["name"] = f"synthetic-x{k}"
    # diagrams print at the layout's own sizes: a sheet with room for a quadrant per cell
    d["page"] = {"width": f"{56 * s:.2f}in", "height": f"{46 * s:.2f}in"}
    d["grid"] = {"columns": ["1fr"] * cols, "rows": ["3in"] + ["1fr"] * rows + ["9in", "0.4in"],
                 "gap": "0.3in"}
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
