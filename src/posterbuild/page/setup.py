"""How the sheet is set up for print: bleed, crop marks in a slug, and the colour space.

Plain values only, no ReportLab (colours become CMYK in :func:`posterbuild.page.paint.to_cmyk`):
the set-up is part of the build cache's key, and a build the cache answers draws nothing."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["PageSetup", "SLUG", "DEFAULT_BLEED"]

DEFAULT_BLEED = 0.125 * 72  # points
SLUG = 0.5 * 72  # room outside the bleed for crop marks and the slug line


@dataclass(frozen=True)
class PageSetup:
    marks: bool = False
    bleed: float = DEFAULT_BLEED
    cmyk: bool = False

    @property
    def offset(self) -> float:
        """Distance from the media edge to the trim edge."""
        return self.bleed + SLUG if self.marks else 0.0

    @property
    def bleed_extent(self) -> float:
        """How far backgrounds that touch the trim run past it."""
        return self.bleed if self.marks else 0.0
