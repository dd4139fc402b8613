"""Safe YAML reading: line marks, duplicate keys, dates kept as text, limits."""

from pathlib import Path

import pytest

from posterbuild.core.errors import DataError
from posterbuild.source.yaml_reader import read_yaml


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "f.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_lines_of_keys_and_items(tmp_path):
    doc = read_yaml(_write(tmp_path, "a: 1\nlist:\n  - x: 1\n    y: 2\n  - x: 3\n"), "f.yaml")
    assert doc.line(("a",)) == 1
    assert doc.line(("list", 0, "y")) == 4
    assert doc.line(("list", 1)) == 5
    assert doc.line(("list", 1, "missing")) == 5  # falls back to the nearest ancestor


def test_dates_stay_text(tmp_path):
    doc = read_yaml(_write(tmp_path, "published: 2010-11-16\n"), "f.yaml")
    assert doc.data == {"published": "2010-11-16"}


def test_duplicate_key_is_an_error_with_its_line(tmp_path):
    with pytest.raises(DataError) as err:
        read_yaml(_write(tmp_path, "a: 1\nb: 2\na: 3\n"), "f.yaml")
    assert "f.yaml:3: a: duplicate key 'a'" in str(err.value)


def test_syntax_error_names_file_and_line(tmp_path):
    with pytest.raises(DataError) as err:
        read_yaml(_write(tmp_path, "a: 1\nb: [1, 2\nc: 3\n"), "f.yaml")
    problem = err.value.problems[0]
    assert problem.file == "f.yaml" and problem.line >= 2
    assert "YAML syntax" in problem.message


def test_no_python_objects(tmp_path):
    with pytest.raises(DataError):
        read_yaml(_write(tmp_path, "a: !!python/object/apply:os.system ['true']\n"), "f.yaml")


def test_alias_bomb_is_refused_quickly(tmp_path):
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(DataError) as err:
        read_yaml(_write(tmp_path, "\n".join(lines) + "\n"), "f.yaml")
    assert "alias bomb" in str(err.value)


def test_not_utf8(tmp_path):
    path = tmp_path / "f.yaml"
    path.write_bytes(b"a: 1\nb: \xff\xfe\n")
    with pytest.raises(DataError) as err:
        read_yaml(path, "f.yaml")
    assert "f.yaml:2" in str(err.value) and "UTF-8" in str(err.value)
