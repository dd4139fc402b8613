"""Find the project a command works in, the way git finds its root: walk up from here."""

from __future__ import annotations

import os
import re
from pathlib import Path

from posterbuild.core.builtin import builtin_dir
from posterbuild.core.errors import os_error_message
from posterbuild.core.escape import terminal_text

__all__ = ["find_root", "MARKERS", "not_found_message", "default_poster", "layout_names",
           "layout_dirs", "output_dir"]

MARKERS = ("data/default-poster", "pyproject.toml with a [tool.posterbuild] table")


def _is_root(folder: Path) -> bool:
    marker = folder / "data" / "default-poster"
    try:
        if marker.exists() or marker.is_symlink():  # even a damaged one: it is reported when used
            return True
    except OSError:
        return True
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file():
        import tomllib  # noqa: PLC0415 (only a project without data/default-poster is read so)
        try:
            return "posterbuild" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            return False
    return False


def find_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the working folder) that holds
    ``data/default-poster`` or a ``pyproject.toml`` with a ``[tool.posterbuild]`` table."""
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if _is_root(folder):
            return folder
    return None


def not_found_message(start: Path | None = None) -> str:
    here = Path(start if start is not None else Path.cwd()).resolve()
    return (f"no poster named, and no posterbuild project found in {here} or any folder above it "
            f"(looked for {' or '.join(MARKERS)}); name a POSTER_DIR, or run from inside the project")


def _shown(path: Path) -> Path:
    """``path`` relative to the working folder when it is inside it (messages stay short)."""
    try:
        return Path(os.path.relpath(path)) if path.is_relative_to(Path.cwd()) else path
    except ValueError:
        return path


def default_poster(start: Path | None = None) -> tuple[Path | None, str | None]:
    """The poster commands use when none is named: the one in ``data/default-poster`` of the
    project, or the only poster folder in its ``data/``; None when there is no such project.
    Also a problem to report if the default is used: a damaged ``default-poster`` (UTF-16,
    garbage, a folder, a FIFO, a symlink loop) does not stop commands that name their poster."""
    root = find_root(start)
    if root is None:
        return None, None
    data = root / "data"
    named = data / "default-poster"
    try:
        exists = named.exists() or named.is_symlink()
    except OSError:
        exists = True
    if not exists:
        try:
            folders = sorted(p.parent for p in data.glob("*/poster.yaml"))
        except OSError:
            folders = []
        return (_shown(folders[0]) if len(folders) == 1 else None), None
    text, problem = _read_name(named)
    return (_shown(data / text) if text else None), problem


_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def _read_name(named: Path) -> tuple[str | None, str | None]:
    """The one line of ``data/default-poster``, or the problem with it."""
    if not named.is_file():  # a folder, a FIFO (reading it would hang), a broken link
        return None, f"{named}: not a regular file; it must hold one line, the name of a poster folder in data/"
    try:
        with open(named, "rb") as handle:
            raw = handle.read(4096)
    except OSError as exc:
        return None, os_error_message(exc, named, "cannot read")
    try:
        text = raw.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        hint = " (saved as UTF-16?)" if raw[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        return None, (f"{named}: not UTF-8 text{hint}; it must hold one line, the name of a "
                      "poster folder in data/")
    if not _NAME.match(text):
        return None, (f"{named}: {terminal_text(text[:60])!r} is not the name of a poster folder "
                      "in data/ (one line, letters, digits, '.', '_' and '-')")
    return text, None


def output_dir(start: Path | None = None) -> Path:
    """Where built files go by default: ``output/`` of the project found from here, else
    ``output/`` here."""
    root = find_root(start)
    return _shown(root / "output") if root is not None else Path("output")


def layout_dirs(poster_dir: Path) -> list[Path]:
    """Where a layout name is looked up, nearest first: ``layouts/`` of the project holding the
    poster folder (``<project>/data/<poster>``), beside the poster folder, of the project found
    from the working folder; last, the layouts built into posterbuild (a project's own
    ``layouts/default.yaml`` wins over the built-in one)."""
    folder = Path(poster_dir).resolve()
    paths = [folder.parent.parent / "layouts", folder.parent / "layouts", Path.cwd() / "layouts"]
    for start in (folder, Path.cwd()):
        root = find_root(start)
        if root is not None:
            paths.append(root / "layouts")
    builtin = builtin_dir("layouts")
    if builtin is not None:
        paths.append(builtin)
    return list(dict.fromkeys(paths))


def layout_names(search: list[Path]) -> list[str]:
    """Every layout name that ``search`` offers (``layouts/<name>.yaml``)."""
    names: set[str] = set()
    for folder in search:
        if folder.is_dir():
            names |= {p.stem for p in folder.glob("*.yaml")}
    return sorted(names)
