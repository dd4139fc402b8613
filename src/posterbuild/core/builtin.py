"""The built-in layouts, fonts and docs: package data of an installed posterbuild
(``posterbuild/builtin/``, copied there from the repository's ``layouts/``, ``fonts/`` and ``docs/`` when
the wheel is built), or those folders themselves in a checkout (an editable install)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["builtin_dir", "doc_topics"]


def builtin_dir(kind: str) -> Path | None:
    """``layouts``, ``fonts`` or ``docs`` as shipped with posterbuild; None when neither place has them."""
    packaged = Path(str(resources.files("posterbuild") / "builtin" / kind))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / kind  # src/posterbuild/core/ -> the checkout
    return checkout if checkout.is_dir() else None


def doc_topics() -> dict[str, Path]:
    """The documents shipped with posterbuild, by topic (``data-format`` -> its ``.md`` file):
    what ``posterbuild docs TOPIC`` prints, and what messages and init's comments point to."""
    folder = builtin_dir("docs")
    return {p.stem: p for p in sorted(folder.glob("*.md"))} if folder is not None else {}
