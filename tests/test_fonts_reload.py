"""Fonts are registered by content: an edited font file is used by the next build (watch)."""

from __future__ import annotations

import shutil

from reportlab.pdfbase import pdfmetrics

from posterbuild import fonts
from tests.conftest import ROOT


def test_an_edited_font_is_registered_again(tmp_path):
    path = tmp_path / "PosterbuildTestFace.ttf"
    shutil.copy(ROOT / "fonts" / "Roboto-Regular.ttf", path)
    fonts.register_fonts({"PosterbuildTestFace": path})
    regular = pdfmetrics.stringWidth("Mediation server", "PosterbuildTestFace", 12)
    fonts.register_fonts({"PosterbuildTestFace": path})  # unchanged: the same font
    assert pdfmetrics.stringWidth("Mediation server", "PosterbuildTestFace", 12) == regular
    shutil.copy(ROOT / "fonts" / "Roboto-Bold.ttf", path)
    fonts.register_fonts({"PosterbuildTestFace": path})
    assert pdfmetrics.stringWidth("Mediation server", "PosterbuildTestFace", 12) > regular
