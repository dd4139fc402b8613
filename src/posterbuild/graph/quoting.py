"""The one place where text becomes DOT: identifiers, plain labels and HTML-label content."""

from __future__ import annotations

import re

import graphviz

from posterbuild.core.escape import html_text

__all__ = ["Html", "dot_id", "plain_label", "fixed_box_label", "attr_list", "comment"]

# a DOT identifier that needs no quotes, matched over the whole text (the graphviz package's own
# pattern ends in '$', which also accepts a trailing newline)
_BARE_ID = re.compile(r"[a-zA-Z_][a-zA-Z0-9_]*|-?(\.[0-9]+|[0-9]+(\.[0-9]*)?)")
# what ends a // comment line for Graphviz (and for a reader)
_LINE_END = re.compile(r"\r\n|[\n\r\v\f\u0085\u2028\u2029]")


class Html(str):
    """An HTML-like label made by :func:`fixed_box_label`; written to DOT as it is."""


def dot_id(text: str) -> str:
    """A DOT identifier for ``text``, quoted when needed (keywords, dashes, HTML look-alikes).

    >>> dot_id("frontend")
    'frontend'
    >>> dot_id("front-end")
    '"front-end"'
    >>> dot_id("edge"), dot_id("node"), dot_id("strict")
    ('"edge"', '"node"', '"strict"')
    >>> dot_id('<b>')
    '"<b>"'
    >>> dot_id('say "hi"')
    '"say \\\\"hi\\\\""'
    >>> dot_id("0\\n")
    '"0\\n"'
    """
    return _whole(graphviz.quoting.quote(graphviz.escape(text)))


def _whole(quoted: str) -> str:
    """``quoted``, or in quotes if it was left bare without being an identifier from end to end."""
    if not quoted.startswith('"') and not _BARE_ID.fullmatch(quoted):
        quoted = '"' + quoted.replace('"', '\\"') + '"'
    return quoted


def plain_label(text: str) -> str:
    """A quoted plain label that Graphviz shows literally (no ``\\N`` or ``\\l`` escapes).

    >>> plain_label('back\\\\N slash')
    '"back\\\\\\\\N slash"'
    >>> plain_label('"]; node [shape=box')
    '"\\\\"]; node [shape=box"'
    """
    return _whole(graphviz.quoting.quote(graphviz.escape(text), is_html_string=lambda s: False))


def fixed_box_label(text: str, width: float, height: float) -> str:
    """An HTML-like label whose box is exactly ``width`` x ``height`` points.

    Graphviz reserves this box whatever fonts it has, so the layout leaves exactly the room
    that ReportLab will draw in. The text is kept only so the ``.gv`` file stays readable.

    >>> fixed_box_label('SIP/MTLS 5061 <x>', 80.25, 14)
    '<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR><TD FIXEDSIZE="TRUE" WIDTH="81" HEIGHT="14"><FONT POINT-SIZE="1">SIP/MTLS 5061 &lt;x&gt;</FONT></TD></TR></TABLE>>'
    """
    w, h = int(-(-width // 1)), int(-(-height // 1))  # whole points, rounded up
    return Html(f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
                f'<TD FIXEDSIZE="TRUE" WIDTH="{w}" HEIGHT="{h}"><FONT POINT-SIZE="1">{html_text(text)}</FONT></TD>'
                f'</TR></TABLE>>')


def attr_list(attrs: dict[str, object]) -> str:
    """``[a=1 b="x y"]`` with every value quoted (HTML labels written as they are).

    >>> attr_list({"shape": "box", "label": "Edge pool", "width": 1.25})
    '[shape=box label="Edge pool" width=1.25]'
    >>> attr_list({})
    ''
    """
    if not attrs:
        return ""
    parts = []
    for key, value in attrs.items():
        if isinstance(value, Html):
            parts.append(f"{key}={value}")
        elif isinstance(value, float):
            parts.append(f"{key}={value:.3f}".rstrip("0").rstrip("."))
        else:
            parts.append(f"{key}={dot_id(str(value))}")
    return "[" + " ".join(parts) + "]"


def comment(text: str) -> str:
    """A ``//`` comment line that stays one line whatever ``text`` holds (a title with a line
    break would otherwise end the comment and write the rest as DOT).

    >>> comment("IM\\n} digraph x { a -> b")
    '// IM } digraph x { a -> b'
    """
    return "// " + _LINE_END.sub(" ", text)
