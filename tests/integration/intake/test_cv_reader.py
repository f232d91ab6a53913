"""Every hostile upload and every sample CV through the reader intake uses, end to end.

Each file goes through `check_upload` (as when a candidate applies) and, when accepted,
through `read` in the sandbox (child processes, OCR with the installed tesseract), as the
intake consumer does. The hostile files are those of `shared/data/bad` (see its README).
"""

import io
import json
import threading
from pathlib import Path
from typing import Any

import docx
import pypdfium2 as pdfium
import pytesseract
import pytest

from services.intake.adapters import cv_files, cv_reader
from services.intake.adapters.cv_files import ReasonCode, UnreadableDocument
from services.intake.adapters.cv_reader import DocumentCvReader
from services.intake.adapters.reading_steps import RECOVERED_NOTE
from services.intake.domain.applications import ApplicationRefused
from services.intake.service_layer.services import CvReading

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CVS = sorted((SHARED_DATA / "cvs").glob("*")) if SHARED_DATA.exists() else []
BAD = SHARED_DATA / "bad"

pytestmark = pytest.mark.skipif(not CVS, reason=f"sample CVs not found in {SHARED_DATA}")


@pytest.fixture(scope="module")
def reader() -> DocumentCvReader:
    return DocumentCvReader()


@pytest.fixture
def no_tesseract(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pytesseract.pytesseract, "tesseract_cmd", "/nowhere/tesseract")


def _truth(path: Path) -> dict[str, Any]:
    folder = SHARED_DATA / "truth" if path.parent.name == "cvs" else BAD / "truth"
    return json.loads((folder / f"{path.stem}.json").read_text(encoding="utf-8"))


def _upload_and_read(reader: DocumentCvReader, path: Path) -> CvReading:
    data = path.read_bytes()
    kind = reader.check_upload(data, path.name)
    return reader.read(data, kind, path.name)


def _employers(positions: list[dict[str, Any]]) -> set[str]:
    return {" ".join((position["employer"] or "").lower().split()) for position in positions}


# --- refused at upload, with a reason the candidate can act on ---------------------------


@pytest.mark.parametrize(
    ("name", "code", "message"),
    [
        ("empty-zero-bytes.pdf", "empty_file", "The file is empty. Please upload your CV again."),
        (
            "password-protected.pdf",
            "encrypted",
            "This PDF is protected by a password. Please upload a version without one.",
        ),
        (
            "truncated-corrupt.pdf",
            "corrupt",
            "This PDF appears damaged or incomplete, so it cannot be opened; please export it"
            " again and re-upload it.",
        ),
        (
            "junk-zip.docx",
            "corrupt",
            "This file is not a valid Word document. Please open it in your word processor,"
            " save it as .docx or PDF, and upload it again.",
        ),
        (
            "oversized-25mb.pdf",
            "too_large",
            "The file is too large (25 MB; the limit is 10 MB). Please upload a smaller"
            " version, for example without photos or scanned pages.",
        ),
    ],
)
def test_hostile_uploads_are_refused_at_upload_with_their_reason(
    reader: DocumentCvReader, name: str, code: str, message: str
) -> None:
    with pytest.raises(ApplicationRefused) as refused:
        reader.check_upload((BAD / name).read_bytes(), name)

    assert refused.value.code == code
    assert refused.value.message == message


def test_pdfminer_cannot_read_the_truncated_pdf_either() -> None:
    """PDFium's refusal at upload matches what the reading step could have done."""
    with pytest.raises(UnreadableDocument) as unreadable:
        cv_files.extract_text(
            (BAD / "truncated-corrupt.pdf").read_bytes(), cv_files.DocumentKind.PDF
        )

    assert unreadable.value.reason_code is ReasonCode.CORRUPT


# --- accepted, and read or marked for a person --------------------------------------------


def test_the_scanned_cv_is_read_by_ocr(reader: DocumentCvReader) -> None:
    path = BAD / "scanned-image-only.pdf"
    truth = _truth(path)

    reading = _upload_and_read(reader, path)

    assert reading.attention_reason is None
    assert reading.method == "ocr"
    assert cv_reader.OCR_NOTE in reading.notes
    assert len(reading.pages) == 2
    assert reading.profile["contact"]["email"] == truth["contact"]["email"]
    wanted = _employers(truth["positions"])
    assert len(wanted & _employers(reading.profile["positions"])) >= len(wanted) / 2


