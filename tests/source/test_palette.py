"""The palette works for every reader: colour-blind, in greyscale, and on every zone fill.

Colour vision deficiencies are simulated with colorspacious (the Machado, Oliveira and Fernandes
2009 model, at full severity: protanopia, deuteranopia, tritanopia); a greyscale copy keeps only
the relative luminance. Distances are CAM02-UCS Delta E'.

Why 20: one unit of CAM02-UCS is about one just-noticeable difference between two large patches
side by side. A poster line is 1.5 to 3 pt wide and its neighbours are inches away, and colour
differences between thin marks need several times the patch threshold to be named apart
(Szafir 2018, "Modeling Color Difference for Visualization Design"); 20 is the distance between,
say, Okabe-Ito's blue and its bluish green as seen by a deuteranope, which readers tell apart.
Two families count as distinguishable when their colours are at least that far apart, or when
their lines differ in dash pattern AND by at least 0.4 pt in width (a second channel that no
colour vision or photocopier removes).
"""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import pytest
from colorspacious import cspace_convert, deltaE

from posterbuild.core.errors import DataError
from posterbuild.core.layout_model import FamilyStyle
from posterbuild.source.layout_file import load_layout
from posterbuild.source.layout_rules import layout_problems as layout_fit_problems
from tests.conftest import ROOT

LAYOUTS = [ROOT / "layouts" / "default.yaml", ROOT / "layouts" / "firewall.yaml",
           *sorted((ROOT / "tests" / "fixtures" / "layouts").glob("*.yaml"))]
VISIONS = ("normal", "protanopia", "deuteranopia", "tritanopia", "greyscale")
_CVD = {"protanopia": "protanomaly", "deuteranopia": "deuteranomaly", "tritanopia": "tritanomaly"}
MIN_COLOUR = 20.0  # CAM02-UCS, see the module docstring
MIN_WIDTH_STEP = 0.4  # points
MIN_CONTRAST = 3.0  # WCAG 2.1, 1.4.11 (non-text contrast): a line against the fill it crosses


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    h = hex_colour.lstrip("#")
    return tuple(int(h[i:i + 2], 16) / 255 for i in (0, 2, 4))


def seen(hex_colour: str, vision: str):
    """The sRGB colour (0-1) a reader with ``vision`` sees."""
    rgb = _rgb(hex_colour)
    if vision == "normal":
        return rgb
    if vision == "greyscale":
        y = cspace_convert(rgb, "sRGB1", "XYZ1")[1]
        return cspace_convert([y, y, y], "sRGB1-linear", "sRGB1").clip(0, 1)
    cvd = {"name": "sRGB1+CVD", "cvd_type": _CVD[vision], "severity": 100}
    return cspace_convert(rgb, cvd, "sRGB1").clip(0, 1)


def distance(a: str, b: str, vision: str) -> float:
    return float(deltaE(seen(a, vision), seen(b, vision), input_space="sRGB1",
                        uniform_space="CAM02-UCS"))


def styles_differ(a: FamilyStyle, b: FamilyStyle) -> bool:
    return tuple(a.dash) != tuple(b.dash) and abs(a.width - b.width) >= MIN_WIDTH_STEP - 1e-9


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio."""
    def lum(h: str) -> float:
        return float(cspace_convert(_rgb(h), "sRGB1", "XYZ1")[1])
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_simulation_is_real():
    """The model does what it should: red and green merge for a deuteranope, not for others."""
    red, green = "#d55e00", "#4f9a00"
    assert distance(red, green, "normal") > 35
    assert distance(red, green, "deuteranopia") < distance(red, green, "normal") / 2
    assert distance("#0072b2", "#0072b2", "tritanopia") == pytest.approx(0, abs=1e-6)
    assert distance("#000000", "#ffffff", "greyscale") > 90


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_every_pair_of_families_stays_distinguishable(path: Path):
    layout = load_layout(path)
    fams = layout.families
    assert len(fams) >= 2
    for (na, a), (nb, b) in itertools.combinations(fams.items(), 2):
        # the second channel: dash pattern and weight, whatever the colours
        assert styles_differ(a, b), f"{path.name}: {na} and {nb} need a different dash and width"
        assert distance(a.color, b.color, "normal") >= MIN_COLOUR, (na, nb)
        for vision in VISIONS:
            d = distance(a.color, b.color, vision)
            assert d >= MIN_COLOUR or styles_differ(a, b), (path.name, na, nb, vision, round(d, 1))


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_the_firewall_looks_like_no_family(path: Path):
    layout = load_layout(path)
    wall = layout.colors["firewall"]
    for name, fam in layout.families.items():
        for vision in VISIONS:
            d = distance(wall, fam.color, vision)
            assert d >= MIN_COLOUR, f"{path.name}: firewall vs {name} for {vision}: {d:.1f}"


@pytest.mark.parametrize("path", LAYOUTS, ids=lambda p: p.name)
def test_lines_keep_contrast_on_every_fill(path: Path):
    layout = load_layout(path)
    fills = {k: v for k, v in layout.colors.items()
             if k.startswith("zone_") or k in ("paper", "panel_fill", "node_fill", "group_fill")}
    for name, fam in layout.families.items():
        for fill_name, fill in fills.items():
            assert contrast(fam.color, fill) >= MIN_CONTRAST, (path.name, name, fill_name)


def _copy_layout(tmp_path: Path, old: str, new: str) -> Path:
    src = LAYOUTS[-1]
    text = src.read_text()
    assert old in text
    out = tmp_path / "layouts" / src.name
    out.parent.mkdir()
    out.write_text(text.replace(old, new, 1).replace("font_dir: ../../../fonts",
                                                     f"font_dir: {ROOT / 'fonts'}"))
    return out


@pytest.mark.parametrize("old, new, field, words", [
    ("  firewall_mortar:", "  firewal_mortar:", "colors.firewal_mortar", "unknown colour 'firewal_mortar'"),
    ('  firewall: "#333333"', '  firewall: "#33333"', "colors.firewall", "is not in the form"),
    ('  ink: "#17202c"', "  ink: darkblue", "colors.ink", "is not in the form"),
    ('color: "#0072B2"', 'color: "#0072BG"', "families.signalling.color", "is not in the form"),
], ids=["misspelt-key", "short-hex", "colour-name", "bad-hex-digit"])
def test_a_bad_colour_is_refused_at_load(tmp_path, old, new, field, words):
    path = _copy_layout(tmp_path, old, new)
    line = 1 + path.read_text().splitlines().index(
        next(l for l in path.read_text().splitlines() if new.strip() in l))
    with pytest.raises(DataError) as err:
        load_layout(path)
    assert f"{path}:{line}: {field}: " in str(err.value)
    assert words in str(err.value)


def test_a_misspelt_family_or_zone_is_refused(tmp_path):
    from posterbuild.source.load import FolderSource, load_source
    poster, _ = load_source(FolderSource(ROOT / "tests" / "fixtures" / "mini"))
    assert layout_fit_problems(poster, load_layout(LAYOUTS[-1])) == []  # the good layout fits
    path = _copy_layout(tmp_path, "  data: {color", "  dta: {color")
    words = [str(p) for p in layout_fit_problems(poster, load_layout(path))]
    assert any("families: no style for protocol family 'data'" in w and "did you mean 'dta'?" in w
               for w in words), words
    shutil.rmtree(path.parent)
    path = _copy_layout(tmp_path, "  zone_internal:", "  zone_internl:")
    with pytest.raises(DataError, match=r"colors.zone_internl: unknown colour|no colour for zone"):
        problems = layout_fit_problems(poster, load_layout(path))
        raise DataError(problems)
