"""The poster a command works on when none is named: ``data/default-poster`` (one line).

A damaged file (UTF-16, garbage, a folder, a symlink loop) does not stop commands that name
their poster; it is reported only when the default is used.
"""

from __future__ import annotations

import re
from pathlib import Path

from posterbuild.errors import os_error_message, terminal_safe

__all__ = ["default_poster"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def default_poster(data: Path = Path("data")) -> tuple[Path, str | None]:
    """The default poster folder, and a problem to report if the default is used (or None)."""
    named = data / "default-poster"
    fallback = data / "<name a POSTER_DIR>"
    try:
        exists = named.exists() or named.is_symlink()
    except OSError:
        exists = True
    if not exists:
        try:
            folders = sorted(p.parent for p in data.glob("*/poster.yaml"))
        except OSError:
            folders = []
        return (folders[0], None) if len(folders) == 1 else (fallback, None)
    if not named.is_file():  # a folder, a FIFO (reading it would hang), a broken link
        return fallback, f"{named}: not a regular file; it must hold one line, the name of a poster folder in data/"
    try:
        with open(named, "rb") as handle:
            raw = handle.read(4096)
    except OSError as exc:
        return fallback, os_error_message(exc, named, "cannot read")
    try:
        text = raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        hint = " (saved as UTF-16?)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        return fallback, (f"{named}: not UTF-8 text{hint}; it must hold one line, the name of a "
                          "poster folder in data/")
    if not _NAME.match(text):
        return fallback, (f"{named}: {terminal_safe(text[:60])!r} is not the name of a poster folder "
                          "in data/ (one line, letters, digits, '.', '_' and '-')")
    return data / text, None
