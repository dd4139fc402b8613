"""Pay for what you use: what a command imports, and validation done once per file content."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfgen.canvas import Canvas

from posterbuild.core.cache import Store
from posterbuild.source import validated
from tests.conftest import LYNC

_HEAVY = ("yaml", "jsonschema", "referencing", "reportlab.platypus", "reportlab.graphics")
_RUN = ("import sys, json; from posterbuild.cli.main import main; rc = main(sys.argv[1:]); "
        "print(json.dumps({'rc': rc, 'modules': sorted(sys.modules)}))")


def _run(args: list[str], cache: Path, tmp: Path) -> tuple[int, set[str], str]:
    env = {**os.environ, "POSTERBUILD_CACHE_DIR": str(cache), "POSTERBUILD_CACHE": "1"}
    proc = subprocess.run([sys.executable, "-c", _RUN, *args], capture_output=True, text=True,
                          env=env, cwd=tmp, timeout=120)
    last = json.loads(proc.stdout.strip().splitlines()[-1])
    return last["rc"], set(last["modules"]), proc.stderr


def _heavy(modules: set[str], heavy: tuple[str, ...] = _HEAVY) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy))


def _warm(args: list[str], cache: Path, tmp: Path) -> set[str]:
    """The modules a command imports once its caches are filled (by running it once before)."""
    for _ in range(2):
        rc, modules, err = _run(args, cache, tmp)
        assert rc in (0, 1), err
    return modules


_SCHEMAS = ("jsonschema", "referencing")
_DRAWING = ("reportlab.lib", "reportlab.pdfbase", "reportlab.pdfgen", "reportlab.platypus", "PIL", "pikepdf",
            "pypdfium2", "graphviz", "posterbuild.graph", "posterbuild.page", "posterbuild.pipeline",
            "posterbuild.fonts.metrics", "posterbuild.fonts.state", "reportlab")


@pytest.mark.exe
def test_a_build_the_build_cache_answers_imports_nothing_that_draws_lays_out_parses_or_validates(mini, tmp_path):
    modules = _warm(["build", str(mini), "-o", str(tmp_path / "out.pdf")], tmp_path / "c", tmp_path)
    assert (tmp_path / "out.pdf").is_file() and "posterbuild.output.build_cache" in modules
    stages = ("posterbuild.graph.arrange", "posterbuild.graph.place", "posterbuild.graph.dot_build",
              "posterbuild.page.compose", "posterbuild.page.paint", "posterbuild.page.tables")
    # (the build's key reads the dot stamp and the page set-up)
    drawing = tuple(m for m in _DRAWING if m not in ("posterbuild.graph", "posterbuild.page", "posterbuild.pipeline"))
    assert _heavy(modules, (*drawing, *stages, *_SCHEMAS, "yaml", "tomllib", "posterbuild.publish", "posterbuild.versions")) == []


@pytest.mark.exe
def test_build_never_reads_the_vendor_tables(mini, tmp_path):
    """Only the commands that audit read sources/: a build of a folder whose tables are broken
    succeeds and imports none of the audit's modules."""
    (mini / "sources").mkdir()
    (mini / "sources" / "broken.yaml").write_text("title: [\n", encoding="utf-8")
    rc, modules, err = _run(["build", str(mini), "-o", str(tmp_path / "out.pdf")], tmp_path / "c", tmp_path)
    assert rc == 0, err
    assert [m for m in modules if m.startswith(("posterbuild.audit", "posterbuild.source.vendor_load"))] == []


def test_check_and_ports_import_nothing_that_draws_parses_or_validates_once_the_caches_answer(mini, tmp_path):
    for args in (["check", str(mini)], ["ports", str(mini), "-o", str(tmp_path / "p.csv")]):
        modules = _warm(args, tmp_path / "c", tmp_path)
        assert "posterbuild.source.load" in modules
        assert _heavy(modules, (*_DRAWING, *_SCHEMAS, "yaml", "tomllib")) == [], args


def test_a_diff_of_two_published_versions_reads_no_yaml(tmp_path):
    modules = _warm(["diff", "5.16", "5.17", "--poster", str(LYNC)], tmp_path / "c", tmp_path)
    assert "posterbuild.versions.diff" in modules
    assert _heavy(modules, ("yaml", *_DRAWING, *_SCHEMAS, "posterbuild.loading")) == []


