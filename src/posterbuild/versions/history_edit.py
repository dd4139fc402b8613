"""Edit poster.yaml and history.yaml for a release, as text: comments and layout stay as written."""

from __future__ import annotations

import json
from pathlib import Path

from posterbuild.source.yaml_reader import read_yaml

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
            lines = lines[:last]
        if lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
    entry = [f"{indent}- version: {_q(version)}\n", f"{indent}  date: {_q(date)}\n",
             f"{indent}  note: {_q(note)}\n"]
    if credits:
        entry.append(f"{indent}  credits: [{', '.join(_q(c) for c in credits)}]\n")
    return "".join(lines + entry)
