"""A CV's pages as pictures for the secretariat: one PDF page drawn by PDFium as a PNG.

`render_page_png` draws page n (1-based) of a PDF in colour at a given width in pixels,
the height following the page's proportions, and encodes it as PNG. The size is capped
(`pdf_pages.MAX_PAGE_PIXELS`) so that a page declared huge cannot exhaust memory, and
every PDFium object is opened and closed while `pdf_pages.PDFIUM_LOCK` is held, as PDFium
is not thread-safe. A page that the PDF does not have raises `PageOutOfRange`; a PDF that
PDFium cannot open raises `UnreadableDocument`, as at upload.

`render_page_png` outlines the passages it is given (`marks`) where PDFium's text search
finds them on the page (`cv_marks.passage_spans` over the page's text, then PDFium's
rectangles for those characters): a translucent yellow fill under a thick dark orange
frame, drawn with Pillow on the rendered bitmap. `outline_pages` tells, without drawing,
how many pages the PDF has, each page's size in pixels at a width, and which marks are
found on which page, so that a page can list every page image with a true alt text.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from PIL import Image, ImageDraw

from services.intake.adapters.cv_files import ReasonCode, UnreadableDocument
from services.intake.adapters.pdf_pages import DAMAGED_MESSAGE, MAX_PAGE_PIXELS, PDFIUM_LOCK
from services.intake.domain.cv_marks import passage_spans

MIN_WIDTH = 50
MAX_WIDTH = 3000
OUTLINE_COLOUR = (191, 54, 12, 255)  # dark orange: 5:1 against white, clear on yellow
FILL_COLOUR = (255, 214, 0, 80)
OUTLINE_PIXELS = 3
MARGIN_POINTS = 1.5
Rect = tuple[float, float, float, float]  # left, bottom, right, top in PDF points


@dataclass(frozen=True)
class PageOutline:
    """One page: its number (from 1), its size in pixels at the width asked, and the
    marks found on it, in the order they were asked."""

    number: int
    width: int
    height: int
    found: tuple[str, ...]


class PageOutOfRange(LookupError):
    """A page number the PDF does not have (pages are numbered from 1)."""

    def __init__(self, page_number: int, page_count: int) -> None:
        super().__init__(
            f"There is no page {page_number} in this PDF: its pages are 1 to {page_count}."
        )
        self.page_number = page_number
        self.page_count = page_count


def render_page_png(data: bytes, page_number: int, width: int, marks: Sequence[str] = ()) -> bytes:
    """Page `page_number` (1-based) of the PDF `data`, `width` pixels wide, as PNG bytes,
    with the `marks` found on it outlined."""
    width = _width(width)
    with PDFIUM_LOCK:
        document = _open(data)
        try:
            count = len(document)
            if not 1 <= page_number <= count:
                raise PageOutOfRange(page_number, count)
            page = document[page_number - 1]
            try:
                scale = _scale(*page.get_size(), width)
                rects = [rect for found in _found(page, marks).values() for rect in found]
                bitmap = page.render(scale=scale)
                try:
                    image = bitmap.to_pil().convert("RGB")  # a copy, not the bitmap's buffer
                finally:
                    bitmap.close()
                _outline(image, rects, scale, page)
            finally:
                page.close()
        finally:
            document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def outline_pages(data: bytes, marks: Sequence[str], width: int) -> list[PageOutline]:
    """Every page of the PDF `data`: its size at `width` pixels and the marks on it."""
    width = _width(width)
    outlines = []
    with PDFIUM_LOCK:
        document = _open(data)
        try:
            for index in range(len(document)):
                page = document[index]
                try:
                    page_width, page_height = page.get_size()
                    scale = _scale(page_width, page_height, width)
                    found = tuple(mark for mark, rects in _found(page, marks).items() if rects)
                    outlines.append(
                        PageOutline(
                            index + 1,
                            max(round(page_width * scale), 1),
                            max(round(page_height * scale), 1),
                            found,
                        )
                    )
                finally:
                    page.close()
        finally:
            document.close()
    return outlines


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        raise UnreadableDocument(ReasonCode.CORRUPT, DAMAGED_MESSAGE, repr(error)) from error


def _width(width: int) -> int:
    return min(max(width, MIN_WIDTH), MAX_WIDTH)


def _found(page: pdfium.PdfPage, marks: Sequence[str]) -> dict[str, list[Rect]]:
    """For each mark, the rectangles (PDF points) of every place the page's text has it."""
    if not marks:
        return {}
    text_page = page.get_textpage()
    try:
        text = _page_text(text_page)
        found: dict[str, list[Rect]] = {}
        for mark in marks:
            found[mark] = [
                text_page.get_rect(number)
                for start, end in passage_spans(text, mark)
                for number in range(text_page.count_rects(start, end - start))
            ]
        return found
    finally:
        text_page.close()


def _page_text(text_page: pdfium.PdfTextPage) -> str:
    """The page's text with one character per PDFium character index."""
    count = text_page.count_chars()
    text = text_page.get_text_range(0, count) if count > 0 else ""
    if len(text) == count:
        return text
    # get_text_range may merge or drop characters; read them one by one instead
    return "".join(
        chr(pdfium_raw.FPDFText_GetUnicode(text_page.raw, index) or 0x20) for index in range(count)
    )


def _outline(image: Image.Image, rects: Sequence[Rect], scale: float, page: pdfium.PdfPage) -> None:
    """Draw each rectangle (PDF points, origin at the bottom left) on the page image."""
    if not rects:
        return
    left_edge, _bottom_edge, _right_edge, top_edge = page.get_cropbox()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for left, bottom, right, top in rects:
        box = (
            (left - left_edge - MARGIN_POINTS) * scale,
            (top_edge - top - MARGIN_POINTS) * scale,
            (right - left_edge + MARGIN_POINTS) * scale,
            (top_edge - bottom + MARGIN_POINTS) * scale,
        )
        draw.rectangle(box, fill=FILL_COLOUR, outline=OUTLINE_COLOUR, width=OUTLINE_PIXELS)
    image.paste(Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB"))


def _scale(width_points: float, height_points: float, width: int) -> float:
    """Pixels per point for `width` pixels across the page, capped in total pixels."""
    width_points = max(width_points, 1.0)
    height_points = max(height_points, 1.0)
    scale = width / width_points
    if width_points * height_points * scale * scale <= MAX_PAGE_PIXELS:
        return scale
    return math.sqrt(MAX_PAGE_PIXELS / (width_points * height_points))