def test_tile_and_preview_of_a_pdf_never_import_yaml_schemas_platypus_or_graphics(tmp_path: Path) -> None:
    pdf = tmp_path / "sheet.pdf"
    c = Canvas(str(pdf), pagesize=(20 * 72, 15 * 72))
    c.rect(72, 72, 200, 100, fill=1)
    c.save()
    rc, modules, err = _run(["tile", str(pdf), "-o", str(tmp_path / "tiles.pdf")], tmp_path / "c", tmp_path)
    assert rc == 0, err
    assert (tmp_path / "tiles.pdf").read_bytes().startswith(b"%PDF-")
    assert _heavy(modules) == []
    rc, modules, err = _run(["preview", str(pdf), "-o", str(tmp_path / "p.png"), "--dpi", "10"],
                            tmp_path / "c", tmp_path)
    assert rc == 0, err
    assert (tmp_path / "p.png").read_bytes().startswith(b"\x89PNG")
    assert _heavy(modules) == []


def test_checked_files_are_not_validated_again_until_they_change(mini: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rc, modules, err = _run(["check", str(mini)], cache, tmp_path)
    assert rc == 0, err
    assert "jsonschema" in modules  # first time: everything validated
    assert list((cache / "valid").glob("*/*"))
    rc, modules, err = _run(["check", str(mini)], cache, tmp_path)
    assert rc == 0, err
    assert "jsonschema" not in modules  # nothing changed: nothing validated
    roles = mini / "roles.yaml"
    roles.write_text(roles.read_text(encoding="utf-8") + "\nbogus_field: 1\n", encoding="utf-8")
    rc, modules, err = _run(["check", str(mini)], cache, tmp_path)
    assert rc == 2 and "jsonschema" in modules
    assert "roles.yaml" in err and "bogus_field" in err


def test_a_corrupt_cache_is_a_miss_and_is_replaced(mini: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    rc, modules, err = _run(["check", str(mini)], cache, tmp_path)
    entries = list((cache / "valid").glob("*/*"))
    assert rc == 0 and len(entries) >= 4, err
    for entry in entries:
        entry.write_bytes(b"\x80not json{")
    rc, modules, err = _run(["check", str(mini)], cache, tmp_path)
    assert rc == 0, err
    assert "jsonschema" in modules
    assert all(json.loads(e.read_bytes().split(b"\n")[0])["key"] == e.name for e in entries)


def test_the_key_tells_a_date_from_its_text_and_a_kind_from_another() -> None:
    import datetime
    a = validated.entry_key({"date": datetime.date(2020, 1, 2)}, "history")
    b = validated.entry_key({"date": "2020-01-02"}, "history")
    c = validated.entry_key({"date": "2020-01-02"}, "poster")
    assert len({a, b, c}) == 3


def test_the_qr_code_is_encoded_without_reportlabs_graphics_framework() -> None:
    code = ("import sys; from posterbuild.page.resources import _modules; m = _modules('https://e.invalid/a'); "
            "print(len(m), any(k.startswith('reportlab.graphics') for k in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["25", "False"]


def test_the_qr_matrix_is_cached_as_json_and_a_bad_entry_is_encoded_again(tmp_path: Path, monkeypatch) -> None:
    from posterbuild.page import resources
    monkeypatch.setenv("POSTERBUILD_CACHE", "1")
    monkeypatch.setenv("POSTERBUILD_CACHE_DIR", str(tmp_path))
    url = "https://e.invalid/qr-cache"
    resources._modules.cache_clear()
    fresh = resources._modules(url)
    [entry] = list((tmp_path / "qr").glob("*/*"))
    rows = json.loads(entry.read_bytes().split(b"\n", 1)[1])["modules"]
    assert [[ch == "1" for ch in r] for r in rows] == [list(r) for r in fresh]
    resources._modules.cache_clear()
    assert resources._modules(url) == fresh  # read back from the cache
    for bad in (b"{", b'{"modules": ["01"]}', json.dumps({"modules": ["2" * 25] * 25}).encode()):
        for write in (entry.write_bytes, lambda body: Store(tmp_path).put("qr", entry.name, body)):
            write(bad)  # not an entry; an intact entry that is not a QR code
            resources._modules.cache_clear()
            assert resources._modules(url) == fresh
    resources._modules.cache_clear()
