"""The Creator of a PDF laid out the plain way ReportLab writes one, read from a few bytes.

Deciding whether posterbuild wrote an existing PDF (see :mod:`posterbuild.output.safe_paths`)
need not load a PDF library: a PDF that ReportLab wrote ends with one cross-reference table
and a trailer naming the document information dictionary, so the Creator is found by reading
the tail, that table, and the one object it points to (a few KiB, however large the file).

Anything laid out otherwise (an incremental update, a cross-reference stream, encryption,
strings with escapes, a damaged table) is left undecided (None), for a full PDF parser to
judge. Only the information dictionary is ever read, so text elsewhere in the file (a page's
content saying "posterbuild") can never pass for the Creator.
"""

from __future__ import annotations

import os
import re
from typing import BinaryIO

__all__ = ["read_creator", "read_info"]

TAIL = 4096  # the end of the file: startxref and, in a small file, the trailer
MAX_TABLE = 1 << 20  # the cross-reference table and trailer: ~50,000 objects at most
MAX_OBJECT = 8192  # the information dictionary (a longer one is left to a full parser)

_STARTXREF = re.compile(rb"startxref[ \t\r\n]+(\d{1,12})[ \t\r\n]+%%EOF[ \t\r\n]*\Z")
_TABLE_HEAD = re.compile(rb"xref[ \t]*\r?\n0 (\d{1,7})[ \t]*\r?\n")
_ENTRY = re.compile(rb"(\d{10}) (\d{5}) ([nf])(?: \r| \n|\r\n)")
_TRAILER = re.compile(rb"trailer[ \t\r\n]*<<(.*?)>>[ \t\r\n]*startxref", re.S)
# the trailer's entries as ReportLab writes them (its comment line included); nothing else
_TRAILER_ENTRY = re.compile(rb"[ \t\r\n]*(?:%[^\r\n]*|/(Size) (\d{1,7})|/(Root|Info) (\d{1,7}) 0 R"
                            rb"|/ID[ \t\r\n]*\[[ \t\r\n]*<[0-9a-fA-F]*>[ \t\r\n]*<[0-9a-fA-F]*>[ \t\r\n]*\])")
_OBJECT_HEAD = re.compile(rb"(\d{1,7}) 0 obj[ \t\r\n]*<<")
# a key and its value: a literal string (ReportLab escapes every parenthesis) or a name
_ENTRY_VALUE = re.compile(rb"[ \t\r\n]*/([A-Za-z0-9_.+-]{1,64})[ \t\r\n]*"
                          rb"(?:\(((?:[^\\()]|\\[\s\S])*)\)|(/[A-Za-z0-9_.+-]{1,64}))")
_DICT_END = re.compile(rb"[ \t\r\n]*>>[ \t\r\n]*endobj")


def read_creator(handle: BinaryIO) -> str | None:
    """The Creator of the PDF open in ``handle`` ("" when it names none), or None when the file
    is not laid out simply enough to tell from its tail."""
    info = read_info(handle)
    return None if info is None else info.get("Creator", "")


def read_info(handle: BinaryIO) -> dict[str, str] | None:
    """The plain-ASCII strings of the information dictionary of the PDF open in ``handle``
    (Creator, Keywords, ...), or None when the file is not laid out simply enough to tell from
    its tail; a value with escapes or other bytes is left out (None for the Creator: a full
    parser decides)."""
    size = os.fstat(handle.fileno()).st_size
    handle.seek(max(0, size - TAIL))
    found = _STARTXREF.search(handle.read(TAIL))
    if found is None:
        return None
    start = int(found.group(1))
    if not 0 < start < size or size - start > MAX_TABLE:
        return None
    handle.seek(start)
    table = _xref_table(handle.read(size - start))
    if table is None:
        return None
    entries, trailer = table
    info = _offset(entries, trailer.get(b"Info"), trailer)
    if info is None or _offset(entries, trailer.get(b"Root"), trailer) is None:
        return None
    handle.seek(info)
    strings = _info_strings(handle.read(MAX_OBJECT), trailer[b"Info"])
    if strings is None or _creator(strings) is None:
        return None
    return {k.decode("ascii"): v.decode("ascii") for k, v in strings.items() if _plain(v)}


def _xref_table(section: bytes) -> tuple[bytes, dict[bytes, int]] | None:
    """The 20-byte entries of a cross-reference table of one subsection from object 0, and its
    trailer's Size, Root and Info (every other key, /Prev and /Encrypt among them: None)."""
    head = _TABLE_HEAD.match(section)
    if head is None:
        return None
    count = int(head.group(1))
    end = head.end() + 20 * count
    trailer = _TRAILER.match(section, end)
    if trailer is None:
        return None
    values = _trailer_values(trailer.group(1))
    if values is None or values.get(b"Size") != count or not {b"Root", b"Info"} <= values.keys():
        return None
    return section[head.end():end], values


def _trailer_values(body: bytes) -> dict[bytes, int] | None:
    values: dict[bytes, int] = {}
    pos = 0
    while body[pos:].strip():
        entry = _TRAILER_ENTRY.match(body, pos)
        if entry is None:
            return None
        key, number = entry.group(1) or entry.group(3), entry.group(2) or entry.group(4)
        if key:
            if key in values:
                return None
            values[key] = int(number)
        pos = entry.end()
    return values


def _offset(entries: bytes, number: int | None, trailer: dict[bytes, int]) -> int | None:
    """Where object ``number`` (generation 0, in use) starts, by the table."""
    if number is None or not 0 < number < trailer[b"Size"]:
        return None
    entry = _ENTRY.fullmatch(entries, 20 * number, 20 * number + 20)
    if entry is None or entry.group(2) != b"00000" or entry.group(3) != b"n":
        return None
    return int(entry.group(1))


def _info_strings(data: bytes, number: int) -> dict[bytes, bytes] | None:
    """The entries of the information dictionary object ``number`` at the start of ``data``,
    when every value is a literal string or a name (kept with its slash) and no key repeats."""
    head = _OBJECT_HEAD.match(data)
    if head is None or int(head.group(1)) != number:
        return None
    strings: dict[bytes, bytes] = {}
    pos = head.end()
    while _DICT_END.match(data, pos) is None:
        entry = _ENTRY_VALUE.match(data, pos)
        if entry is None or entry.group(1) in strings:
            return None
        strings[entry.group(1)] = entry.group(2) if entry.group(3) is None else entry.group(3)
        pos = entry.end()
    return strings


def _creator(strings: dict[bytes, bytes]) -> str | None:
    """The Creator as text: plain printable ASCII only (escapes, byte-order marks and other
    encodings are left to a full parser)."""
    raw = strings.get(b"Creator", b"")
    return raw.decode("ascii") if _plain(raw) else None


def _plain(raw: bytes) -> bool:
    return b"\\" not in raw and all(32 <= b < 127 for b in raw)
