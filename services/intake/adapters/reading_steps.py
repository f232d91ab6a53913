"""The step of CV reading that runs inside the sandbox: from bytes to page texts.

This module owns what the child process does with a stored upload and what it sends back:
`read_text` extracts the text layer (`cv_files`), turns every `UnreadableDocument` into a
plain `TextReading` (exceptions with extra constructor arguments do not survive pickling),
says when the text must come from OCR instead (no text layer, undecodable text), and
recovers the text of a PDF that pdfminer finds malformed but PDFium repairs, with a note,
because the upload check accepted that PDF on PDFium's word. The values are plain frozen
dataclasses of strings, cheap to pickle. OCR itself is `ocr.read_scanned_pdf`.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.intake.adapters import cv_files, pdf_pages
from services.intake.adapters.cv_files import DocumentKind, ReasonCode, UnreadableDocument
from services.intake.domain.parsing import parse_profile

NO_TEXT_LAYER = "no_text_layer"
GARBAGE_TEXT = "garbage_text"
RECOVERED_NOTE = (
    "This PDF is damaged; its text was recovered by a more tolerant reader and may be "
    "incomplete: check it against the file."
)


@dataclass(frozen=True)
class TextReading:
    """The text layer of a file, why OCR is needed instead, or why nothing can be read."""

    pages: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    # NO_TEXT_LAYER or GARBAGE_TEXT: the pages are empty and OCR may read the file.
    needs_ocr: str | None = None
    # A reason for the secretariat: nothing can be read from this file.
    problem: str | None = None


def read_text(data: bytes, kind: str, max_bytes: int, max_pages: int) -> TextReading:
    """Extract the text layer of a PDF or DOCX that passed the upload checks."""
    document_kind = DocumentKind(kind)
    try:
        extracted = cv_files.extract_text(
            data, document_kind, max_bytes=max_bytes, max_pages=max_pages
        )
    except UnreadableDocument as unreadable:
        return _after_failure(data, document_kind, max_pages, unreadable)
    if extracted.attention is not None:
        return TextReading(needs_ocr=GARBAGE_TEXT)
    return TextReading(extracted.pages, tuple(note.message for note in extracted.notes))


def _after_failure(
    data: bytes, kind: DocumentKind, max_pages: int, unreadable: UnreadableDocument
) -> TextReading:
    if kind is DocumentKind.PDF and unreadable.reason_code is ReasonCode.NO_TEXT_LAYER:
        return TextReading(needs_ocr=NO_TEXT_LAYER)
    if kind is DocumentKind.PDF and unreadable.reason_code is ReasonCode.CORRUPT:
        return _recovered_by_pdfium(data, max_pages, unreadable)
    return TextReading(problem=unreadable.message)


def _recovered_by_pdfium(
    data: bytes, max_pages: int, unreadable: UnreadableDocument
) -> TextReading:
    try:
        pages = tuple(pdf_pages.page_texts(data, max_pages))
    except UnreadableDocument:
        return TextReading(problem=unreadable.message)
    text = "\n".join(pages)
    if cv_files.unusable_text_reason(text) is None:
        return TextReading(pages, (RECOVERED_NOTE,))
    return TextReading(needs_ocr=GARBAGE_TEXT if text.strip() else NO_TEXT_LAYER)


def profile_of(pages: list[str]) -> dict:
    """The profile of the pages, as a dict (run in the sandbox: the parser's rules are
    regular expressions, and a hostile text must not hold a worker with one)."""
    return parse_profile(pages).to_dict()
