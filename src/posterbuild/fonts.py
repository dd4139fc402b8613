"""Fonts from the layout's TTF files, and text measured with exactly the metrics ReportLab draws."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from posterbuild.errors import DataError
from posterbuild.layout_model import TextStyle

__all__ = ["register_fonts", "text_width", "wrap", "line_height", "block_height", "ascent"]


def register_fonts(font_files: dict[str, Path]) -> None:
    """Register each TTF under its file stem, once; a broken file is a clear error."""
    registered = set(pdfmetrics.getRegisteredFontNames())
    for name, path in sorted(font_files.items()):
        if name in registered:
            continue
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError) as exc:
            raise DataError.single(str(path), 0, "fonts", f"cannot use this font: {exc}") from None


def text_width(text: str, style: TextStyle) -> float:
    return pdfmetrics.stringWidth(text, style.font, style.size)


def line_height(style: TextStyle) -> float:
    return style.size * style.leading


def ascent(style: TextStyle) -> float:
    """Height of the font's ascender above the baseline at this size."""
    return pdfmetrics.getAscent(style.font, style.size)


def wrap(text: str, style: TextStyle, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width`` (a word longer than that stands alone)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(simpleSplit(paragraph, style.font, style.size, width) or [""])
    return lines


def block_height(lines: int, style: TextStyle) -> float:
    return lines * line_height(style)
