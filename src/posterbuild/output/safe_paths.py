"""Where a command may write: never over a file or folder the user owns, never into poster data.

Every output target is checked before anything is written. A file is replaced only when it
is what the command itself writes (a PDF by a PDF, a PNG by a PNG, a table by a table); a
folder only when a marker file shows that posterbuild wrote it.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from posterbuild.core.errors import FileSystemError, PosterError, os_error_message
from posterbuild.output.pdf_creator import read_creator

__all__ = ["SITE_MARKER", "SIDE_MARKER", "SIGNATURES", "check_file_target", "check_pdf_target",
           "check_site_folder", "poster_folder_above", "holds_poster_data"]

SITE_MARKER = ".posterbuild-site"  # in every folder `web` writes
SIDE_MARKER = ".posterbuild-layouts"  # in every folder of DOT and layout JSON beside a PDF
EXPORT_MARKER = ".posterbuild-export"  # in every folder `export` writes
_OUR_XML = b'<?xml version="1.0" encoding="UTF-8"?>\n<!-- posterbuild'  # how export's files begin

# what an existing file must start with for a command to replace it
SIGNATURES = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "csv": (b"workload,source_role,", b"| workload | source_role |"),  # either table replaces either
    "markdown": (b"workload,source_role,", b"| workload | source_role |"),
    "json": (b'[\n  {\n    "workload": ', b"[]"),  # ports --format json
    "svg": (_OUR_XML,),
    "drawio": (_OUR_XML,),
}
_KIND_NAMES = {"pdf": "a PDF", "png": "a PNG image", "csv": "a connection table",
               "markdown": "a connection table", "json": "a connection table (JSON)",
               "svg": "an SVG file posterbuild exported", "drawio": "a draw.io file posterbuild exported"}


def poster_folder_above(path: Path) -> Path | None:
    """The poster folder (one holding ``poster.yaml``) that ``path`` lies in, if any."""
    for folder in Path(os.path.abspath(path)).parents:
        try:
            if (folder / "poster.yaml").is_file():
                return folder
        except OSError:
            continue
    return None


def holds_poster_data(folder: Path) -> bool:
    """A poster folder, a project (``data/``), or a poster's ``releases/``."""
    try:
        return any((folder / name).exists() for name in ("poster.yaml", "data", "releases")) \
            or any(folder.glob("*/poster.yaml")) \
            or folder.name == "releases" and any(folder.glob("*.json"))
    except OSError:
        return False


def _stat_or_none(path: Path) -> os.stat_result | None:
    try:
        return path.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, path, "cannot use")) from None


def _not_in_poster_data(path: Path, what: str) -> None:
    poster = poster_folder_above(path)
    if poster is not None:
        raise PosterError(f"{path}: refusing to write {what} inside the poster folder {poster} "
                          "(its data and releases); choose another place, such as output/")


def check_file_target(path: Path, kind: str, *, suffix: str | None = None) -> None:
    """Refuse to write ``path`` when it is a folder, a link, a device, or a file that is not
    already ``kind`` (so a typo in ``-o`` cannot replace the user's own file); with ``suffix``,
    when its name does not end so."""
    path = Path(path)
    if suffix and path.suffix.lower() != suffix:
        raise PosterError(f"{path}: the output must be a {suffix} file")
    if not path.name or path.name in (".", ".."):
        raise PosterError(f"{path}: name a file to write, not a folder")
    _not_in_poster_data(path, _KIND_NAMES[kind])
    st = _stat_or_none(path)
    if st is None:
        return
    if stat.S_ISDIR(st.st_mode):
        raise PosterError(f"{path}: is a folder; name a file to write ({_KIND_NAMES[kind]})")
    if stat.S_ISLNK(st.st_mode):
        raise PosterError(f"{path}: is a symbolic link; name the file itself")
    if not stat.S_ISREG(st.st_mode):
        raise PosterError(f"{path}: is not a regular file; refusing to replace it")
    try:
        with open(path, "rb") as handle:
            head = handle.read(64)
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, path, "cannot read")) from None
    if st.st_size and not head.startswith(SIGNATURES[kind]):
        raise PosterError(f"{path}: exists and is not {_KIND_NAMES[kind]}; refusing to overwrite it "
                          "(delete it yourself or choose another name)")
    if st.st_size and kind in ("pdf", "png") and not _written_by_us(path, kind):
        raise PosterError(f"{path}: exists and was not written by posterbuild; refusing to overwrite "
                          "it (delete it yourself or choose another name)")


