"""Previews: the poster (or a region of it) rendered to PNG in-process with PDFium."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL.PngImagePlugin import PngInfo

from posterbuild import __version__
from posterbuild.core.errors import PosterError
from posterbuild.core.units import parse_length
from posterbuild.source.limits import MAX_PREVIEW_PIXELS, in_range

__all__ = ["render_png", "parse_region"]

MAX_PIXELS = MAX_PREVIEW_PIXELS  # a preview larger than this is refused rather than eating memory
MAX_DPI = 2400


def parse_region(text: str) -> tuple[float, float, float, float]:
    """``x,y,w,h`` in inches from the top-left corner of the poster (units in, mm, pt allowed).

    >>> parse_region("1,2,10,5")
    (72.0, 144.0, 720.0, 360.0)
    >>> parse_region("10mm, 0, 1in, 36pt")[0] > 28
    True
    """
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4:
        raise PosterError(f"--region takes x,y,w,h (inches from the top left), not {text!r}")
    try:
        values = tuple(parse_length(p if p[-1:].isalpha() else f"{p}in") for p in parts)
    except (ValueError, IndexError):
        raise PosterError(f"--region: not lengths: {text!r}") from None
    if values[2] <= 0 or values[3] <= 0 or max(values) > 14400:
        raise PosterError("--region needs a positive width and height, within the poster")
    return values  # type: ignore[return-value]


def render_png(pdf: bytes, dpi: float = 72.0,
               region: tuple[float, float, float, float] | None = None) -> bytes:
    """PNG bytes of page 1 at ``dpi``; ``region`` in points from the trim's top-left corner."""
    in_range("--dpi", dpi, 1, MAX_DPI)
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[0]
        width, height = page.get_size()
        trim = page.get_trimbox() if hasattr(page, "get_trimbox") else (0, 0, width, height)
        tx0, ty0, tx1, ty1 = trim
        crop = (tx0, ty0, width - tx1, height - ty1)  # left, bottom, right, top to cut away
        if region:
            x, y, w, h = region
            tw, th = tx1 - tx0, ty1 - ty0
            if x + w > tw + 0.5 or y + h > th + 0.5:
                raise PosterError(f"--region lies outside the {tw / 72:g} x {th / 72:g} in poster")
            crop = (tx0 + x, ty0 + th - y - h, width - (tx0 + x + w), height - (ty1 - y))
        scale = dpi / 72.0
        if region and min(region[2], region[3]) * scale < 2:
            raise PosterError(f"--region is smaller than two pixels at {dpi:g} dpi; make it larger "
                              "or raise --dpi")
        pixels = (width - crop[0] - crop[2]) * (height - crop[1] - crop[3]) * scale * scale
        if pixels > MAX_PIXELS:
            raise PosterError(f"a {dpi:g} dpi preview would have {pixels / 1e6:.0f} million pixels; "
                              "lower --dpi or choose a --region")
        image = page.render(scale=scale, crop=crop, may_draw_forms=True).to_pil()
        out = io.BytesIO()
        info = PngInfo()
        info.add_text("Software", f"posterbuild {__version__}")  # ours: a later run may replace it
        image.save(out, format="PNG", optimize=False, pnginfo=info)
        return out.getvalue()
    finally:
        doc.close()
