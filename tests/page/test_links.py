"""Every link annotation of the poster goes through safe_href: only http(s) and mailto link."""

from __future__ import annotations

import io

import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from posterbuild.page.paint import link_area

URLS = [("https://example.org/doc", True), ("http://example.org", True), ("mailto:a@example.org", True),
        ("javascript:alert(1)", False), ("file:///etc/passwd", False), ("http:///etc/passwd", False),
        ("data:text/html,<script>x</script>", False), ("https://exa mple.org", False),
        ("launch:calc.exe", False), ("", False), (None, False)]


@pytest.mark.parametrize(("url", "linked"), URLS, ids=[repr(u) for u, _ in URLS])
def test_only_http_https_and_mailto_become_links(url, linked):
    out = io.BytesIO()
    c = Canvas(out, pagesize=(200, 200))
    assert link_area(c, url, (10, 10, 100, 100)) is linked
    c.showPage()
    c.save()
    page = pypdf.PdfReader(io.BytesIO(out.getvalue())).pages[0]
    annots = [a.get_object() for a in page.get("/Annots", [])]
    targets = [a["/A"].get("/URI") for a in annots]
    assert targets == ([url] if linked else [])
