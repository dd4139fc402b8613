"""A font's content digest: the one stamp of a font file in the keys of the cache and in a
published version's snapshot (the SHA-256 of its bytes)."""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["digest_of", "file_digest", "font_digests"]

_SEEN: dict[tuple[str, int, int], str] = {}  # (path, size, time stamp) -> digest, in this process


def digest_of(data: bytes) -> str:
    """The SHA-256 of a font file's bytes."""
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str:
    """The digest of the font file at ``path``, read once per process while its size and time
    stamp stay (a build keys its fonts and then knows them usable: one read). Raises OSError."""
    st = path.stat()
    seen = (str(path), st.st_size, st.st_mtime_ns)
    done = _SEEN.get(seen)
    if done is None:
        done = _SEEN[seen] = digest_of(path.read_bytes())
    return done


def font_digests(font_files: dict[str, Path]) -> dict[str, str]:
    """Each font's digest, by the name it is registered under."""
    return {name: file_digest(path) for name, path in sorted(font_files.items())}
