"""XML text from an :mod:`xml.etree` tree, every text and attribute through :mod:`core.escape`.

The SVG and draw.io writers build their documents as element trees and write them here, so
no XML is escaped by hand and none twice (``ElementTree``'s own writer would escape again,
and would pass through characters XML cannot carry)."""

from __future__ import annotations

import functools
import xml.etree.ElementTree as ET

from posterbuild.core.escape import xml_attr, xml_text

# the same values come back thousands of times (colours, fonts, widths; the embedded fonts in
# every file of an export): each is escaped once per process
_text = functools.lru_cache(maxsize=8192)(xml_text)
_attr = functools.lru_cache(maxsize=8192)(xml_attr)

__all__ = ["to_xml"]


def to_xml(root: ET.Element, *, indent: bool = False) -> str:
    """The element and its children as XML text (no declaration).

    >>> e = ET.Element("g", {"id": 'a"b'}); ET.SubElement(e, "title").text = "x < y & z\\x1b"
    >>> to_xml(e)
    '<g id="a&quot;b"><title>x &lt; y &amp; z\\ufffd</title></g>'
    """
    out: list[str] = []
    _write(root, out, "\n" if indent else "", indent)
    return "".join(out)


def _write(e: ET.Element, out: list[str], newline: str, indent: bool) -> None:
    tag = str(e.tag)
    attrs = "".join(f' {k}="{_attr(str(v))}"' for k, v in e.attrib.items())
    children = list(e)
    if not children and not e.text:
        out.append(f"<{tag}{attrs}/>")
    else:
        out.append(f"<{tag}{attrs}>")
        if e.text:
            out.append(_text(e.text))
        inner = newline + " " if indent and children and not e.text else ""
        for child in children:
            out.append(inner)
            _write(child, out, inner, indent)
        if inner:
            out.append(newline)
        out.append(f"</{tag}>")
    if e.tail:
        out.append(_text(e.tail))
