"""A published version's PDF is never rewritten unless a build reproduces it byte for byte.

A PDF is a published version's by its name (``<poster>-v<X.Y>.pdf``, in any folder, for any
poster known from here) or, when the file is there, by what it says it is (its Keywords,
``<poster>, version X.Y``, as :mod:`posterbuild.page.compose` writes them). Only that version,
from its data, may write it, and only the bytes already there.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from posterbuild.core.errors import FileSystemError, PosterError, os_error_message
from posterbuild.core.project import known_posters
from posterbuild.output.pdf_creator import read_info
from posterbuild.source.snapshot import published_versions, read_snapshot, same_as_snapshot

if TYPE_CHECKING:  # only a type
    from posterbuild.loading import Loaded

__all__ = ["check_not_published", "changed_since_published", "as_draft", "draft_if_changed"]

_NAMED = re.compile(r"(.+)-v(\d+\.\d+)\.pdf")
_KEYWORDS = re.compile(r"([A-Za-z0-9][A-Za-z0-9._-]*), version (\d+\.\d+)(, draft)?")


def changed_since_published(loaded: Loaded) -> bool:
    """The working data (or layout) of a version that is published, changed since: a build of
    it is a draft, not that version."""
    folder, version = loaded.folder, loaded.poster.meta.version
    if folder is None or loaded.variants or version not in published_versions(folder):
        return False
    snap = loaded.latest if loaded.latest and loaded.latest.version == version \
        else read_snapshot(folder, version)
    return not same_as_snapshot(loaded.files, loaded.layout.data, snap)


def as_draft(loaded: Loaded) -> Loaded:
    """The build marked a DRAFT after its version (the version tag, the footer, the Keywords)."""
    return replace(loaded, poster=replace(loaded.poster, meta=replace(loaded.poster.meta, draft=True)))


def draft_if_changed(loaded: Loaded) -> Loaded:
    """A copy made from data changed since its published version (build -o, export, web) is a
    DRAFT of it, never taken for that version."""
    return as_draft(loaded) if changed_since_published(loaded) else loaded


def check_not_published(loaded: Loaded, out: Path, pdf: bytes | None = None) -> None:
    """Refuse to write a PDF that is a published version's (by its name, in any folder, or by
    the Keywords of the file there) unless it is that very version: from the same data, and,
    when the file is there, with the same bytes (fonts or Graphviz changed since publishing
    never rewrite it)."""
    folder = loaded.folder
    if folder is None:
        return
    out = Path(out)
    slug, version = loaded.poster.slug, loaded.poster.meta.version
    posters = {**known_posters(folder), slug: folder}
    claims = []
    named = _NAMED.fullmatch(out.name)
    if named:
        claims.append((named.group(1), named.group(2), "is named for"))
    held = _held_version(out)
    if held and held[0] != slug:  # its own copies (say -o x.pdf, edited, built again) it may replace
        claims.append((*held, "is (by its metadata)"))
    for owner, target, how in claims:
        if owner not in posters or target not in published_versions(posters[owner]):
            continue
        if owner != slug:
            raise PosterError(f"{out}: {how} the published PDF of {owner} version {target} "
                              f"({posters[owner]}); this build is {slug} version {version} and never "
                              "replaces it. Choose another file name with -o (such as "
                              f"{out.with_name(f'{slug}-v{version}.pdf')})")
        if target != version:
            raise PosterError(f"{out} is the PDF of published version {target}; this build is version "
                              f"{version} and never replaces it. Choose another file name with -o")
        if loaded.poster.meta.draft or changed_since_published(loaded):
            ref = shlex.quote(str(folder))
            raise PosterError(f"version {version} is published and the data or layout of {ref} has "
                              f"changed since; {out} would no longer be that version. Release a new "
                              f"version (posterbuild release {ref} --version X.Y --note ...), or make "
                              f"a draft, marked DRAFT on the sheet: posterbuild watch {ref}, or "
                              f"posterbuild build {ref} -o FILE.pdf (another name)")
    if pdf is not None and any(owner == slug and target == version for owner, target, _ in claims):
        try:
            same = not out.exists() or out.read_bytes() == pdf
        except OSError as exc:
            raise FileSystemError(os_error_message(exc, out, "cannot read")) from None
        if not same:
            raise PosterError(f"{out} is the published PDF of version {version}, and this build is not "
                              "byte for byte the same (fonts, Graphviz or ReportLab changed since it "
                              "was published?); a published PDF is never rewritten. Build with -o "
                              "to another file name to compare")


def _held_version(out: Path) -> tuple[str, str] | None:
    """The poster and version a PDF already at ``out`` says it is (not a draft), if any."""
    try:
        with open(out, "rb") as handle:
            info = read_info(handle)
    except OSError:
        return None
    found = _KEYWORDS.fullmatch((info or {}).get("Keywords", ""))
    if found is None or found.group(3):
        return None
    return found.group(1), found.group(2)
