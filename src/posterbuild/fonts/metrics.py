"""Fonts from the layout's TTF files, and text measured with exactly the metrics ReportLab draws."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from posterbuild.core.builtin import builtin_dir
from posterbuild.core.errors import DataError
from posterbuild.fonts.cache import caching, read_entry, write_entry
from posterbuild.fonts.digest import digest_of
from posterbuild.fonts.state import font_from_state, state_json
from posterbuild.core.layout_model import TextStyle

__all__ = ["bundled_font", "register_fonts", "content_digest", "printable", "FALLBACKS", "text_width", "wrap", "line_height", "block_height", "ascent",
           "descent"]


def bundled_font(file_name: str) -> Path:
    """A font built into posterbuild (for pages that have no layout, like tile marks)."""
    folder = builtin_dir("fonts")
    path = (folder or Path("fonts")) / file_name
    if not path.is_file():
        raise DataError.single(str(path), 0, "", "font file not found")
    return path


_REGISTERED: dict[str, str] = {}  # font name -> hash of the file registered under it


def register_fonts(font_files: dict[str, Path]) -> None:
    """Register each TTF under its file stem, again whenever the file's content changed (the
    watch loop picks up an edited font); a broken file is a clear error. A font parsed and
    checked by an earlier run comes from the cache (:mod:`posterbuild.fonts.cache`)."""
    for name, path in sorted(font_files.items()):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise _unusable(path, exc) from None
        digest = digest_of(data)
        if _REGISTERED.get(name) == digest:
            continue
        font = _cached(name, path, data, digest) or _parse(name, path)
        if str(font.face.name, "latin-1") != name:  # a file that holds another font than its name
            # says: its embedded name is its registered one, so two such fonts never collide
            font.face.name = type(font.face.name)(name.encode("latin-1", "replace"))
        # ReportLab keeps the first font registered under a name (and a face name): forget it
        pdfmetrics._fonts.pop(name, None)
        pdfmetrics._dynFaceNames.pop(font.face.name, None)
        pdfmetrics.registerFont(font)
        _REGISTERED[name] = digest
        _PRINTABLE.clear()


def content_digest(name: str) -> str:
    """The SHA-256 of the file registered under ``name`` ("" when none is)."""
    return _REGISTERED.get(name, "")


def _cached(name: str, path: Path, data: bytes, digest: str) -> TTFont | None:
    """The font rebuilt from the cache without parsing (a hit: this content was parsed and
    checked before), or None."""
    kept = read_entry(name, digest)
    if kept is None:
        return None
    try:
        return font_from_state(name, str(path), data, kept)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # an entry of another shape: parse the file


def _parse(name: str, path: Path) -> TTFont:
    """The font parsed and checked (then kept in the cache, keyed by the bytes it was parsed from)."""
    try:
        font = TTFont(name, str(path), validate=True)  # table checksums: damage is caught early
        font.face.makeSubset(list(range(32, 127)))  # damaged glyph data fails here, not mid-page
    except (TTFError, OSError) as exc:
        raise _unusable(path, exc) from None
    except Exception as exc:  # noqa: BLE001 (a damaged file fails anywhere in the parser)
        raise DataError.single(str(path), 0, "fonts", "cannot use this font: a damaged TrueType "
                               f"file ({type(exc).__name__}: {str(exc)[:120]})") from None
    digest = digest_of(font.face._ttf_data)  # the bytes ReportLab parsed
    if caching():  # caching is on: keep it, if it can be kept exactly
        kept = state_json(font)
        if kept is not None:
            write_entry(name, digest, kept)
    return font


def _unusable(path: Path, exc: Exception) -> DataError:
    why = str(exc).replace(f'TTF file "{path}": ', "")  # the file is named once, in front
    return DataError.single(str(path), 0, "fonts", f"cannot use this font: {why}")


# characters some fonts lack, and what to print instead
FALLBACKS = {"→": "->", "←": "<-", "↔": "<->", "⇒": "=>", "✓": "v", "•": "·"}


def printable(text: str, font: str) -> str:
    """``text`` as one drawn line: line feeds and tabs as spaces, characters the font has no
    glyph for replaced (arrows by ASCII arrows, anything else by "?"), so nothing prints as an
    empty box."""
    key = (font, text)
    done = _PRINTABLE.get(key)
    if done is None:
        if len(_PRINTABLE) > 50_000:  # a long watch session: start afresh
            _PRINTABLE.clear()
        done = _PRINTABLE[key] = _printable(text, font)
    return done


_PRINTABLE: dict[tuple[str, str], str] = {}  # emptied whenever a font is registered


# a drawn line has no line breaks or tab stops: wrap() splits lines first, the rest is a space
_ONE_LINE = str.maketrans({"\n": " ", "\t": " "})


def _printable(text: str, font: str) -> str:
    r"""One line as drawn: line feeds and tabs as spaces (a font draws them as an empty box),
    characters the font lacks replaced.

    >>> _printable("a\tb\nc", "Helvetica")
    'a b c'
    """
    text = text.translate(_ONE_LINE)
    face = pdfmetrics.getFont(font).face
    cmap = getattr(face, "charToGlyph", None)
    if cmap is None or all(ord(ch) in cmap for ch in text):
        return text
    return "".join(ch if ord(ch) in cmap else FALLBACKS.get(ch, "?") for ch in text)


def text_width(text: str, style: TextStyle) -> float:
    return pdfmetrics.stringWidth(printable(text, style.font), style.font, style.size)


def line_height(style: TextStyle) -> float:
    return style.size * style.leading


def ascent(style: TextStyle) -> float:
    """Height of the font's ascender above the baseline at this size."""
    return pdfmetrics.getAscent(style.font, style.size)


def descent(style: TextStyle) -> float:
    """The font's descender at this size: negative, below the baseline."""
    return pdfmetrics.getDescent(style.font, style.size)


def wrap(text: str, style: TextStyle, width: float) -> list[str]:
    """Lines of ``text`` no wider than ``width``; a word longer than a line (a URL) is broken,
    after a ``/``, ``.``, ``-``, ``?``, ``&`` or ``=`` where it can be."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        paragraph = printable(paragraph, style.font)
        for line in simpleSplit(paragraph, style.font, style.size, width) or [""]:
            lines.extend(_break(line, style, width))
    return lines


def _break(line: str, style: TextStyle, width: float) -> list[str]:
    out = []
    while text_width(line, style) > width and len(line) > 1:
        fit = 1
        while fit < len(line) and text_width(line[:fit + 1], style) <= width:
            fit += 1
        soft = max(line.rfind(ch, 0, fit) for ch in "/.-?&=")
        cut = soft + 1 if soft > fit // 2 else fit
        out.append(line[:cut])
        line = line[cut:]
    out.append(line)
    return out


def block_height(lines: int, style: TextStyle) -> float:
    return lines * line_height(style)
