"""``check --layout``: lay the poster out, draw it, and lint what was drawn (imported by
:mod:`posterbuild.cli.commands.check` only when it is asked to)."""

from __future__ import annotations

from posterbuild import pipeline
from posterbuild.lint import QuadrantLint, lint, lint_json, text_sizes
from posterbuild.loading import Loaded
from posterbuild.render import Built

__all__ = ["linted", "lint_json", "text_sizes"]


def linted(loaded: Loaded) -> tuple[Built, list[QuadrantLint]]:
    """The build, and the lint of each workload panel in it."""
    built = pipeline.build(loaded)
    return built, lint(built)
