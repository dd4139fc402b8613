"""``posterbuild audit``: the poster compared with the vendor's own tables kept in its folder
(``sources/``, ``audit.yaml``), as text, Markdown or JSON; ``--strict`` for scripts and CI."""

from __future__ import annotations

import argparse
import sys

from posterbuild.audit.folder import audit_folder
from posterbuild.audit.report import to_json, to_markdown, to_text
from posterbuild.cli.reports import dumps
from posterbuild.core.errors import PosterError
from posterbuild.core.escape import terminal_text
from posterbuild.source.load import load_poster
from posterbuild.source.snapshot import parse_ref

__all__ = ["run"]


def run(args: argparse.Namespace) -> int:
    if parse_ref(args.poster_dir)[1] is not None:
        raise PosterError(f"{args.poster_dir}: a published version keeps no vendor tables; audit the "
                          "poster folder itself")
    poster = load_poster(args.poster_dir)
    audited = audit_folder(args.poster_dir, poster)
    if audited is None:
        raise PosterError(f"{args.poster_dir}: no sources/ folder: nothing to audit (docs/sources-format.md "
                          "says how to keep the vendor's tables beside the data)")
    if args.format == "json":
        sys.stdout.write(dumps(to_json(audited)))
    elif args.format == "markdown":
        sys.stdout.write(terminal_text(to_markdown(audited, f"{poster.meta.title} {poster.meta.version}")))
    else:
        sys.stdout.write(terminal_text(to_text(audited)))
    return 1 if args.strict and audited.failed else 0
