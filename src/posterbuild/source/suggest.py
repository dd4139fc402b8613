"""Did-you-mean: the nearest known name to a mistyped one, for every message about an unknown id."""

from __future__ import annotations

import difflib
from collections.abc import Iterable

__all__ = ["closest", "did_you_mean", "unknown"]


def closest(value: str, known: Iterable[str]) -> str | None:
    """The known name nearest to ``value``, if one is near enough.

    >>> closest("frontend", ["front-end", "director", "edge"])
    'front-end'
    >>> closest("Director", ["front-end", "director"])
    'director'
    >>> closest("zzz", ["front-end", "director"]) is None
    True
    """
    names = [str(k) for k in known]
    lowered = {n.lower(): n for n in names}
    if str(value).lower() in lowered:
        return lowered[str(value).lower()]
    match = difflib.get_close_matches(str(value).lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[match[0]] if match else None


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """``" did you mean 'x'?"`` or nothing.

    >>> did_you_mean("im-presense", ["im-presence", "cms"])
    " did you mean 'im-presence'?"
    >>> did_you_mean("xyz", ["im-presence"])
    ''
    """
    best = closest(value, known)
    return f" did you mean '{best}'?" if best is not None else ""


def unknown(what: str, value: str, known: Iterable[str], *, limit: int = 12) -> str:
    """One message for an unknown name: the suggestion first, then what exists.

    >>> unknown("role", "frontend", ["front-end", "director"])
    "unknown role 'frontend': did you mean 'front-end'? (known: director, front-end)"
    >>> unknown("zone", "moon", [])
    "unknown zone 'moon' (none are defined)"
    """
    names = sorted(str(k) for k in known)
    best = closest(value, names)
    hint = f": did you mean '{best}'?" if best is not None else ""
    if not names:
        return f"unknown {what} '{value}'{hint} (none are defined)"
    shown = ", ".join(names[:limit]) + (f", ... ({len(names)} in all)" if len(names) > limit else "")
    return f"unknown {what} '{value}'{hint} (known: {shown})"
