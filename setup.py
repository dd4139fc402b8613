"""Only one build step beyond pyproject.toml: the built-in layouts and fonts, kept at the top of
the repository (their source of truth, where `make poster` and the docs find them), are copied
into the package as ``posterbuild/builtin/`` when a wheel is built (from the checkout or the sdist,
which carries them by MANIFEST.in)."""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
BUILTIN = {"layouts": ("*.yaml",), "fonts": ("*.ttf", "LICENSE*")}


class BuildPyWithBuiltins(build_py):
    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads them from the checkout
            return
        for folder, patterns in BUILTIN.items():
            target = Path(self.build_lib) / "posterbuild" / "builtin" / folder
            target.mkdir(parents=True, exist_ok=True)
            files = sorted({p for pattern in patterns for p in (HERE / folder).glob(pattern)})
            if not files:
                raise SystemExit(f"setup.py: no {folder}/ to package (run from the checkout or the sdist)")
            for path in files:
                shutil.copyfile(path, target / path.name)


setup(cmdclass={"build_py": BuildPyWithBuiltins})
