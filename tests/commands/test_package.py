"""posterbuild as a package: a wheel built from a clean checkout (no network, no npm) carries
the built-in layouts, fonts, schemas and viewer, and, installed into a fresh virtual environment,
works in an empty folder outside any repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.exe


def _clean_checkout(dest: Path) -> Path:
    """The files git knows (tracked, or new and not ignored): no .venv, web/node_modules, output/."""
    listed = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], capture_output=True, check=True).stdout
    for name in filter(None, listed.decode().split("\0")):
        src = ROOT / name
        if src.is_file():
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """``python -m build --no-isolation`` in a clean checkout: an sdist, and a wheel built from it."""
    src = _clean_checkout(tmp_path_factory.mktemp("checkout"))
    assert not (src / "web" / "node_modules").exists() and not (src / ".venv").exists()
    out = tmp_path_factory.mktemp("dist")
    done = subprocess.run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(src)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return out


def test_the_wheel_and_sdist_carry_what_posterbuild_needs(dist):
    (wheel,) = dist.glob("posterbuild-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in ("posterbuild/builtin/layouts/default.yaml", "posterbuild/builtin/layouts/firewall.yaml",
                   "posterbuild/builtin/fonts/Roboto-Regular.ttf", "posterbuild/builtin/fonts/LICENSE-Apache-2.0.txt",
                   "posterbuild/source/schemas/poster.schema.json",
                   "posterbuild/web/openseadragon/openseadragon.min.js",
                   "posterbuild/web/openseadragon/LICENSE.txt",
                   "posterbuild/web/openseadragon/images/home_rest.png",
                   "posterbuild/publish/site/ports.js", "posterbuild/publish/site/site.css"):
        assert needed in names, needed
    (sdist,) = dist.glob("posterbuild-*.tar.gz")
    members = {m.split("/", 1)[1] for m in tarfile.open(sdist).getnames() if "/" in m}
    assert {"layouts/default.yaml", "fonts/Roboto-Bold.ttf", "fonts/LICENSE-Apache-2.0.txt",
            "setup.py"} <= members


def _venv(folder: Path) -> Path:
    """A new virtual environment that sees this one's dependencies (a .pth file: no network),
    but not this checkout's posterbuild."""
    venv.EnvBuilder(with_pip=False).create(folder)
    python = folder / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(site) / "test-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    return python


def test_installed_wheel_works_in_an_empty_folder(dist, tmp_path):
    (wheel,) = dist.glob("posterbuild-*.whl")
    python = _venv(tmp_path / "venv")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps",
                    "--no-index", str(wheel)], check=True, capture_output=True, timeout=120)
    exe = str(tmp_path / "venv" / "bin" / "posterbuild")
    work = tmp_path / "empty"
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["POSTERBUILD_CACHE_DIR"] = str(tmp_path / "cache")

    def run(*args: str, status: int = 0) -> subprocess.CompletedProcess:
        done = subprocess.run([exe, *args], cwd=work, env=env, capture_output=True, text=True, timeout=120)
        assert done.returncode == status, (args, done.stdout, done.stderr)
        return done

    where = subprocess.run([str(python), "-c", "import posterbuild; print(posterbuild.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert where.startswith(str(tmp_path / "venv")), where  # the installed copy, not the checkout
    from importlib.metadata import version
    assert run("--version").stdout.strip() == f"posterbuild {version('posterbuild')}"
    run("init", "mine")
    built = run("build", "mine")
    # output/ here, or of a project found above the temporary folder (a machine's /tmp may be one)
    pdf = work / built.stdout.split("wrote ", 1)[1].split(" (", 1)[0]
    assert pdf.name == "mine-v0.1.pdf" and pdf.read_bytes().startswith(b"%PDF-")
    wrong = run("build", "mine", "--layout", "nosuch", status=2).stderr
    assert "layouts that exist: default, firewall " in wrong and "poster" not in wrong.split("exist:")[1].split("(")[0]
    run("build", "mine", "--layout", "firewall")
    run("web", "mine", "-o", "site", "--dpi", "20")
    assert (work / "site" / "openseadragon" / "openseadragon.min.js").is_file()
    ports = run("ports", "mine", "--format", "csv").stdout
    assert ports.startswith("workload,source_role,") and len(ports.splitlines()) >= 3
    run("tile", str(pdf), "--sheet", "a4", "--sheets", "2x2", "-o", "tiles.pdf")
    run("preview", str(pdf), "-o", "mine.png", "--dpi", "20")
    assert (work / "mine.png").read_bytes().startswith(b"\x89PNG")
    assert {"mine", "mine.png", "site", "tiles.pdf"} <= {p.name for p in work.iterdir()}
