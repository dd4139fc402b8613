"""How the sheet is set up for print: bleed, crop marks in a slug, and the colour space."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib.colors import CMYKColor, Color, rgb2cmyk, toColor

__all__ = ["PageSetup", "SLUG", "DEFAULT_BLEED", "to_cmyk"]

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


def to_cmyk(value: object) -> CMYKColor:
    """Every colour as CMYK: greys to pure black ink, others by the plain RGB formula.

    >>> to_cmyk("#ffffff").cmyk(), to_cmyk("#000000").cmyk()
    ((0, 0, 0, 0.0), (0, 0, 0, 1.0))
    """
    c = toColor(value)
    if isinstance(c, CMYKColor):
        return c
    if not isinstance(c, Color):
        raise ValueError(f"not a colour: {value!r}")
    if c.red == c.green == c.blue:
        return CMYKColor(0, 0, 0, 1 - c.red, alpha=c.alpha)
    return CMYKColor(*rgb2cmyk(c.red, c.green, c.blue), alpha=c.alpha)
