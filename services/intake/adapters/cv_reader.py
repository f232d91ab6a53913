"""The CV reader intake's use cases call: upload checks, then text, OCR and profile.

At upload, only what is quick to see is checked (empty, too large, not a PDF or DOCX, a
zip bomb, not a Word document; a PDF that PDFium cannot open because of a password or
damage) and refused with a message the candidate can act on. Reading happens later, in
the sandbox (a child process with a time and a memory limit, see `sandbox`): the text
layer first, OCR when a PDF has no usable text layer, then `parse_profile` on the pages.
Everything found while reading keeps the application and marks it as needing attention
with a reason for the secretariat (no OCR installed, too little text, took too long, too
large, not a CV, a failure nobody foresaw); remarks that do not stop screening (a PDF
named .docx, text read by OCR) become notes. `read` never raises, and what it does with
the file is bounded in time and memory.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from services.intake.adapters import cv_files, ocr, pdf_pages, reading_steps
from services.intake.adapters.cv_files import DocumentKind, UnreadableDocument
from services.intake.adapters.reading_steps import GARBAGE_TEXT, TextReading
from services.intake.adapters.sandbox import (
    DEFAULT_MEMORY_BYTES,
    ChildProcessRunner,
    Finished,
    InProcessRunner,
    Limits,
    Outcome,
    OutOfMemory,
    Runner,
    TimedOut,
)
from services.intake.domain.applications import ApplicationRefused
from services.intake.domain.parsing import PARSER_VERSION
from services.intake.domain.profile import Profile
from services.intake.service_layer.services import CvReading
from shared.logging import get_logger

log = get_logger(__name__)

UNFORESEEN_FAILURE = (
    "The CV could not be read automatically (the reader failed on this file);"
    " a person needs to look at it."
)
NO_OCR_FOR_SCAN = (
    "This CV is a scanned image and no OCR is installed here; a person needs to read it."
)
NO_OCR_FOR_GARBAGE = (
    "The text layer of this PDF cannot be decoded and no OCR is installed here;"
    " a person needs to read it."
)
OCR_NOTE = "Read by OCR: check names and dates."
# The modules a sandboxed child needs, imported once by the forkserver.
SANDBOX_PRELOAD = (
    "services.intake.adapters.reading_steps",
    "services.intake.adapters.ocr",
    "services.intake.adapters.parser_warmup",
)

T = TypeVar("T")
TextStep = Callable[[bytes, str, int, int], TextReading]
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")


@dataclass(frozen=True)
class ReadingLimits:
    """How long, how much memory and how many pages reading one CV may take."""

    text_seconds: float = 60.0
    ocr_seconds: float = 180.0
    memory_bytes: int = DEFAULT_MEMORY_BYTES
    max_pages: int = cv_files.DEFAULT_MAX_PAGES
    ocr_max_pages: int = ocr.DEFAULT_MAX_PAGES
    ocr_dpi: int = ocr.DEFAULT_DPI


@dataclass
class DocumentCvReader:
    """Reads uploaded CVs; one instance may be shared by threads.

    `sandboxed=False` reads in this process, without time or memory limits: for tests
    that replace functions of the reading modules. `read_text` replaces the text step
    (a module-level function, so that a child process can import it).
    """

    max_bytes: int = cv_files.DEFAULT_MAX_BYTES
    limits: ReadingLimits = field(default_factory=ReadingLimits)
    sandboxed: bool = True
    read_text: TextStep = reading_steps.read_text

    def __post_init__(self) -> None:
        self._runner: Runner = (
            ChildProcessRunner(SANDBOX_PRELOAD) if self.sandboxed else InProcessRunner()
        )

    def check_upload(self, data: bytes, filename: str) -> str:
        """The document kind ("pdf", "docx"), or raise `ApplicationRefused` with the reason."""
        try:
            kind = cv_files.sniff(data, filename, max_bytes=self.max_bytes)
            if kind is DocumentKind.PDF:
                pdf_pages.check_opens(data)
        except UnreadableDocument as problem:
            raise ApplicationRefused(problem.message, problem.reason_code.value) from problem
        return kind.value

    def read(self, data: bytes, kind: str, filename: str = "") -> CvReading:
        """Text, profile and how it went; a file that cannot be read needs attention."""
        try:
            return self._read(data, DocumentKind(kind), _mismatch_notes(kind, filename))
        except Exception as error:
            log.warning("cv unreadable", error=repr(error))
            return _needs_attention(UNFORESEEN_FAILURE)

    def _read(self, data: bytes, kind: DocumentKind, notes: tuple[str, ...]) -> CvReading:
        arguments = (data, kind.value, self.max_bytes, self.limits.max_pages)
        outcome = self._runner.run(
            self.read_text, arguments, self._limits(self.limits.text_seconds)
        )
        text = _value_or_reason(outcome)
        if isinstance(text, str):
            return _needs_attention(text, notes)
        if text.problem is not None:
            return _needs_attention(text.problem, notes)
        if text.needs_ocr is not None:
            return self._read_by_ocr(data, text.needs_ocr, notes)
        return self._profiled(text.pages, "text", (*notes, *text.notes))

    def _read_by_ocr(self, data: bytes, why: str, notes: tuple[str, ...]) -> CvReading:
        tesseract = ocr.find_tesseract()
        if tesseract is None:
            return _needs_attention(
                NO_OCR_FOR_GARBAGE if why == GARBAGE_TEXT else NO_OCR_FOR_SCAN, notes
            )
        arguments = (data, tesseract, self.limits.ocr_max_pages, self.limits.ocr_dpi)
        outcome = self._runner.run(
            ocr.read_scanned_pdf, arguments, self._limits(self.limits.ocr_seconds)
        )
        result = _value_or_reason(outcome)
        if isinstance(result, str):
            return _needs_attention(result, notes)
        notes = (*notes, OCR_NOTE, *_ocr_page_notes(result))
        unusable = cv_files.unusable_text_reason("\n".join(result.pages))
        if unusable is not None:
            reason = f"OCR could not read this scanned CV ({unusable}); a person needs to read it."
            return _needs_attention(reason, notes, result.pages, method="ocr")
        return self._profiled(result.pages, "ocr", notes)

    def _profiled(self, pages: Sequence[str], method: str, notes: tuple[str, ...]) -> CvReading:
        outcome = self._runner.run(
            reading_steps.profile_of, (list(pages),), self._limits(self.limits.text_seconds)
        )
        found = _value_or_reason(outcome)
        if isinstance(found, str):
            return _needs_attention(found, notes, pages, method=method)
        profile = Profile.from_dict(found)
        text = _joined(pages)
        return CvReading(
            text,
            found,
            PARSER_VERSION,
            _not_a_cv_reason(profile, text),
            tuple(pages),
            method,
            notes,
        )

    def _limits(self, seconds: float) -> Limits:
        return Limits(seconds, self.limits.memory_bytes)


def _value_or_reason(outcome: Outcome[T]) -> T | str:
    """The step's value, or the reason for the secretariat why there is none."""
    if isinstance(outcome, Finished):
        return outcome.value
    if isinstance(outcome, TimedOut):
        return (
            f"This file took too long to read (more than {outcome.seconds:g} seconds);"
            " a person needs to look at it."
        )
    if isinstance(outcome, OutOfMemory):
        return (
            "This file is too large to read: it needed more than "
            f"{outcome.memory_bytes / 2**30:.1f} GiB of memory; a person needs to look at it."
        )
    log.warning("cv reader failed", detail=outcome.detail)
    return UNFORESEEN_FAILURE


