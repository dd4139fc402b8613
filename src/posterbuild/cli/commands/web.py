"""``posterbuild web``: a static deep-zoom site of the poster, with search."""

from __future__ import annotations

import argparse
import time

from posterbuild import pipeline
from posterbuild.core.errors import PosterError
from posterbuild.output.published import draft_if_changed
from posterbuild.output.safe_paths import check_site_folder
from posterbuild.web.site import write_site

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    if not 10 <= args.dpi <= 600:
        raise PosterError("--dpi must be between 10 and 600")
    check_site_folder(args.output)
    start = time.perf_counter()
    loaded = draft_if_changed(pipeline.load(args.poster_dir))
    site = write_site(loaded, pipeline.build(loaded), args.output, args.dpi)
    print(f"wrote {site.folder}/index.html: {site.width} x {site.height} px, {site.levels} levels, "
          f"{site.tiles} tiles, {site.entries} search entries ({time.perf_counter() - start:.1f} s)")
    return 0
