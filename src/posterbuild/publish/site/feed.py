"""An Atom feed (RFC 4287) of a poster's published versions, so readers can follow corrections."""

from __future__ import annotations

import uuid
from xml.etree import ElementTree as ET

from posterbuild.publish.site.model import PosterPage

__all__ = ["atom_feed", "ATOM"]

ATOM = "http://www.w3.org/2005/Atom"


def _id(*parts: str) -> str:
    """A stable id for the feed or an entry: the same poster and version, the same id."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "posterbuild:" + "\x1f".join(parts)).urn


def _stamp(date: str) -> str:
    return f"{date}T00:00:00Z"


def atom_feed(page: PosterPage) -> str:
    """The feed, newest version first; links relative to the feed (the poster's folder)."""
    ET.register_namespace("", ATOM)
    meta = page.poster.meta
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}id").text = _id(meta.home, page.slug)
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"{meta.title}: versions"
    dates = [r.date for r in page.releases] or [meta.revised or meta.published]
    ET.SubElement(root, f"{{{ATOM}}}updated").text = _stamp(max(dates))
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    ET.SubElement(author, f"{{{ATOM}}}name").text = meta.author
    ET.SubElement(root, f"{{{ATOM}}}link", rel="alternate", type="text/html", href="index.html")
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href="feed.xml")
    ET.SubElement(root, f"{{{ATOM}}}generator").text = "posterbuild"
    for r in page.releases:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = _id(meta.home, page.slug, r.version)
        ET.SubElement(entry, f"{{{ATOM}}}title").text = f"Version {r.version}"
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = _stamp(r.date)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=r.page)
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="enclosure", type="application/pdf",
                      href=r.pdf.split("/", 1)[1])
        thanks = f" Thanks to {', '.join(r.credits)}." if r.credits else ""
        count = "" if r.changes is None else f" {len(r.changes)} change(s) since {r.before}."
        ET.SubElement(entry, f"{{{ATOM}}}summary").text = f"{r.note}{thanks}{count}"
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