def _not_a_cv_reason(profile: Profile, text: str) -> str | None:
    """Why a readable document does not look like a CV, or None if it does."""
    if profile.positions or profile.education:
        return None
    missing = ["no education or experience section"]
    if not _YEAR.search(text):
        missing.insert(0, "no dates")
    if profile.contact.email is None:
        missing.insert(0, "no e-mail address")
    listed = ", ".join(missing[:-1]) + (" and " if len(missing) > 1 else "") + missing[-1]
    return f"This does not look like a CV: it has {listed}; a person needs to check it."


def _needs_attention(
    reason: str,
    notes: tuple[str, ...] = (),
    pages: Sequence[str] = (),
    method: str = "none",
) -> CvReading:
    empty = Profile().to_dict()
    return CvReading(_joined(pages), empty, PARSER_VERSION, reason, tuple(pages), method, notes)


def _mismatch_notes(kind: str, filename: str) -> tuple[str, ...]:
    note = cv_files.type_mismatch_note(DocumentKind(kind), filename)
    return () if note is None else (note.message,)


def _ocr_page_notes(result: ocr.OcrText) -> tuple[str, ...]:
    if not result.truncated:
        return ()
    return (f"Only the first {len(result.pages)} of {result.pages_total} pages were read by OCR.",)


def _joined(pages: Sequence[str]) -> str:
    return "\n\n".join(page.strip("\n") for page in pages)
