"""Escaping, one function per output format (HTML here), and the one rule for links."""

from __future__ import annotations

import html
import re

__all__ = ["html_text", "safe_link"]

_LINK = re.compile(r"^(https?://|mailto:)[^\s\x00-\x1f\x7f]+$", re.IGNORECASE)


def html_text(text: object) -> str:
    """``text`` for HTML element content or a quoted attribute value.

    >>> html_text('<a href="x">&\\'')
    '&lt;a href=&quot;x&quot;&gt;&amp;&#x27;'
    """
    return html.escape(str(text), quote=True)


def safe_link(url: str | None) -> str | None:
    """``url`` when it is an http(s) or mailto link (the only ones an output may carry), else None.

    >>> safe_link("https://example.org/a"), safe_link("javascript:alert(1)"), safe_link("mailto:a@b")
    ('https://example.org/a', None, 'mailto:a@b')
    """
    return url if url and _LINK.match(url) else None
