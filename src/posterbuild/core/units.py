"""Lengths: points, and the units a layout or an argument may write them in."""

from __future__ import annotations

import re

__all__ = ["UNITS", "IN", "MM", "parse_length"]

IN = 72.0  # points per inch
MM = 72.0 / 25.4  # points per millimetre
UNITS = {"pt": 1.0, "in": IN, "mm": MM, "cm": 72.0 / 2.54}
_LENGTH = re.compile(r"^(\d+(?:\.\d+)?)\s*(pt|in|mm|cm)$")


def parse_length(value: float | int | str) -> float:
    """A length in points.

    >>> parse_length("48in"), round(parse_length("10mm"), 3), parse_length(12)
    (3456.0, 28.346, 12.0)
    """
    if isinstance(value, (int, float)):
        return float(value)
    match = _LENGTH.match(value.strip())
    if not match:
        raise ValueError(f"not a length: {value!r}")
    return float(match.group(1)) * UNITS[match.group(2)]
