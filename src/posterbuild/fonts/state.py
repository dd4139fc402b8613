"""What ReportLab keeps of a parsed TrueType font, as JSON and back, exactly.

A :class:`~reportlab.pdfbase.ttfonts.TTFont` is its face (name, metrics, character map,
widths, glyph offsets, table directory) and a few flags. :func:`state_json` writes them as
JSON (never pickle) only when reading that JSON back rebuilds exactly the same font, attribute
for attribute and type for type (a tuple is not a list, 2 is not 2.0); :func:`font_from_state`
rebuilds it from the JSON and the file's bytes (each PDF's subset is cut from them) without
parsing. So a PDF is byte-identical whether its fonts were parsed or rebuilt. Stored by
:mod:`posterbuild.fonts.cache`.
"""

from __future__ import annotations

import array
import base64
import json
import sys
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

__all__ = ["state_json", "font_from_state"]

_NOT_KEPT = ("_ttf_data", "filename", "_pdfScale")  # the file's bytes and path; a function of unitsPerEm
_MADE_HERE = ("fontName", "face", "encoding", "state")  # set when the font is rebuilt


def state_json(font: TTFont) -> str | None:
    """One line of JSON that :func:`font_from_state` turns back into exactly ``font``; None when
    something ReportLab keeps cannot be kept so."""
    face = font.face
    try:
        text = _text(font)
        copy = font_from_state(font.fontName, face.filename, face._ttf_data, json.loads(text))
        same = _text(copy) == text and _same_frame(copy, font)
    except (TypeError, ValueError, OverflowError, AttributeError, RecursionError):
        return None
    return text if same else None


def _text(font: TTFont) -> str:
    """The font's state as JSON. Each type has its own form (2 is "2" or packed as an int, 2.0
    is "2.0" or packed as a float, a tuple is tagged apart from a list...): the same text means
    the same values of the same types."""
    extra = {k: _encode(v) for k, v in vars(font).items() if k not in _MADE_HERE}
    state = {k: _encode(v) for k, v in vars(font.face).items() if k not in _NOT_KEPT}
    return json.dumps({"font": {"dict": [[k, v] for k, v in extra.items()]},
                       "face": {"dict": [[k, v] for k, v in state.items()]}}, separators=(",", ":"))


def font_from_state(name: str, filename: str, data: bytes, kept: Any) -> TTFont:
    """The font as ``TTFont(name, filename)`` makes it from the file holding ``data``, rebuilt
    from what :func:`state_json` kept (ValueError, TypeError, KeyError: not such JSON)."""
    return _rebuild(name, filename, data, _decode(kept["font"]), _decode(kept["face"]))


def _rebuild(name: str, filename: str, data: bytes, extra: dict, state: dict) -> TTFont:
    """A font as ``TTFont(name, filename)`` makes it, from its kept state instead of a parse."""
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(state)
    face.filename, face._ttf_data = filename, data
    per_em = face.unitsPerEm
    if per_em == 1000:  # what ReportLab's parser sets (ttfonts.TTFontFile.extractInfo)
        face._pdfScale = lambda x: x
    else:
        mult = 1000 / per_em
        face._pdfScale = lambda x: x * mult
    font = TTFont.__new__(TTFont)
    vars(font).update(fontName=name, face=face, encoding=TTEncoding(), state=WeakKeyDictionary())
    vars(font).update(extra)
    return font


def _same_frame(a: TTFont, b: TTFont) -> bool:
    """What the JSON does not hold is the same too: the attributes there are, the encoding and
    state objects, the file's name and bytes, and the scale function's results."""
    if vars(a).keys() != vars(b).keys() or vars(a.face).keys() != vars(b.face).keys():
        return False
    if type(a.encoding) is not type(b.encoding) or vars(a.encoding) != vars(b.encoding):
        return False
    if type(a.state) is not type(b.state) or len(a.state) or len(b.state) or a.fontName != b.fontName:
        return False
    return (a.face.filename, a.face._ttf_data) == (b.face.filename, b.face._ttf_data) and \
        all(a.face._pdfScale(x) == b.face._pdfScale(x) for x in (0, 1, 17, 2048, -300, 0.5))


def _types(values: Any) -> set[type]:
    return set(map(type, values))


