"""What the site's pages show of a poster: its current version, files and published versions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from posterbuild.core.model import Poster
from posterbuild.versions.diff import Change

__all__ = ["PosterPage", "Release", "Variant"]


@dataclass(frozen=True)
class Variant:
    label: str
    path: str  # in the site


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    note: str
    credits: tuple[str, ...]
    pdf: str  # in the site
    page: str  # in the poster's folder of the site
    before: str | None  # the version published before it
    changes: tuple[Change, ...] | None  # None: the first published version


@dataclass(frozen=True)
class PosterPage:
    slug: str
    poster: Poster
    status: str  # published, draft (published version, data changed since) or unreleased
    pdf: str  # paths in the site
    preview: str
    variants: tuple[Variant, ...]
    releases: tuple[Release, ...]  # newest first
    folder: Path
