"""A published version's PDF is never rewritten unless a build reproduces it byte for byte."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from posterbuild.core.errors import FileSystemError, PosterError, os_error_message
from posterbuild.source.snapshot import published_versions, read_snapshot, same_as_snapshot

if TYPE_CHECKING:  # only a type
    from posterbuild.loading import Loaded

__all__ = ["check_not_published"]


def check_not_published(loaded: Loaded, out: Path, pdf: bytes | None = None) -> None:
    """Refuse to write a PDF named for a published version (``<poster>-v<X.Y>.pdf``, in any
    folder) unless it is that very version: from the same data, and, when the file is there,
    with the same bytes (fonts or Graphviz changed since publishing never rewrite it)."""
    folder = loaded.folder
    if folder is None:
        return
    match = re.fullmatch(rf"{re.escape(loaded.poster.slug)}-v(\d+\.\d+)\.pdf", Path(out).name)
    if not match or match.group(1) not in published_versions(folder):
        return
    target, version = match.group(1), loaded.poster.meta.version
    if version != target:
        raise PosterError(f"{out} is the PDF of published version {target}; this build is version "
                          f"{version} and never replaces it. Choose another file name with -o")
    if not loaded.variants:  # the working data: must still be exactly the published version
        snap = loaded.latest if loaded.latest and loaded.latest.version == version \
            else read_snapshot(folder, version)
        if not same_as_snapshot(loaded.files, loaded.layout.data, snap):
            raise PosterError(f"version {version} is published and the data or layout has changed since; "
                              f"{out} would no longer be that version. Release a new version "
                              f"(posterbuild release --version X.Y --note ...), or build with -o elsewhere")
    if pdf is not None:
        try:
            same = not Path(out).exists() or Path(out).read_bytes() == pdf
        except OSError as exc:
            raise FileSystemError(os_error_message(exc, out, "cannot read")) from None
        if not same:
            raise PosterError(f"{out} is the published PDF of version {version}, and this build is not "
                              "byte for byte the same (fonts, Graphviz or ReportLab changed since it "
                              "was published?); a published PDF is never rewritten. Build with -o "
                              "to another file name to compare")
