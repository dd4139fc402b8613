"""Every YAML example in docs/*.md validates against the schema of the file it shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from posterbuild.source import schema_check
from posterbuild.source.layout_file import load_layout
from posterbuild.source.yaml_reader import read_yaml
from tests.conftest import ROOT

DOCS = sorted((ROOT / "docs").glob("*.md"))
_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.S | re.M)
_KINDS = {"poster.yaml": "poster", "roles.yaml": "roles", "protocols.yaml": "protocols",
          "certificates.yaml": "certificates", "dns.yaml": "dns", "resources.yaml": "resources",
          "history.yaml": "history", "audit.yaml": "audit"}


def _blocks() -> list:
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for match in _BLOCK.finditer(text):
            line = text[: match.start()].count("\n") + 2
            out.append(pytest.param(doc, line, match.group(1), id=f"{doc.name}:{line}"))
    return out


def _kind(first_line: str) -> str:
    """``# layout`` or ``# file: NAME``: which schema the block is checked against."""
    if first_line.strip() == "# layout":
        return "layout"
    match = re.fullmatch(r"#\s*file:\s*(\S+)\s*", first_line)
    assert match, f"the block's first line must say what it is ('# file: roles.yaml' or '# layout'), not {first_line!r}"
    name = match.group(1)
    if name.startswith("sources/"):
        base = name.removeprefix("sources/")
        return "source-names" if base == "names.yaml" or base.startswith("names-") else "source-table"
    return "workload" if name.startswith("workloads/") else _KINDS[name]


def test_the_docs_have_examples():
    assert len(_blocks()) >= 15


@pytest.mark.parametrize("doc, line, text", _blocks())
def test_yaml_example_validates(doc: Path, line: int, text: str, tmp_path: Path):
    kind = _kind(text.splitlines()[0])
    folder = tmp_path / "layouts"
    folder.mkdir()
    (tmp_path / "fonts").symlink_to(ROOT / "fonts")
    path = folder / "example.yaml"
    path.write_text(text, encoding="utf-8")
    where = f"{doc.name}, the example at line {line}"
    if kind == "layout":  # the real loader: extends, fonts, text styles, panels in the grid
        spec = load_layout(path, [ROOT / "layouts"])
        assert spec.panels and spec.text["node"].size > 0, where
        return
    problems = schema_check.check(read_yaml(path, str(path)), kind)
    assert problems == [], f"{where}: {[str(p) for p in problems]}"


def test_paths_the_docs_name_exist():
    """A path under src/, layouts/, docs/ or data/ named in backquotes exists in the project."""
    for doc in [*DOCS, ROOT / "README.md"]:
        for name in re.findall(r"`((?:src|layouts|docs|data)/[^`*<>\s]+)`", doc.read_text(encoding="utf-8")):
            if re.search(r"\b[A-Z]{3,}\b", name):  # a placeholder, such as layouts/NAME.yaml
                continue
            assert (ROOT / name).exists(), f"{doc.name} names {name}, which does not exist"


def test_an_invalid_example_would_fail(tmp_path: Path):
    """The check above can fail: the old protocols example (commas inside {...}) does not pass."""
    path = tmp_path / "protocols.yaml"
    path.write_text("families:\n  - {id: signalling, name: Signalling, description: SIP, XMPP, C3P}\n"
                    "protocols:\n  - {id: sip, name: SIP, family: signalling}\n", encoding="utf-8")
    problems = schema_check.check(read_yaml(path, "protocols.yaml"), "protocols")
    assert any("unknown field 'XMPP'" in p.message and "comma inside {...}" in p.message
               for p in problems), problems
