"""Where `site` writes: a staging folder beside the target, swapped in at the end; parts whose
inputs did not change are taken from the previous site instead of being made again.

The previous site's ``site-manifest.json`` records, for each part (a file or a folder, by its
path in the site), the key of what decided it (a build's key, the preview's resolution, the
viewer's code). A part whose key is the same is hard-linked (or copied) from the old site;
anything else is made anew. The old site stays whole until the new one replaces it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Any

from posterbuild.core.errors import FileSystemError, os_error_message
from posterbuild.output.safe_paths import SITE_MARKER, check_site_folder, normal_permissions

__all__ = ["SiteStore", "MANIFEST"]

MANIFEST = "site-manifest.json"
_MARKER_TEXT = ("A site written by `posterbuild site` (or `web`); the next run replaces this "
                "folder.\n")


class SiteStore:
    """A site being written into ``staging``; :meth:`commit` swaps it in for ``out_dir``."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = Path(out_dir)
        check_site_folder(self.out_dir)  # never replaces a folder the user owns
        self.old = self._old_manifest()
        self.keys: dict[str, str] = {}
        self.reused: list[str] = []
        try:
            self.out_dir.parent.mkdir(parents=True, exist_ok=True)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out_dir.name[:200]}.",
                                                 suffix=".part", dir=self.out_dir.parent))
        except OSError as exc:
            raise FileSystemError(os_error_message(exc, self.out_dir.parent,
                                                   "cannot create the site")) from None
        (self.staging / SITE_MARKER).write_text(_MARKER_TEXT, encoding="utf-8")

    def _old_manifest(self) -> dict[str, str]:
        try:
            data = json.loads((self.out_dir / MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)
                and _plain(k)}

    def path(self, rel: str) -> Path:
        target = self.staging / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, rel: str, data: bytes | str) -> None:
        target = self.path(rel)
        if isinstance(data, str):
            data = data.encode("utf-8")
        target.write_bytes(data)

    def part(self, rel: str, key: str, make: Callable[[Path], Any]) -> bool:
        """The file or folder ``rel``: from the old site when it was made with ``key``, else
        ``make(path)``. True when it was reused."""
        self.keys[rel] = key
        target = self.path(rel)
        old = self.out_dir / rel
        if self.old.get(rel) == key and _linked_copy(old, target):
            self.reused.append(rel)
            return True
        make(target)
        return False

    def commit(self) -> None:
        """The manifest, the permissions, and the new site in place of the old one in one rename
        (the old one removed after)."""
        self.write(MANIFEST, json.dumps(self.keys, indent=1, sort_keys=True) + "\n")
        normal_permissions(self.staging)
        check_site_folder(self.out_dir)  # again: it may have changed while the site was made
        out = self.out_dir
        try:
            if out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name[:200]}.", suffix=".old", dir=out.parent))
                out.rename(old / "site")
                self.staging.rename(out)
                shutil.rmtree(old, ignore_errors=True)
            else:
                self.staging.rename(out)
        except OSError as exc:
            raise FileSystemError(os_error_message(exc, out, "cannot write the site")) from None

    def discard(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _plain(rel: str) -> bool:
    parts = rel.split("/")
    return all(p and p not in (".", "..") for p in parts) and not rel.startswith("/")


def _linked_copy(old: Path, new: Path) -> bool:
    """``old`` (a regular file or a folder of them, no links) hard-linked to ``new``, or copied
    where links are not possible; False when it is missing or not plain."""
    try:
        if old.is_symlink():
            return False
        if old.is_file():
            _link_or_copy(old, new)
            return True
        if old.is_dir():
            for root, dirs, files in os.walk(old):
                if any(Path(root, d).is_symlink() for d in dirs):
                    return False
                dest = new / Path(root).relative_to(old)
                dest.mkdir(parents=True, exist_ok=True)
                for f in files:
                    src = Path(root, f)
                    if src.is_symlink() or not src.is_file():
                        return False
                    _link_or_copy(src, dest / f)
            return True
    except OSError:
        shutil.rmtree(new, ignore_errors=True) if new.is_dir() else new.unlink(missing_ok=True)
    return False


def _link_or_copy(src: Path, dest: Path) -> None:
    try:
        os.link(src, dest)
    except OSError:
        shutil.copyfile(src, dest)
