"""Built-in text styles: what a layout gets for each text style it does not define."""

from __future__ import annotations

__all__ = ["DEFAULT_TEXT", "default_text_style", "COLOR_KEYS"]

from posterbuild.core.layout_model import COLOR_KEYS  # noqa: E402  (re-exported: the one list)

# The default layout's type scale (ARCH E, read at arm's length). ``font`` names a font alias;
# a layout without that alias uses its first font instead.
DEFAULT_TEXT: dict[str, dict] = {
    "title": {"font": "bold", "size": "64pt", "color": "#ffffff", "leading": 1.1},
    "subtitle": {"font": "regular", "size": "26pt", "color": "#d6e2f0"},
    "version": {"font": "bold", "size": "26pt", "color": "#ffffff"},
    "panel_title": {"font": "bold", "size": "26pt", "color": "#ffffff"},
    "zone": {"font": "medium", "size": "16pt", "color": "#3b4656"},
    "firewall": {"font": "condensed-bold", "size": "12pt", "color": "#333333"},
    "node": {"font": "medium", "size": "14pt", "color": "#17202c", "leading": 1.12},
    "edge_label": {"font": "condensed-bold", "size": "11pt", "leading": 1.1},
    "edge_note": {"font": "condensed", "size": "12pt", "color": "#3b4656", "leading": 1.1},
    "callout_title": {"font": "bold", "size": "14pt", "color": "#17202c"},
    "callout": {"font": "regular", "size": "12pt", "color": "#17202c", "leading": 1.25},
    "table_head": {"font": "condensed-bold", "size": "11pt", "color": "#ffffff"},
    "table": {"font": "condensed", "size": "10pt", "color": "#17202c", "leading": 1.18},
    "table_small": {"font": "condensed", "size": "10pt", "color": "#3b4656", "leading": 1.15},
    "legend": {"font": "regular", "size": "16pt", "color": "#17202c", "leading": 1.3},
    "body": {"font": "regular", "size": "12pt", "color": "#17202c", "leading": 1.3},
    "footer": {"font": "regular", "size": "11pt", "color": "#3b4656"},
}


def default_text_style(role: str, fonts: dict[str, str]) -> dict | None:
    """The built-in style of ``role`` with a font alias ``fonts`` has; None if there is none.

    >>> default_text_style("zone", {"regular": "R.ttf"})["font"]
    'regular'
    >>> default_text_style("zone", {"regular": "R.ttf", "medium": "M.ttf"})["font"]
    'medium'
    """
    style = DEFAULT_TEXT.get(role)
    if style is None or not fonts:
        return None
    return style if style["font"] in fonts else {**style, "font": next(iter(fonts))}