def _numbers(values: Any) -> bool:
    return _types(values) <= {int, float}


def _pack(values: list) -> dict:
    """A run of numbers: all ints, or all floats, as base64 of 8-byte little-endian values (read
    back at C speed, exactly: several times faster than JSON's decimal numbers); a mix of the
    two as a plain list (JSON keeps 2 and 2.0 apart)."""
    for code, kind in (("q", int), ("d", float)):
        if values and _types(values) == {kind}:
            packed = array.array(code, values)  # OverflowError: an int beyond 64 bits
            if sys.byteorder == "big":
                packed.byteswap()
            return {code: base64.b64encode(packed.tobytes()).decode("ascii")}
    return {"mixed": values}


def _column(packed: Any) -> list:
    [(code, body)] = packed.items()
    if code == "mixed" and isinstance(body, list):
        return body
    if code not in ("q", "d"):
        raise ValueError(f"not a column of numbers: {code!r}")
    values = array.array(code, base64.b64decode(body))
    if sys.byteorder == "big":
        values.byteswap()
    return values.tolist()


def _encode(value: Any) -> Any:
    """JSON that :func:`_decode` turns back into exactly ``value``; TypeError for anything else."""
    kind = type(value)
    if value is None or kind in (bool, int, float, str):
        return value
    if kind is TTFNameBytes:
        return {"name": value.ustr}
    if kind is bytes:
        return {"bytes": value.decode("latin-1")}
    if kind is tuple:
        return {"tuple": [_encode(v) for v in value]}
    if kind is list:
        if _numbers(value):
            return {"numbers": _pack(value)}
        if _types(value) == {tuple} and set(map(len, value)) == {2}:
            firsts, seconds = [a for a, _ in value], [b for _, b in value]
            if _numbers(firsts) and _numbers(seconds):
                return {"pairs": [_pack(firsts), _pack(seconds)]}
        return {"list": [_encode(v) for v in value]}
    if kind is dict:
        return _encode_dict(value)
    raise TypeError(f"cannot keep a {kind.__name__}")


def _encode_dict(value: dict) -> dict:
    """A dict of numbers to numbers (the character map, the widths) or to non-empty lists of
    numbers (glyph -> characters: almost always one) in columns; any other dict entry by entry."""
    keys, items = list(value), list(value.values())
    if _numbers(keys) and _numbers(items):
        return {"map": [_pack(keys), _pack(items)]}
    if _numbers(keys) and _types(items) == {list} and all(items) and _numbers([x for v in items for x in v]):
        more = [[i, v[1:]] for i, v in enumerate(items) if len(v) > 1]
        return {"lists": [_pack(keys), _pack([v[0] for v in items]), more]}
    return {"dict": [[_encode(k), _encode(v)] for k, v in value.items()]}


def _decode(value: Any) -> Any:
    """What :func:`_encode` encoded (the entry's checksum stands for its content: the columns
    are not checked number by number)."""
    if not isinstance(value, dict):
        if isinstance(value, list):
            raise ValueError("an untagged list")
        return value
    [(tag, body)] = value.items()
    if tag == "numbers":
        return _column(body)
    if tag in ("map", "pairs"):
        first, second = _column(body[0]), _column(body[1])
        if len(first) != len(second):
            raise ValueError("columns of different lengths")
        return dict(zip(first, second)) if tag == "map" else list(zip(first, second))
    if tag == "lists":
        return _lists(*body)
    if tag == "dict":
        return {_decode(k): _decode(v) for k, v in body}
    if tag == "tuple":
        return tuple(_decode(v) for v in body)
    if tag == "list":
        return [_decode(v) for v in body]
    if tag == "name":
        return TTFNameBytes(body.encode("utf-8"))
    if tag == "bytes":
        return body.encode("latin-1")
    raise ValueError(f"unknown tag {tag!r}")


def _lists(keys: Any, firsts: Any, more: list) -> dict:
    glyphs, chars = _column(keys), _column(firsts)
    if len(glyphs) != len(chars):
        raise ValueError("columns of different lengths")
    out = {k: [v] for k, v in zip(glyphs, chars)}
    order = list(out)
    for index, rest in more:
        out[order[index]].extend(rest)
    return out