def _written_by_us(path: Path, kind: str) -> bool:
    """A PDF whose Creator, or a PNG whose Software, is posterbuild."""
    try:
        if kind == "pdf":
            with open(path, "rb") as handle:
                creator = read_creator(handle)  # a few KiB of a PDF that ReportLab wrote
            if creator is not None:
                return creator.startswith("posterbuild")
            import pikepdf  # noqa: PLC0415 (anything else: a full parser decides; slow to import)
            with pikepdf.open(path) as pdf:
                return str(pdf.docinfo.get("/Creator", "")).startswith("posterbuild")
        from PIL import Image
        with Image.open(path) as image:
            return str(image.info.get("Software", "")).startswith("posterbuild")
    except Exception:  # noqa: BLE001 (unreadable: not one of ours)
        return False


def _is_side_folder(folder: Path) -> bool:
    """A folder of DOT and layout JSON that a build wrote: the marker, or (from older builds, or
    a build killed before its marker was in place) nothing but ``NAME.gv`` and ``NAME.json``
    pairs and the temporary ``.part`` files of those names and of the marker."""
    try:
        entries = list(folder.iterdir())
    except OSError:
        return False
    if (folder / SIDE_MARKER).is_file():
        return True
    names = {e.name for e in entries if not _OUR_PART.match(e.name)}
    for e in entries:
        if e.is_symlink() or not e.is_file():
            return False
        if _OUR_PART.match(e.name):
            continue
        if e.suffix not in (".gv", ".json") or e.with_suffix(".gv").name not in names:
            return False
    return True


# write_atomic's temporary file for the marker or a NAME.gv / NAME.json, left by a killed build
_OUR_PART = re.compile(r"^\.(\.posterbuild-layouts|[A-Za-z0-9][A-Za-z0-9._-]*\.(gv|json))\.[A-Za-z0-9_]+\.part$")


def check_pdf_target(pdf: Path) -> Path:
    """Check a build's PDF target and the folder of layouts beside it; return that folder."""
    pdf = Path(pdf)
    check_file_target(pdf, "pdf", suffix=".pdf")
    side = pdf.with_suffix("")
    st = _stat_or_none(side)
    if st is not None:
        if not stat.S_ISDIR(st.st_mode) or not _is_side_folder(side):
            raise PosterError(f"{side}: exists and was not written by posterbuild; the build "
                              f"writes the DOT and layout files of {pdf.name} there. Move it away or "
                              "choose another output name")
    return side


def check_site_folder(out_dir: Path) -> None:
    """``web -o DIR`` and ``site -o DIR`` replace DIR as a whole: only a new or empty folder, or
    a site that one of them wrote (it holds the marker), never ``.``, a folder above it, or
    poster data."""
    check_owned_folder(out_dir, marker=SITE_MARKER, what="the site", command="posterbuild (`web` or `site`)",
                       example="output/site", owned="a site")


def check_owned_folder(out_dir: Path, *, marker: str, what: str, command: str, example: str,
                       owned: str = "a folder") -> None:
    """A folder ``command`` may write ``what`` into: new, empty, or one it wrote before (it holds
    ``marker``); never ``.``, a folder above it, the home folder, or poster data."""
    out_dir = Path(out_dir)
    if not out_dir.name or out_dir.name in (".", ".."):
        raise PosterError(f"{out_dir}: name a new folder for {what} (such as {example})")
    here = Path.cwd().resolve()
    target = Path(os.path.abspath(out_dir))
    if target == here or target in here.parents or target == Path(target.anchor):
        raise PosterError(f"{out_dir}: is the current folder or one above it; name a new folder "
                          f"for {what} (such as {example})")
    home = os.environ.get("HOME")
    if home and target == Path(os.path.abspath(home)):
        raise PosterError(f"{out_dir}: is your home folder; name a new folder for {what}")
    _not_in_poster_data(out_dir, what)
    st = _stat_or_none(out_dir)
    if st is None:
        return
    if stat.S_ISLNK(st.st_mode):
        raise PosterError(f"{out_dir}: is a symbolic link; name the folder itself")
    if not stat.S_ISDIR(st.st_mode):
        raise PosterError(f"{out_dir}: exists and is not a folder; refusing to replace it")
    if holds_poster_data(out_dir):
        raise PosterError(f"{out_dir}: holds poster data; refusing to write {what} there")
    try:
        empty = not any(out_dir.iterdir())
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, out_dir, "cannot read")) from None
    if not empty and not (out_dir / marker).is_file():
        raise PosterError(f"{out_dir}: is not empty and is not {owned} that {command} wrote "
                          f"(no {marker} in it); refusing to replace it. Name a new or empty folder")
