"""A PDF given to ``tile`` or ``preview``: read it only if it is a sane, readable poster.

Empty, huge, encrypted, damaged or not-a-PDF files are refused with one line naming the file.
"""

from __future__ import annotations

import contextlib
import io
import math
import stat
from pathlib import Path
from typing import Iterator

from posterbuild.core.errors import FileSystemError, PosterError, os_error_message
from posterbuild.source.limits import PDF_MAX_SIDE

__all__ = ["read_poster_pdf", "pdf_errors", "MAX_INPUT_BYTES"]

MAX_INPUT_BYTES = 512 * 1024 * 1024


def read_poster_pdf(path: Path) -> bytes:
    """The bytes of the PDF at ``path``, checked: one or more pages, not encrypted, readable."""
    path = Path(path)
    try:
        st = path.stat()
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, path, "cannot read")) from None
    if stat.S_ISDIR(st.st_mode):
        raise PosterError(f"{path}: is a folder, not a PDF file")
    if not stat.S_ISREG(st.st_mode):
        raise PosterError(f"{path}: is not a regular file")
    if st.st_size == 0:
        raise PosterError(f"{path}: is empty, not a PDF file")
    if st.st_size > MAX_INPUT_BYTES:
        raise PosterError(f"{path}: is {st.st_size / 2**20:.0f} MiB; the limit for a poster PDF is "
                          f"{MAX_INPUT_BYTES // 2**20} MiB")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FileSystemError(os_error_message(exc, path, "cannot read")) from None
    if not data.startswith(b"%PDF-"):
        raise PosterError(f"{path}: not a PDF file")
    import pikepdf
    with pdf_errors(path):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) == 0:
                raise PosterError(f"{path}: the PDF has no pages")
            box = [float(v) for v in pdf.pages[0].mediabox]
            unit = float(pdf.pages[0].obj.get("/UserUnit", 1))
            w, h = (box[2] - box[0]) * unit, (box[3] - box[1]) * unit
            if not all(math.isfinite(v) for v in (w, h)) or not (0 < abs(w) <= PDF_MAX_SIDE * 8
                                                                  and 0 < abs(h) <= PDF_MAX_SIDE * 8):
                raise PosterError(f"{path}: the first page has an impossible size ({w:g} x {h:g} pt)")
    return data


@contextlib.contextmanager
def pdf_errors(path: Path) -> Iterator[None]:
    """Turn a PDF library's complaint about ``path`` into one line naming it."""
    import pikepdf
    import pypdfium2 as pdfium
    try:
        yield
    except pikepdf.PasswordError:
        raise PosterError(f"{path}: the PDF is encrypted; give an unencrypted copy") from None
    except (pikepdf.PikepdfError, pdfium.PdfiumError) as exc:
        raise PosterError(f"{path}: damaged or unreadable PDF ({str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__})") from None
    except (ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise PosterError(f"{path}: the PDF cannot be used ({type(exc).__name__}: {str(exc)[:200]})") from None
