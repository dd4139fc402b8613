"""The OpenSeadragon build posterbuild carries (src/posterbuild/web/openseadragon/) is, byte for
byte, the one npm installs from web/package-lock.json, so the vendored copy cannot drift from
the version the lock names. `make test` runs `npm ci` in web/ first (README: updating it)."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import ROOT

VENDORED = ROOT / "src" / "posterbuild" / "web" / "openseadragon"
WEB = ROOT / "web"
INSTALLED = WEB / "node_modules" / "openseadragon"
BUILD = INSTALLED / "build" / "openseadragon"


def _locked_version() -> str:
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    return lock["packages"]["node_modules/openseadragon"]["version"]


@pytest.fixture(scope="module")
def installed():
    if not (INSTALLED / "package.json").is_file():
        pytest.fail("web/node_modules/openseadragon is missing: run `npm ci` in web/ (make test does)")
    version = json.loads((INSTALLED / "package.json").read_text(encoding="utf-8"))["version"]
    assert version == _locked_version(), "web/node_modules is not what the lock names: run `npm ci` in web/"
    return version


def _vendored_files() -> dict[str, bytes]:
    return {p.relative_to(VENDORED).as_posix(): p.read_bytes()
            for p in sorted(VENDORED.rglob("*")) if p.is_file()}


def test_the_vendored_files_are_the_locked_build(installed):
    vendored = _vendored_files()
    expected = {"openseadragon.min.js": (BUILD / "openseadragon.min.js").read_bytes(),
                "LICENSE.txt": (INSTALLED / "LICENSE.txt").read_bytes()}
    expected |= {f"images/{p.name}": p.read_bytes() for p in sorted((BUILD / "images").iterdir())
                 if p.is_file()}
    assert sorted(vendored) == sorted(expected)  # no file missing, none extra
    changed = [name for name in expected if vendored[name] != expected[name]]
    assert changed == [], f"differ from openseadragon {installed} as npm installs it: {changed}"


def test_the_vendored_script_says_the_locked_version(installed):
    head = (VENDORED / "openseadragon.min.js").read_text(encoding="utf-8")[:200]
    match = re.match(r"//! openseadragon (\S+)\n", head)
    assert match and match.group(1) == _locked_version() == installed


def test_package_json_asks_for_the_locked_version():
    wanted = json.loads((WEB / "package.json").read_text(encoding="utf-8"))["dependencies"]["openseadragon"]
    assert wanted == _locked_version()  # pinned exactly: an update is a deliberate change of both
