"""Release snapshots: the frozen, reviewable content of a published version, committed with the data.

``<poster>/releases/<version>.json`` holds every data file as parsed, the layout definition, the
layout variant Graphviz used for each workload, and checksums of the fonts; the folder
``<poster>/releases/<version>/`` beside it keeps each workload's DOT source and layout JSON.
Building from a snapshot reproduces the published PDF byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from posterbuild.core.errors import PosterError

__all__ = ["same_as_snapshot", "Snapshot", "DataFiles", "FORMAT", "releases_dir", "snapshot_path", "published_versions",
           "read_snapshot", "snapshot_json", "version_key", "parse_ref"]

FORMAT = "posterbuild-snapshot/1"
# every data file of a poster as parsed, by its path relative to the poster folder
DataFiles = dict[str, Any]


@dataclass(frozen=True)
class Snapshot:
    poster: str
    version: str
    date: str
    files: DataFiles
    layout_path: str  # relative to the project (the poster folder's grandparent)
    layout: dict[str, Any]
    variants: dict[str, str]
    fonts: dict[str, str]
    graphviz: str


def version_key(version: str) -> tuple[int, ...]:
    """``"5.9" < "5.10"``: versions compare as numbers.

    >>> sorted(["5.10", "5.9", "5.15"], key=version_key)
    ['5.9', '5.10', '5.15']
    """
    return tuple(int(part) for part in version.split("."))


def releases_dir(poster_dir: Path) -> Path:
    return Path(poster_dir) / "releases"


def snapshot_path(poster_dir: Path, version: str) -> Path:
    return releases_dir(poster_dir) / f"{version}.json"


def published_versions(poster_dir: Path) -> list[str]:
    """Published versions of the poster, oldest first."""
    folder = releases_dir(poster_dir)
    found = [p.stem for p in folder.glob("*.json")] if folder.is_dir() else []
    return sorted((v for v in found if v.replace(".", "").isdigit()), key=version_key)


def same_as_snapshot(files: DataFiles, layout: dict[str, Any], snap: Snapshot) -> bool:
    """The working data is still the published version ``snap``: the same data files and the
    same layout. Not the layout's ``font_dir``: a path from the poster to a built-in layout's
    fonts, which changes with where the poster folder and posterbuild are and with the path the
    poster was named by (the fonts themselves are the PDF's business: a published PDF is only
    ever rewritten with the same bytes)."""
    if files != snap.files:
        return False
    mine = {k: v for k, v in layout.items() if k != "font_dir"}
    theirs = {k: v for k, v in snap.layout.items() if k != "font_dir"}
    return mine == theirs


def snapshot_json(snap: Snapshot) -> str:
    """Normalised JSON (sorted keys, one value a line where it helps a diff)."""
    body = {"format": FORMAT, "poster": snap.poster, "version": snap.version, "date": snap.date,
            "files": snap.files, "layout": {"path": snap.layout_path, "data": snap.layout},
            "variants": snap.variants, "fonts": snap.fonts, "graphviz": snap.graphviz}
    return json.dumps(body, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def read_snapshot(poster_dir: Path, version: str) -> Snapshot:
    path = snapshot_path(poster_dir, version)
    if not path.is_file():
        known = ", ".join(published_versions(poster_dir)) or "none"
        raise PosterError(f"{poster_dir}: version {version} is not published (published: {known})")
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        if d.get("format") != FORMAT:
            raise ValueError(f"unknown format {d.get('format')!r}")
        return Snapshot(poster=d["poster"], version=d["version"], date=d["date"], files=d["files"],
                        layout_path=d["layout"]["path"], layout=d["layout"]["data"],
                        variants=d["variants"], fonts=d["fonts"], graphviz=d["graphviz"])
    except (ValueError, KeyError, TypeError) as exc:
        raise PosterError(f"{path}: not a readable snapshot ({exc})") from None


def parse_ref(ref: str | Path) -> tuple[Path, str | None]:
    """``data/example`` (the working data) or ``data/example@1.2`` (a published version).

    >>> parse_ref("data/example@1.2")
    (PosixPath('data/example'), '1.2')
    >>> parse_ref("data/example")
    (PosixPath('data/example'), None)
    """
    text = str(ref)
    if "@" in text:
        folder, version = text.rsplit("@", 1)
        return Path(folder), version
    return Path(text), None
