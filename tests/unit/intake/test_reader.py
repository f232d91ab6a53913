"""The CV reader's decisions, in this process and without files: what needs a person and why.

The text step is replaced by functions that return what the real one would, so each branch
of `DocumentCvReader.read` (text, OCR wanted, nothing readable, not a CV, a failure) is seen
without PDFs, child processes or tesseract.
"""

import pytesseract
import pytest

from services.intake.adapters import cv_reader
from services.intake.adapters.cv_reader import DocumentCvReader
from services.intake.adapters.reading_steps import GARBAGE_TEXT, NO_TEXT_LAYER, TextReading
from services.intake.adapters.sandbox import (
    Failed,
    Finished,
    InProcessRunner,
    Limits,
    OutOfMemory,
)
from services.intake.domain.applications import ApplicationRefused

A_CV = """Ana Example
ana.example@example.org | +41 22 555 01 02 | Geneva, Switzerland

Professional Experience
2015 - 2021  Programme Officer, United Nations Development Programme, Geneva
• Managed a portfolio of recovery projects

Education
2005  Master of Arts in International Relations, University of Geneva
"""
A_LETTER = """Dear Madam, dear Sir,
I am writing to thank you for the pleasant meeting we had about the garden party.
We look forward to seeing everyone there with their families and friends.
Kind regards
"""


def reading_of(text: str):
    return lambda *arguments: TextReading(pages=(text,))


def needing_ocr(why: str):
    return lambda *arguments: TextReading(needs_ocr=why)


def unreadable(*arguments):
    return TextReading(problem="This PDF is password-protected.")


def exploding(*arguments):
    raise RecursionError("objects that refer to each other without end")


def read_with(step, filename: str = "cv.pdf", kind: str = "pdf"):
    reader = DocumentCvReader(sandboxed=False, read_text=step)
    return reader.read(b"%PDF-1.7 (the step is replaced)", kind, filename)


@pytest.fixture
def no_tesseract(monkeypatch):
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nowhere/tesseract")


def test_a_cv_with_a_text_layer_is_read_as_text_with_its_profile():
    reading = read_with(reading_of(A_CV))

    assert reading.attention_reason is None
    assert reading.method == "text"
    assert reading.pages == (A_CV,)
    assert reading.profile["contact"]["email"] == "ana.example@example.org"


def test_a_readable_document_that_is_not_a_cv_needs_a_person_with_what_is_missing():
    reading = read_with(reading_of(A_LETTER))

    assert reading.attention_reason == (
        "This does not look like a CV: it has no e-mail address, no dates and no education"
        " or experience section; a person needs to check it."
    )
    assert reading.method == "text"
    assert "garden party" in reading.text


def test_a_file_nothing_can_be_read_from_keeps_the_reason_and_an_empty_profile():
    reading = read_with(unreadable)

    assert reading.attention_reason == "This PDF is password-protected."
    assert reading.method == "none"
    assert reading.profile["positions"] == [] and reading.profile["contact"]["email"] is None


@pytest.mark.parametrize(
    ("why", "reason"),
    [(NO_TEXT_LAYER, cv_reader.NO_OCR_FOR_SCAN), (GARBAGE_TEXT, cv_reader.NO_OCR_FOR_GARBAGE)],
)
def test_without_tesseract_a_pdf_that_needs_ocr_goes_to_a_person(no_tesseract, why, reason):
    reading = read_with(needing_ocr(why))

    assert reading.attention_reason == reason
    assert reading.method == "none"
    assert reading.text == "" and reading.pages == ()


def test_the_ocr_unavailable_reason_is_the_one_the_secretariat_expects():
    assert cv_reader.NO_OCR_FOR_SCAN == (
        "This CV is a scanned image and no OCR is installed here; a person needs to read it."
    )


def test_a_failure_of_the_text_step_is_a_reading_that_needs_a_person():
    reading = read_with(exploding)

    assert reading.attention_reason == cv_reader.UNFORESEEN_FAILURE
    assert reading.profile["positions"] == []


def test_an_unknown_kind_is_a_reading_that_needs_a_person():
    reading = read_with(reading_of(A_CV), kind="odt")

    assert reading.attention_reason == cv_reader.UNFORESEEN_FAILURE


def test_a_pdf_named_docx_is_noted_for_the_secretariat():
    reading = read_with(reading_of(A_CV), filename="Ana's CV.docx")

    assert reading.notes == ('This PDF was named "Ana\'s CV.docx"; it was read as a PDF.',)
    assert reading.attention_reason is None


@pytest.mark.parametrize(
    ("data", "code", "hint"),
    [
        (b"", "empty_file", "empty"),
        (b"%PDF-1.7 and then nothing a PDF reader could open", "corrupt", "damaged"),
        (b"Ana Example, Programme Officer, 2015-2021", "unsupported_type", "PDF or Word"),
    ],
    ids=["empty", "broken-pdf", "plain-text"],
)
def test_the_upload_check_refuses_with_a_code_and_a_reason(data, code, hint):
    with pytest.raises(ApplicationRefused) as refused:
        DocumentCvReader(sandboxed=False).check_upload(data, "cv.pdf")

    assert refused.value.code == code
    assert hint in refused.value.message


def test_the_in_process_runner_reports_instead_of_raising():
    runner = InProcessRunner()
    limits = Limits(seconds=1)

    assert runner.run(len, ("four",), limits) == Finished(4)
    assert isinstance(runner.run(exploding, (), limits), Failed)
    assert runner.run(_out_of_memory, (), limits) == OutOfMemory(limits.memory_bytes)


def _out_of_memory():
    raise MemoryError
