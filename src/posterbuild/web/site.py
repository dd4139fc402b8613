"""`posterbuild web`: a self-contained static site, deep-zoom tiles and a searchable viewer."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from posterbuild.core.escape import html_text, script_json
from posterbuild.core.errors import PosterError
from posterbuild.source.limits import MAX_WEB_PIXELS
from posterbuild.output.claim import replace_folder
from posterbuild.output.safe_paths import SITE_MARKER, check_site_folder
from posterbuild.web.pyramid import FORMAT, OVERLAP, TILE, dzi_xml, plan_pyramid, render_pyramid
from posterbuild.web.overlay import overlay
from posterbuild.web.search_index import search_index

__all__ = ["Site", "write_site", "viewer_assets"]

DEFAULT_DPI = 150.0  # a wall poster's print resolution
MARKER_TEXT = "A site written by `posterbuild web`; the next run replaces this folder.\n"


@dataclass(frozen=True)
class Site:
    folder: Path
    tiles: int
    levels: int
    width: int
    height: int
    entries: int


def viewer_assets() -> Path:
    """OpenSeadragon's build, package data of posterbuild (``web/openseadragon/``: the minified
    script, its images and its licence, the version web/package-lock.json pins; a test checks
    they are the files npm installs)."""
    folder = Path(str(resources.files("posterbuild.web") / "openseadragon"))
    if not (folder / "openseadragon.min.js").is_file():
        raise PosterError(f"{folder}: OpenSeadragon's build is missing from the installed package; "
                          "reinstall posterbuild")
    return folder


def write_site(loaded, built, out_dir: Path, dpi: float = DEFAULT_DPI) -> Site:
    """Render the tiles and write the site into ``out_dir`` (replaced as a whole at the end)."""
    assets = viewer_assets()
    layout = loaded.layout
    pyramid = plan_pyramid(layout.width, layout.height, dpi)
    if pyramid.width * pyramid.height > MAX_WEB_PIXELS:
        raise PosterError(f"a {dpi:g} dpi site of this {layout.width / 72:g} x {layout.height / 72:g} in "
                          f"poster would have {pyramid.width * pyramid.height / 1e6:.0f} million pixels "
                          f"(at most {MAX_WEB_PIXELS / 1e6:.0f}); lower --dpi")
    out_dir = Path(out_dir)
    with replace_folder(out_dir, marker=SITE_MARKER, marker_text=MARKER_TEXT,
                        check=check_site_folder) as staging:  # never replaces a folder the user owns
        tiles, entries = _write_into(staging, loaded, built, pyramid, assets)
    return Site(out_dir, tiles, pyramid.levels, pyramid.width, pyramid.height, entries)


def _write_into(staging: Path, loaded, built, pyramid, assets: Path) -> tuple[int, int]:
    """Every file of the site, into ``staging``; the number of tiles and of search entries."""
    poster, layout = loaded.poster, loaded.layout
    tiles = render_pyramid(built.pdf, pyramid, staging / "poster_files")
    (staging / "poster.dzi").write_text(dzi_xml(pyramid), encoding="utf-8")
    shutil.copytree(assets, staging / "openseadragon", ignore=shutil.ignore_patterns("*.map", "openseadragon.js"))
    package = resources.files("posterbuild.web")
    meta = poster.meta
    page = package.joinpath("viewer.html").read_text(encoding="utf-8")
    # a draft says so, as the sheet does: it cannot be taken for the published version
    version = f"{meta.version} · DRAFT with unpublished changes" if meta.draft else meta.version
    page = page.replace("{title}", html_text(meta.title)).replace("{version}", html_text(version))
    (staging / "index.html").write_text(page, encoding="utf-8")
    for name in ("viewer.js", "viewer.css"):
        (staging / name).write_text(package.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    index = search_index(poster, layout, built)
    drawn = {wid: p.drawn for wid, p in built.placements.items() if p.drawn is not None}
    answers = overlay(poster, built.layout or layout, built.plans, drawn)  # the placed geometry
    (staging / "overlay.json").write_text(json.dumps(answers, ensure_ascii=False, separators=(",", ":")),
                                          encoding="utf-8")
    data = {"title": meta.title, "version": meta.version, "draft": meta.draft, "index": index, "overlay": answers,
            "tileSource": {"Image": {"xmlns": "http://schemas.microsoft.com/deepzoom/2008",
                                     "Url": "poster_files/", "Format": FORMAT, "Overlap": str(OVERLAP),
                                     "TileSize": str(TILE), "Size": {"Width": str(pyramid.width),
                                                                     "Height": str(pyramid.height)}}}}
    (staging / "poster-data.js").write_text(f"window.POSTER = {script_json(data)};\n", encoding="utf-8")
    return tiles, len(index)
