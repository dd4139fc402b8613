"""What `site` writes into its staging folder (:func:`posterbuild.output.claim.replace_folder`
swaps it in at the end, as for `web`); parts whose inputs did not change are taken from the
previous site instead of being made again.

The previous site's ``site-manifest.json`` records, for each part (a file or a folder, by its
path in the site), the key of what decided it (a build's key, the preview's resolution, the
viewer's code). A part whose key is the same is hard-linked (or copied) from the old site;
anything else is made anew. The old site stays whole until the new one replaces it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Callable, Any

__all__ = ["SiteStore", "MANIFEST", "MARKER_TEXT"]

MANIFEST = "site-manifest.json"
MARKER_TEXT = "A site written by `posterbuild site`; the next run replaces this folder.\n"


class SiteStore:
    """The new site of ``out_dir``, being written into ``staging``; the old one is read only
    for the parts it can give."""

    def __init__(self, out_dir: Path, staging: Path) -> None:
        self.out_dir = Path(out_dir)
        self.staging = Path(staging)
        self.old = self._old_manifest()
        self.keys: dict[str, str] = {}
        self.reused: list[str] = []

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

    def finish(self) -> None:
        """The manifest: what decided each part, for the next run."""
        self.write(MANIFEST, json.dumps(self.keys, indent=1, sort_keys=True) + "\n")


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
