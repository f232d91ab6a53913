"""A CV's pages as pictures for the secretariat: one PDF page drawn by PDFium as a PNG.

`render_page_png` draws page n (1-based) of a PDF in colour at a given width in pixels,
the height following the page's proportions, and encodes it as PNG. The size is capped
(`pdf_pages.MAX_PAGE_PIXELS`) so that a page declared huge cannot exhaust memory, and
every PDFium object is opened and closed while `pdf_pages.PDFIUM_LOCK` is held, as PDFium
is not thread-safe. A page that the PDF does not have raises `PageOutOfRange`; a PDF that
PDFium cannot open raises `UnreadableDocument`, as at upload.
"""

from __future__ import annotations

import io
import math

import pypdfium2 as pdfium

from services.intake.adapters.cv_files import ReasonCode, UnreadableDocument
from services.intake.adapters.pdf_pages import DAMAGED_MESSAGE, MAX_PAGE_PIXELS, PDFIUM_LOCK

MIN_WIDTH = 50
MAX_WIDTH = 3000


class PageOutOfRange(LookupError):
    """A page number the PDF does not have (pages are numbered from 1)."""

    def __init__(self, page_number: int, page_count: int) -> None:
        super().__init__(
            f"There is no page {page_number} in this PDF: its pages are 1 to {page_count}."
        )
        self.page_number = page_number
        self.page_count = page_count


def render_page_png(data: bytes, page_number: int, width: int) -> bytes:
    """Page `page_number` (1-based) of the PDF `data`, `width` pixels wide, as PNG bytes."""
    width = min(max(width, MIN_WIDTH), MAX_WIDTH)
    with PDFIUM_LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as error:
            raise UnreadableDocument(ReasonCode.CORRUPT, DAMAGED_MESSAGE, repr(error)) from error
        try:
            count = len(document)
            if not 1 <= page_number <= count:
                raise PageOutOfRange(page_number, count)
            page = document[page_number - 1]
            try:
                bitmap = page.render(scale=_scale(*page.get_size(), width))
                try:
                    image = bitmap.to_pil()
                    buffer = io.BytesIO()
                    image.save(buffer, format="PNG", optimize=True)
                    return buffer.getvalue()
                finally:
                    bitmap.close()
            finally:
                page.close()
        finally:
            document.close()


def _scale(width_points: float, height_points: float, width: int) -> float:
    """Pixels per point for `width` pixels across the page, capped in total pixels."""
    width_points = max(width_points, 1.0)
    height_points = max(height_points, 1.0)
    scale = width / width_points
    if width_points * height_points * scale * scale <= MAX_PAGE_PIXELS:
        return scale
    return math.sqrt(MAX_PAGE_PIXELS / (width_points * height_points))
