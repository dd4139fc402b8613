"""Class 1: whether posterbuild wrote an existing PDF, told from its tail without a PDF library,
and always the answer the full parser (pikepdf) gives; what the tail cannot tell goes to pikepdf."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from posterbuild import __version__
from posterbuild.output.pdf_creator import read_creator
from posterbuild.output.safe_paths import _written_by_us

OURS = f"posterbuild {__version__}"


def _canvas_pdf(creator: str | None, text: str = "hello", *, compress: bool = True,
                title: str = "A poster") -> bytes:
    out = io.BytesIO()
    c = Canvas(out, pagesize=(400, 300), pageCompression=int(compress))
    if creator is not None:
        c.setCreator(creator)
    c.setTitle(title)
    c.drawString(50, 50, text)
    c.save()
    return out.getvalue()


def _pikepdf_says(data: bytes) -> bool:
    try:
        with pikepdf.open(io.BytesIO(data)) as pdf:
            return str(pdf.docinfo.get("/Creator", "")).startswith("posterbuild")
    except Exception:  # noqa: BLE001 (what _written_by_us does: unreadable is not ours)
        return False


def _fast(data: bytes, tmp_path: Path) -> str | None:
    path = tmp_path / "t.pdf"
    path.write_bytes(data)
    with open(path, "rb") as handle:
        return read_creator(handle)


def _agrees(data: bytes, tmp_path: Path) -> str | None:
    """The fast path's answer, checked against pikepdf's whenever it gives one."""
    fast = _fast(data, tmp_path)
    if fast is not None:
        assert fast.startswith("posterbuild") == _pikepdf_says(data), fast
    assert _written_by_us(tmp_path / "t.pdf", "pdf") == _pikepdf_says(data)
    return fast


def _incremental(data: bytes, creator: str) -> bytes:
    """``data`` with an incremental update that replaces its information dictionary."""
    size = int(re.search(rb"/Size (\d+)", data[-300:]).group(1))
    root = re.search(rb"/Root (\d+) 0 R", data[-300:]).group(1)
    start = int(re.search(rb"startxref\s+(\d+)", data[-60:]).group(1))
    obj = f"{size} 0 obj\n<< /Creator ({creator}) >>\nendobj\n".encode()
    xref = len(data) + len(obj)
    tail = (f"xref\n{size} 1\n{len(data):010d} 00000 n \ntrailer\n<< /Size {size + 1} /Root "
            f"{root.decode()} 0 R /Info {size} 0 R /Prev {start} >>\nstartxref\n{xref}\n%%EOF\n").encode()
    return data + obj + tail


def test_a_pdf_reportlab_wrote_for_us_is_ours_without_pikepdf(tmp_path):
    assert _agrees(_canvas_pdf(OURS), tmp_path) == OURS
    assert _agrees(_canvas_pdf(OURS, title="Ünïcode (and) \\ brackets >> here"), tmp_path) == OURS


def test_another_producers_pdf_is_not_ours(tmp_path):
    assert _agrees(_canvas_pdf("Writer"), tmp_path) == "Writer"
    assert _agrees(_canvas_pdf(None), tmp_path) is not None  # ReportLab's own default Creator
    assert not _fast(_canvas_pdf(None), tmp_path).startswith("posterbuild")


def test_posterbuild_in_a_content_stream_does_not_fool_it(tmp_path):
    forged = _canvas_pdf("Writer", text=f"/Creator ({OURS}) posterbuild", compress=False)
    assert OURS.encode() in forged and forged.count(b"posterbuild") == 2  # the page's text only
    assert _agrees(forged, tmp_path) == "Writer"
    assert _written_by_us(tmp_path / "t.pdf", "pdf") is False


@pytest.mark.parametrize("damage", ["truncated", "tail-cut", "shifted", "escaped-creator", "update-ours",
                                    "update-theirs", "crlf-table", "no-info", "pikepdf-written",
                                    "pikepdf-ours", "garbage-tail"])
def test_what_the_tail_cannot_tell_goes_to_pikepdf_with_the_same_answer(tmp_path, damage):
    ours = _canvas_pdf(OURS)
    if damage == "truncated":
        data = ours[: len(ours) // 2]
    elif damage == "tail-cut":
        data = ours[:-20]
    elif damage == "shifted":  # every offset in the table now points 7 bytes early
        data = ours.replace(b"endobj", b"endobj\n% pad", 1)
    elif damage == "escaped-creator":
        data = ours.replace(f"/Creator ({OURS})".encode(), b"/Creator (poster\\142uild 0.1)")
    elif damage == "update-ours":
        data = _incremental(_canvas_pdf("Writer"), OURS)
    elif damage == "update-theirs":
        data = _incremental(ours, "Writer")
    elif damage == "crlf-table":
        data = ours.replace(b" n \n", b" n\r\n")
    elif damage == "no-info":
        data = re.sub(rb"/Info \d+ 0 R\n", b"", ours)
    elif damage in ("pikepdf-written", "pikepdf-ours"):
        buf = io.BytesIO()
        with pikepdf.open(io.BytesIO(ours)) as pdf:
            pdf.docinfo["/Creator"] = OURS if damage == "pikepdf-ours" else "Writer"
            pdf.save(buf)
        data = buf.getvalue()
    else:
        data = ours[:-200] + bytes(range(200))
    _agrees(data, tmp_path)


def test_only_a_few_kib_of_a_large_file_are_read(tmp_path):
    ours = _canvas_pdf(OURS)
    head, tail = ours.split(b"xref\n", 1)  # 50 MiB of comment lines before the table, and an
    pad = (b"%" + b"x" * 1023 + b"\n") * (50 * 1024)  # offset that still points at it
    start = re.search(rb"startxref\n(\d+)", tail).group(1)
    data = head + pad + b"xref\n" + tail.replace(b"startxref\n" + start,
                                                 b"startxref\n" + str(int(start) + len(pad)).encode())
    path = tmp_path / "big.pdf"
    path.write_bytes(data)

    class Counting(io.FileIO):
        read_bytes = 0

        def read(self, size=-1):
            chunk = super().read(size)
            Counting.read_bytes += len(chunk)
            return chunk

    with Counting(path, "rb") as handle:
        assert read_creator(handle) == OURS
    assert Counting.read_bytes < 64 * 1024


def test_build_over_its_own_pdf_never_imports_pikepdf(tmp_path):
    pdf = tmp_path / "ours.pdf"
    pdf.write_bytes(_canvas_pdf(OURS))
    code = ("import sys; from posterbuild.output.safe_paths import check_file_target; "
            f"check_file_target({str(pdf)!r}, 'pdf', suffix='.pdf'); print('pikepdf' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False"]
