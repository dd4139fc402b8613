"""``posterbuild site``: the posters' static website (every version, PDFs, ports, feed, viewer)."""

from __future__ import annotations

import argparse

from posterbuild.core.errors import PosterError
from posterbuild.output.safe_paths import check_site_folder
from posterbuild.publish.site.build import write_posters_site

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    if not 10 <= args.dpi <= 600:
        raise PosterError("--dpi must be between 10 and 600")
    check_site_folder(args.output)
    report = write_posters_site(args.poster_dirs, args.output, args.dpi)
    print(f"wrote {report.folder}/index.html: {len(report.posters)} poster(s), "
          f"{sum(len(p.releases) for p in report.posters)} published version(s); {report.made} part(s) "
          f"made, {report.reused} unchanged ({report.seconds:.1f} s)")
    return 0
