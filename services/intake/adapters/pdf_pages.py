"""PDF work done with PDFium (pypdfium2): the quick check at upload, page text, page images.

This module owns every call into PDFium. PDFium opens a document in about a millisecond
without reading its pages, so `check_opens` can refuse an encrypted or broken PDF while the
candidate is still on the upload page. `page_texts` is the tolerant second reader for a PDF
that pdfminer finds malformed but PDFium repairs, and `render_page` draws one page as a grey
image for OCR, at a resolution capped so that a page declared huge cannot exhaust memory.
PDFium is not thread-safe, so every call holds `PDFIUM_LOCK` for as long as a PDFium
object is open, and closes them all before releasing it.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image

from services.intake.adapters.cv_files import ReasonCode, UnreadableDocument

PDFIUM_LOCK = threading.Lock()
# An A4 page at 300 dpi is 8.7 million pixels; a page may be four times that, not more.
MAX_PAGE_PIXELS = 35_000_000
_POINTS_PER_INCH = 72
_PASSWORD_ERRORS = frozenset({pdfium_raw.FPDF_ERR_PASSWORD, pdfium_raw.FPDF_ERR_SECURITY})

ENCRYPTED_MESSAGE = "This PDF is protected by a password. Please upload a version without one."
DAMAGED_MESSAGE = (
    "This PDF appears damaged or incomplete, so it cannot be opened; please export it again "
    "and re-upload it."
)


def check_opens(data: bytes) -> None:
    """Raise UnreadableDocument if PDFium cannot open the PDF or it has no page."""
    with _opened(data) as document:
        if len(document) == 0:
            raise UnreadableDocument(ReasonCode.CORRUPT, DAMAGED_MESSAGE, detail="no pages")


def page_texts(data: bytes, max_pages: int) -> list[str]:
    """The text of the first `max_pages` pages, in content order."""
    with _opened(data) as document:
        return [_page_text(document, index) for index in range(min(len(document), max_pages))]


def page_count(data: bytes) -> int:
    with _opened(data) as document:
        return len(document)


def render_page(data: bytes, index: int, dpi: int) -> Image.Image:
    """Page `index` as a greyscale image at `dpi`, or less for an oversized page."""
    with _opened(data) as document:
        page = document[index]
        try:
            scale = _render_scale(*page.get_size(), dpi)
            bitmap = page.render(scale=scale, grayscale=True)
            try:
                # A copy, because the PIL image would otherwise share the bitmap's buffer.
                return bitmap.to_pil().copy()
            finally:
                bitmap.close()
        finally:
            page.close()


@contextmanager
def _opened(data: bytes) -> Iterator[pdfium.PdfDocument]:
    with PDFIUM_LOCK:
        document = _open(data)
        try:
            yield document
        finally:
            document.close()


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in _PASSWORD_ERRORS:
            raise UnreadableDocument(
                ReasonCode.ENCRYPTED, ENCRYPTED_MESSAGE, repr(error)
            ) from error
        raise UnreadableDocument(ReasonCode.CORRUPT, DAMAGED_MESSAGE, repr(error)) from error


def _page_text(document: pdfium.PdfDocument, index: int) -> str:
    page = document[index]
    try:
        text_page = page.get_textpage()
        try:
            return text_page.get_text_bounded().replace("\r\n", "\n")
        finally:
            text_page.close()
    finally:
        page.close()


def _render_scale(width_points: float, height_points: float, dpi: int) -> float:
    scale = dpi / _POINTS_PER_INCH
    area = max(width_points, 1.0) * max(height_points, 1.0)
    if area * scale * scale <= MAX_PAGE_PIXELS:
        return scale
    return math.sqrt(MAX_PAGE_PIXELS / area)
