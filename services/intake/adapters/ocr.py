"""Reading the text of a scanned PDF with OCR: PDFium draws each page, tesseract reads it.

This module owns the OCR of CVs: finding the `tesseract` binary (Debian's
`tesseract-ocr`, listed in `.ci/apt-packages.txt`) that pytesseract is configured to use,
choosing the languages (English and French, as far as they are installed), and turning the
first pages of a PDF into text, one string per page, with the list bullets tesseract
misreads put back. It does not decide whether the result is good enough, and it sets no
time or memory limit: the caller runs `read_scanned_pdf` in the sandbox. Without
tesseract, `find_tesseract()` is None and nothing else here is called.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass

import pytesseract

from services.intake.adapters import pdf_pages

WANTED_LANGUAGES = ("eng", "fra")
DEFAULT_DPI = 300
DEFAULT_MAX_PAGES = 10
# A lone symbol opening a line, followed by a space: a bullet in the scanned page.
_MISREAD_BULLET = re.compile(r"^[ \t]*[¢«»°©®+*•·][ \t]+", re.MULTILINE)


@dataclass(frozen=True)
class Tesseract:
    """An installed tesseract and the wanted languages it can read."""

    command: str
    languages: tuple[str, ...]


@dataclass(frozen=True)
class OcrText:
    """Text read from page images; `pages_total` tells whether pages were left unread."""

    pages: tuple[str, ...]
    pages_total: int

    @property
    def truncated(self) -> bool:
        return self.pages_total > len(self.pages)


def find_tesseract() -> Tesseract | None:
    """The tesseract pytesseract is set to run, if installed with English or French."""
    command = shutil.which(pytesseract.pytesseract.tesseract_cmd)
    if command is None:
        return None
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, pytesseract.TesseractNotFoundError, OSError):
        return None
    languages = tuple(language for language in WANTED_LANGUAGES if language in installed)
    return Tesseract(command, languages) if languages else None


def read_scanned_pdf(
    data: bytes, tesseract: Tesseract, max_pages: int = DEFAULT_MAX_PAGES, dpi: int = DEFAULT_DPI
) -> OcrText:
    """OCR the first `max_pages` pages of a PDF with the given tesseract."""
    _use_command(tesseract.command)
    # Several CVs are read at once; tesseract's own threads only compete with each other
    # (one thread read the scanned sample four times faster than the default here).
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    languages = "+".join(tesseract.languages)
    total = pdf_pages.page_count(data)
    pages = tuple(
        _tidy(pytesseract.image_to_string(pdf_pages.render_page(data, index, dpi), lang=languages))
        for index in range(min(total, max_pages))
    )
    return OcrText(pages, total)


def _tidy(page: str) -> str:
    """Give list bullets back their "•", which tesseract reads as "¢", "«", "+"..."""
    return _MISREAD_BULLET.sub("• ", page)


def _use_command(command: str) -> None:
    # Found by the caller, perhaps in another process: only change pytesseract's global
    # setting when it points elsewhere.
    if shutil.which(pytesseract.pytesseract.tesseract_cmd) != command:
        pytesseract.pytesseract.tesseract_cmd = command
