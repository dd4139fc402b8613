"""One escaping function per output format: every writer of that format uses it, none escapes by hand.

Text from a poster's data reaches spreadsheets, Markdown, HTML and JavaScript, XML (SVG,
draw.io), PDF link annotations and the terminal; each has its own rules for text that would
otherwise change meaning (a formula, a table column, a tag, a script, a link that runs code).
DOT text is the one exception: it is quoted by :mod:`posterbuild.graph.quoting` alone.

Control characters, bidi overrides and isolates never reach these functions from the data:
loading refuses them (see ``source/yaml_reader``). The functions still treat them safely, for
text that does not come from the data (file names, command-line arguments).
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlsplit

__all__ = ["CSV_FORMULA_STARTS", "csv_cell", "markdown_cell", "html_text", "html_attr", "xml_text",
           "xml_attr", "script_json", "safe_href", "terminal_text", "LINK_SCHEMES"]

# OWASP, "CSV Injection": a cell a spreadsheet may read as a formula or a command
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# what Markdown (CommonMark, GitHub's tables, issue links and math) gives meaning
# to inside a line; each is written with a backslash, which CommonMark reads as the character
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&~|$#])")
_LINE_BREAK = re.compile(r"\r\n|[\n\r\u2028\u2029]")

# what XML 1.0 cannot carry at all (most C0 controls, surrogates, U+FFFE/U+FFFF)
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

# C0 and C1 controls (ESC starts ANSI sequences), DEL, line/paragraph separators and the
# bidirectional overrides and isolates that can make a line read differently from its bytes
_TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")

LINK_SCHEMES = ("http", "https", "mailto")
_URL_SPACE_OR_CONTROL = re.compile("[\\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def csv_cell(text: str) -> str:
    """A CSV cell that no spreadsheet evaluates: text starting with ``=``, ``+``, ``-``, ``@``,
    tab or carriage return gets a leading single quote (OWASP's advice); quoting of commas,
    quotes and line breaks is the ``csv`` module's.

    >>> csv_cell('=HYPERLINK("http://x","click")')
    '\\'=HYPERLINK("http://x","click")'
    >>> csv_cell("@SUM(1+1)*cmd|' /C calc'!A0"), csv_cell("-1"), csv_cell("\\tx")
    ("'@SUM(1+1)*cmd|' /C calc'!A0", "'-1", "'\\tx")
    >>> csv_cell("SIP 5061"), csv_cell("")
    ('SIP 5061', '')
    """
    return "'" + text if text.startswith(CSV_FORMULA_STARTS) else text


def markdown_cell(text: str) -> str:
    """Text for a Markdown table cell or a line of a Markdown list, shown as it is: pipes,
    emphasis, code, links, HTML, entities, issue references and math signs escaped
    with a backslash; line breaks written as ``<br>``.

    >>> markdown_cell("a|b")
    'a\\\\|b'
    >>> print(markdown_cell("<script>*x*</script> [y](javascript:z) #1 $m$"))
    \\<script\\>\\*x\\*\\</script\\> \\[y\\](javascript:z) \\#1 \\$m\\$
    >>> markdown_cell("two\\nlines")
    'two<br>lines'

    A cell's leading and trailing blanks, which Markdown trims, are written as character
    references, so a tab before a formula stays in the cell:

    >>> markdown_cell("\\t=1+1 "), markdown_cell(" ")
    ('&#9;=1+1&#32;', '&#32;')
    """
    escaped = _LINE_BREAK.sub("<br>", _MARKDOWN_SPECIAL.sub(r"\\\1", text))
    core = escaped.strip(" \t")
    if core == escaped:
        return escaped
    refs = lambda blanks: "".join(f"&#{ord(c)};" for c in blanks)  # noqa: E731
    if not core:
        return refs(escaped)
    start = escaped.index(core)
    return refs(escaped[:start]) + core + refs(escaped[start + len(core):])


def html_text(text: str) -> str:
    """Text between HTML tags.

    >>> html_text('<b> & "x"')
    '&lt;b&gt; &amp; &quot;x&quot;'
    """
    return html.escape(text, quote=True)


def html_attr(text: str) -> str:
    """An HTML attribute value, to be written between double quotes.

    >>> html_attr('" onload="x')
    '&quot; onload=&quot;x'
    """
    return html.escape(text, quote=True)


def xml_text(text: str) -> str:
    """Text content of an XML element (SVG, draw.io): ``&``, ``<`` and ``>`` escaped; what XML
    cannot carry (most controls, lone surrogates) becomes U+FFFD.

    >>> xml_text("a < b & c > d")
    'a &lt; b &amp; c &gt; d'
    """
    return _NOT_XML.sub("\ufffd", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def xml_attr(text: str) -> str:
    """An XML attribute value, to be written between double quotes: also both quotes, and tabs
    and line breaks as character references (a parser would turn them into spaces).

    >>> xml_attr('say "hi"\\nnow')
    'say &quot;hi&quot;&#10;now'
    """
    return xml_text(text).replace('"', "&quot;").replace("'", "&apos;") \
        .replace("\t", "&#9;").replace("\n", "&#10;").replace("\r", "&#13;")


def script_json(value: object) -> str:
    """JSON that is safe inside an HTML ``<script>`` element: no ``</script>``, comment or CDATA
    opener, and no U+2028/U+2029 (line ends to older JavaScript).

    >>> script_json({"t": "</script><!-- & \\u2028"})
    '{"t":"\\\\u003c/script\\\\u003e\\\\u003c!-- \\\\u0026 \\\\u2028"}'
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def safe_href(url: str | None) -> str | None:
    """``url`` when it may become a link (a PDF link annotation, an ``href``): http or https with
    a host, or mailto, without spaces or control characters; otherwise None (no link).

    >>> safe_href("https://example.org/x"), safe_href("mailto:a@example.org")
    ('https://example.org/x', 'mailto:a@example.org')
    >>> safe_href("javascript:alert(1)"), safe_href("file:///etc/passwd"), safe_href("http://")
    (None, None, None)
    """
    if not isinstance(url, str) or _URL_SPACE_OR_CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in LINK_SCHEMES:
        return None
    if scheme != "mailto" and not parts.netloc:
        return None
    if scheme == "mailto" and not parts.path:
        return None
    return url


def terminal_text(text: str) -> str:
    r"""Text for a terminal: control characters written as escapes; newlines and tabs stay.

    >>> print(terminal_text("red \x1b[31mX\x1b[0m, \u202eevil\nend"))
    red \x1b[31mX\x1b[0m, \u202eevil
    end
    """
    def esc(match: re.Match) -> str:
        code = ord(match.group())
        return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    return _TERMINAL_CONTROL.sub(esc, text)
