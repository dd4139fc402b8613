"""Text measured and printed with the layout's own fonts; missing glyphs never print as boxes."""

import shutil

from reportlab.pdfbase import pdfmetrics

from posterbuild.fonts import metrics as fonts
from posterbuild.core.layout_model import TextStyle
from tests.conftest import ROOT


def _style(size: float = 10) -> TextStyle:
    fonts.register_fonts({"Roboto-Regular": ROOT / "fonts" / "Roboto-Regular.ttf"})
    return TextStyle(font="Roboto-Regular", size=size, color="#000000", leading=1.2)


def test_missing_glyphs_are_replaced():
    style = _style()
    assert fonts.printable("Front End → Edge ☃", style.font) == "Front End -> Edge ?"
    assert fonts.printable("Zürich · ©", style.font) == "Zürich · ©"


def test_long_words_break_only_when_they_must():
    style = _style(10)
    url = "https://learn.microsoft.com/en-us/previous-versions/office/skype-server-2010/gg398833(v=ocs.14)"
    lines = fonts.wrap(url, style, 120)
    assert "".join(lines) == url and len(lines) > 2
    assert all(fonts.text_width(line, style) <= 120 for line in lines)
    assert fonts.wrap("Web Conferencing Edge", style, 60) == ["Web", "Conferencing", "Edge"]


def test_widths_are_reportlab_metrics():
    style = _style(13)
    assert round(fonts.text_width("SIP/MTLS 5061", style), 2) == 91.1


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
