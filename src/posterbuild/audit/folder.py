"""The audit of a poster folder on disk: its vendor tables read (only here, for the commands
that audit: `audit`, `check`, `ports`) and matched with the poster already loaded."""

from __future__ import annotations

from pathlib import Path

from posterbuild.audit.match import Audit, audit
from posterbuild.core.model import Poster
from posterbuild.source.snapshot import parse_ref
from posterbuild.source.vendor_load import has_sources, load_sources

__all__ = ["audit_folder"]


def audit_folder(poster_dir: Path | str, poster: Poster) -> Audit | None:
    """The audit of ``poster_dir`` (loaded as ``poster``); None when it keeps no ``sources/``,
    or names a published version (``DIR@X.Y``: a snapshot keeps no vendor tables)."""
    folder, version = parse_ref(poster_dir)
    if version is not None or not has_sources(folder):
        return None
    return audit(poster, load_sources(folder, poster))
