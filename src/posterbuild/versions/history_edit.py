"""Edit poster.yaml and history.yaml for a release, as text: comments and layout stay as written."""

from __future__ import annotations

import json
from pathlib import Path

from posterbuild.source.yaml_reader import Document, read_yaml

__all__ = ["with_version", "with_history_entry"]


def _q(value: str) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def with_version(poster_yaml: Path, version: str, revised: str) -> str:
    """poster.yaml's text with ``version`` and ``revised`` set (``revised`` added after
    ``published`` when it was not there)."""
    doc = read_yaml(poster_yaml, str(poster_yaml))
    lines = poster_yaml.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[doc.line(("version",)) - 1] = f"version: {_q(version)}\n"
    if "revised" in doc.data:
        lines[doc.line(("revised",)) - 1] = f"revised: {_q(revised)}\n"
    else:
        lines.insert(doc.line(("published",)), f"revised: {_q(revised)}\n")
    return "".join(lines)


def with_history_entry(history_yaml: Path, version: str, date: str, note: str,
                       credits: list[str], replace_last: bool) -> str:
    """history.yaml's text with a new last entry (or the last entry replaced, when the
    version being released was already listed but never published)."""
    kept: list[str] = []
    if not history_yaml.exists():
        head = "# Version history, oldest first (written by `posterbuild release`).\nversions:\n"
        lines, indent = [head], "  "
    else:
        doc = read_yaml(history_yaml, str(history_yaml))
        lines = history_yaml.read_text(encoding="utf-8").splitlines(keepends=True)
        count = len(doc.data["versions"])
        last = doc.line(("versions", count - 1)) - 1 if count else len(lines)
        indent = " " * (len(lines[last]) - len(lines[last].lstrip())) if count else "  "
        if replace_last:
            kept = _written_ahead(doc, lines, count - 1, keep_credits=not credits)
            lines = lines[:last]
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
    entry = [f"{indent}- version: {_q(version)}\n", f"{indent}  date: {_q(date)}\n",
             f"{indent}  note: {_q(note)}\n"]
    if credits:
        entry.append(f"{indent}  credits: [{', '.join(_q(c) for c in credits)}]\n")
    return "".join(lines + entry + kept)


def _written_ahead(doc: Document, lines: list[str], index: int, *, keep_credits: bool) -> list[str]:
    """The lines of the fields an entry written ahead of its release carries beyond what the
    release writes (``changes``, ``summary``; ``credits`` when the release names none), kept
    as they were written."""
    entry = doc.data["versions"][index]
    keep = {"changes", "summary"} | ({"credits"} if keep_credits else set())
    starts = sorted((doc.line(("versions", index, key)) - 1, key) for key in entry)
    end = len(lines)
    kept: list[str] = []
    for (start, key), following in zip(starts, [s for s, _ in starts[1:]] + [end]):
        if key in keep:
            block = lines[start:following]
            kept += block[:-1] + [block[-1] if block[-1].endswith("\n") else block[-1] + "\n"]
    return kept