def test_the_garbage_text_layer_is_read_by_ocr_not_stored(reader: DocumentCvReader) -> None:
    path = BAD / "garbage-text-layer.pdf"

    reading = _upload_and_read(reader, path)

    assert reading.attention_reason is None
    assert reading.method == "ocr"
    assert cv_reader.OCR_NOTE in reading.notes
    assert "(cid:" not in reading.text
    assert reading.profile["contact"]["email"] == _truth(path)["contact"]["email"]


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("scanned-image-only.pdf", cv_reader.NO_OCR_FOR_SCAN),
        ("garbage-text-layer.pdf", cv_reader.NO_OCR_FOR_GARBAGE),
    ],
)
def test_without_tesseract_a_pdf_needing_ocr_is_kept_for_a_person(
    reader: DocumentCvReader, no_tesseract: None, name: str, reason: str
) -> None:
    reading = _upload_and_read(reader, BAD / name)

    assert reading.attention_reason == reason
    assert reading.method == "none"
    assert reading.text == "" and reading.profile["positions"] == []


def test_a_pdf_named_docx_is_read_as_pdf_with_a_note(reader: DocumentCvReader) -> None:
    path = BAD / "pdf-renamed.docx"

    reading = _upload_and_read(reader, path)

    assert reading.attention_reason is None
    assert reading.method == "text"
    assert reading.notes == ('This PDF was named "pdf-renamed.docx"; it was read as a PDF.',)
    assert reading.profile["contact"]["email"] == _truth(path)["contact"]["email"]


def test_the_oversized_cv_is_read_from_its_text_when_the_limit_allows_it() -> None:
    path = BAD / "oversized-25mb.pdf"
    truth = _truth(path)

    reading = _upload_and_read(DocumentCvReader(max_bytes=30_000_000), path)

    assert reading.attention_reason is None
    assert reading.method == "text"
    assert reading.profile["contact"]["email"] == truth["contact"]["email"]
    assert len(reading.profile["positions"]) == len(truth["positions"])


def test_a_blank_scan_needs_a_person_because_ocr_finds_no_text(reader: DocumentCvReader) -> None:
    blank = pdfium.PdfDocument.new()
    blank.new_page(595, 842)
    buffer = io.BytesIO()
    blank.save(buffer)
    blank.close()

    kind = reader.check_upload(buffer.getvalue(), "scan.pdf")
    reading = reader.read(buffer.getvalue(), kind, "scan.pdf")

    assert reading.method == "ocr"
    assert reading.attention_reason is not None
    assert reading.attention_reason.startswith("OCR could not read this scanned CV")
    assert reading.profile["positions"] == []


def _word_document(*paragraphs: str) -> bytes:
    document = docx.Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_document_that_is_not_a_cv_is_kept_for_a_person(reader: DocumentCvReader) -> None:
    letter = _word_document(
        "Dear Madam, dear Sir,",
        "Thank you for the pleasant meeting about the garden party next spring.",
        "We look forward to seeing everyone there with their families and friends.",
    )

    reading = reader.read(letter, reader.check_upload(letter, "letter.docx"), "letter.docx")

    assert reading.attention_reason is not None
    assert reading.attention_reason.startswith("This does not look like a CV: it has no e-mail")
    assert reading.method == "text"


def test_a_pdf_pdfminer_finds_malformed_is_read_by_pdfium_with_a_note(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = next(path for path in CVS if path.suffix == ".pdf")

    def malformed(*arguments: Any, **options: Any) -> None:
        raise UnreadableDocument(ReasonCode.CORRUPT, "damaged", detail="PSSyntaxError")

    monkeypatch.setattr(cv_files, "extract_text", malformed)

    reading = DocumentCvReader(sandboxed=False).read(path.read_bytes(), "pdf", path.name)

    assert reading.attention_reason is None
    assert reading.method == "text"
    assert reading.notes == (RECOVERED_NOTE,)
    assert reading.profile["contact"]["email"] == _truth(path)["contact"]["email"]


# --- the sample CVs -------------------------------------------------------------------------


@pytest.mark.parametrize("path", CVS, ids=[path.name for path in CVS])
def test_every_sample_cv_reads_from_its_text_with_its_email(
    reader: DocumentCvReader, path: Path
) -> None:
    reading = _upload_and_read(reader, path)

    assert reading.attention_reason is None
    assert reading.method == "text"
    assert reading.notes == ()
    assert reading.profile["contact"]["email"] == _truth(path)["contact"]["email"]


def test_one_reader_serves_several_threads_at_once(reader: DocumentCvReader) -> None:
    paths = CVS[:12]
    emails: dict[str, str | None] = {}

    def read_share(share: list[Path]) -> None:
        for path in share:
            emails[path.name] = _upload_and_read(reader, path).profile["contact"]["email"]

    threads = [threading.Thread(target=read_share, args=(paths[index::4],)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert emails == {path.name: _truth(path)["contact"]["email"] for path in paths}
