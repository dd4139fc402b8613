"""The built-in layouts and fonts: package data of an installed posterbuild
(``posterbuild/builtin/``, copied there from the repository's ``layouts/`` and ``fonts/`` when
the wheel is built), or those folders themselves in a checkout (an editable install)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["builtin_dir"]


def builtin_dir(kind: str) -> Path | None:
    """``layouts`` or ``fonts`` as shipped with posterbuild; None when neither place has them."""
    packaged = Path(str(resources.files("posterbuild") / "builtin" / kind))
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[3] / kind  # src/posterbuild/core/ -> the checkout
    return checkout if checkout.is_dir() else None
