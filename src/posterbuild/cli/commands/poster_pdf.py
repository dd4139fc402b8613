"""What ``tile`` and ``preview`` work on: a built PDF, or a poster folder built in memory."""

from __future__ import annotations

from pathlib import Path

from posterbuild.output.pdf_input import read_poster_pdf

__all__ = ["poster_pdf"]


def poster_pdf(source: Path) -> tuple[bytes, str]:
    """The PDF bytes of a built PDF, or of a poster folder built in memory; and a title."""
    if source.suffix.lower() == ".pdf":
        return read_poster_pdf(source), source.stem
    from posterbuild import pipeline  # noqa: PLC0415 (a poster folder only: a PDF is read without the pipeline)
    loaded = pipeline.load(source)
    return pipeline.build(loaded).pdf, f"{loaded.poster.meta.title} {loaded.poster.meta.version}"
