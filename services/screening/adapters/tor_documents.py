"""Reading the text of an uploaded ToR (PDF, Word .docx or plain text) for the ToR reader.

This adapter owns the step from the bytes a secretariat uploads to the text that
`services.screening.domain.tor.propose_from_tor` reads. The type comes from the content
(`%PDF`, a zip holding `word/document.xml`, else text), never from the name alone. PDF text
comes from pdfminer.six, with bullet glyphs turned into "- " and lines that the page layout
wrapped joined back, so that quoted requirements read as the author wrote them. DOCX text
keeps paragraphs and tables in document order, list paragraphs prefixed "- " and table rows
as tab-separated cells ("Position:<TAB>Director"). Text files are read as UTF-8, else
Windows-1252. Anything that cannot give text raises `UnreadableTor` with a message for the
person who uploaded it. It shares no code with the intake service's CV reader on purpose: a
service never imports another, and a ToR needs less (no OCR, no page images).
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import PurePath
from typing import Any

import docx
from docx.document import Document as DocxDocument
from docx.table import Table
from docx.text.paragraph import Paragraph
from pdfminer.high_level import extract_text as pdfminer_extract_text
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

from services.screening.domain.tor.vocabulary import wraps_before_capital

MAX_BYTES = 20_000_000
MAX_ZIP_UNCOMPRESSED_BYTES = 100_000_000
_MIN_LETTERS = 40
_PDF_HEADER_WINDOW = 1024
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"II*\x00", b"MM\x00*", b"BM")
_MAX_CONTROL_SHARE = 0.02
_PDF_BULLET = re.compile(r"^[ \t]*(?:\(cid:\d+\)|[•▪◦●○■□➢►✓✔·\uf0b7\uf0a7\uf0d8\uf076])[ \t]*")
_STARTS_ITEM = re.compile(r"^(?:- |\(?\d{1,2}[.)]\s|\(?[a-h][.)]\s|\(?[ivx]{1,4}[.)]\s)")
_WRAPPED_SHARE_OF_WIDTH = 0.6
_W_NS = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UnreadableTor(Exception):
    """A ToR file from which no text can be read; `message` says why and what to do."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def tor_text_from_file(data: bytes, filename: str) -> str:
    """The text of a ToR file, or UnreadableTor."""
    name = PurePath(filename or "the file").name
    if not data or not data.strip():
        raise UnreadableTor(f"{name} is empty. Please upload the ToR again.")
    if len(data) > MAX_BYTES:
        raise UnreadableTor(
            f"{name} is larger than {MAX_BYTES // 1_000_000} MB; please upload a smaller file."
        )
    if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        text = _pdf_text(data, name)
    elif data.startswith(b"PK\x03\x04"):
        text = _docx_text(data, name)
    else:
        text = _plain_text(data, name)
    if sum(1 for char in text if char.isalpha()) < _MIN_LETTERS:
        raise UnreadableTor(
            f"{name} contains no readable text (perhaps a scan or only images). Please upload "
            "a PDF exported from a word processor, a Word .docx file or plain text."
        )
    return text


# --- PDF ----------------------------------------------------------------------------------


def _pdf_text(data: bytes, name: str) -> str:
    try:
        raw = pdfminer_extract_text(io.BytesIO(data), laparams=LAParams())
    except (PDFEncryptionError, PDFPasswordIncorrect) as error:
        raise UnreadableTor(
            f"{name} is password-protected. Please upload a version without a password."
        ) from error
    # pdfminer reports a malformed file with many exception types, from deep in its parser.
    except Exception as error:
        raise UnreadableTor(
            f"{name} is damaged or not a complete PDF. Please export it again and upload it."
        ) from error
    return reflow_pdf_text(raw)


def reflow_pdf_text(raw: str) -> str:
    """PDF text with bullets as "- " and the lines the layout wrapped joined back."""
    lines = [_PDF_BULLET.sub("- ", line.rstrip()) for line in raw.replace("\f", "\n\n").split("\n")]
    lines = [line for line in lines if line.strip() not in ("-", "- ")]
    width = _usual_width(lines)
    paragraphs: list[list[str]] = []  # [separator before it, its text]
    last_line = ""
    blank_before = False
    for line in lines:
        if not line.strip():
            blank_before = True
            continue
        line = line.strip()
        if paragraphs and _wraps_into(last_line, line, blank_before, width):
            joiner = "" if paragraphs[-1][1].endswith("-") and line[:1].islower() else " "
            paragraphs[-1][1] += joiner + line
        else:
            paragraphs.append(["\n\n" if blank_before else "\n", line])
        last_line = line
        blank_before = False
    text = "".join(separator + paragraph for separator, paragraph in paragraphs)
    return text.lstrip("\n") + "\n" if text else ""


def _usual_width(lines: list[str]) -> int:
    lengths = sorted(len(line.strip()) for line in lines if len(line.strip()) > 20)
    return lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 5 else 80


def _wraps_into(last_line: str, line: str, blank_before: bool, width: int) -> bool:
    """Whether `line` continues the paragraph whose last physical line is `last_line`."""
    if _STARTS_ITEM.match(line):
        return False
    if not last_line:
        return False
    long_line = len(last_line) >= width * _WRAPPED_SHARE_OF_WIDTH
    if last_line.endswith(":"):
        # "... in one of the following disciplines:" then "political/social sciences, ..."
        return line[:1].islower() and (long_line or last_line.startswith("- "))
    if line[:1].islower() or line[:1] in "(&,;" or last_line[-1] in ",;":
        return True
    if blank_before or last_line[-1] in ".!?":
        return False
    # A wrapped line filled most of the width; a short title ("Position:") never wraps.
    return long_line and wraps_before_capital(last_line, line)


# --- DOCX ---------------------------------------------------------------------------------


def _docx_text(data: bytes, name: str) -> str:
    _check_word_archive(data, name)
    try:
        document = docx.Document(io.BytesIO(data))
    # An untrusted package fails to open in many ways (missing part, bad XML, CRC error).
    except Exception as error:
        raise UnreadableTor(
            f"{name} is not a valid Word document. Please save it again as .docx or PDF."
        ) from error
    blocks = list(_docx_blocks(document))
    pieces: list[str] = []
    previous_was_list = False
    for text, is_list in blocks:
        if pieces:
            pieces.append("\n" if is_list and previous_was_list else "\n\n")
        pieces.append(text)
        previous_was_list = is_list
    return "".join(pieces) + "\n"


def _check_word_archive(data: bytes, name: str) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UnreadableTor(
            f"{name} is a damaged archive, not a readable Word document. Please save it again "
            "as .docx or PDF."
        ) from error
    if sum(entry.file_size for entry in entries) > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise UnreadableTor(f"{name} would expand to an unsafe size when opened; it was refused.")
    if "word/document.xml" not in {entry.filename for entry in entries}:
        raise UnreadableTor(
            f"{name} is a zip archive, not a Word document. Please upload the ToR itself as "
            "PDF, Word .docx or plain text."
        )


def _docx_blocks(document: DocxDocument) -> Iterator[tuple[str, bool]]:
    """(text, is a list paragraph) for each paragraph and table row, in document order."""
    yield from _container_blocks(document.element.body, document)


def _container_blocks(container: Any, document: DocxDocument) -> Iterator[tuple[str, bool]]:
    for child in container.iterchildren():
        if child.tag == f"{_W_NS}p":
            yield from _paragraph_block(Paragraph(child, document))
        elif child.tag == f"{_W_NS}tbl":
            yield from _table_blocks(Table(child, document))
        elif child.tag == f"{_W_NS}sdt":  # a content control of a template wraps its blocks
            content = child.find(f"{_W_NS}sdtContent")
            if content is not None:
                yield from _container_blocks(content, document)


def _paragraph_block(paragraph: Paragraph) -> Iterator[tuple[str, bool]]:
    text = paragraph.text.strip()
    if not text:
        return
    if _is_list_paragraph(paragraph):
        yield f"- {text}", True
    else:
        yield text, False


def _is_list_paragraph(paragraph: Paragraph) -> bool:
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return True
    style = paragraph.style.name if paragraph.style is not None else ""
    return "list" in (style or "").lower()


def _table_blocks(table: Table) -> Iterator[tuple[str, bool]]:
    """A row of one-line cells as "cell<TAB>cell"; other rows cell by cell."""
    for row in table.rows:
        seen: set[int] = set()
        cells: list[list[tuple[str, bool]]] = []
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is repeated for each column it spans
                continue
            seen.add(id(cell._tc))
            lines = [
                block for paragraph in cell.paragraphs for block in _paragraph_block(paragraph)
            ]
            lines.extend(block for inner in cell.tables for block in _table_blocks(inner))
            if lines:
                cells.append(lines)
        if all(len(lines) == 1 and not lines[0][1] for lines in cells):
            if cells:
                yield "\t".join(lines[0][0] for lines in cells), False
            continue
        for lines in cells:
            yield from lines


# --- plain text ---------------------------------------------------------------------------


def _plain_text(data: bytes, name: str) -> str:
    if data.startswith(_OLE_MAGIC):
        raise UnreadableTor(
            f"{name} is an old Word (.doc) file or a password-protected Office document, which "
            "cannot be read. Please save it as .docx (without a password) or PDF."
        )
    if data.startswith(_IMAGE_MAGIC):
        raise UnreadableTor(
            f"{name} is an image, not a document. Please upload the ToR as PDF, Word .docx or "
            "plain text."
        )
    if data.lstrip().startswith(b"{\\rtf"):
        raise UnreadableTor(f"{name} is a Rich Text (.rtf) file; please save it as .docx or PDF.")
    text = _decoded(data)
    if text is None or _looks_binary(text):
        raise UnreadableTor(
            f"{name} is neither a PDF, a Word .docx file nor plain text. Please upload the ToR "
            "in one of those formats."
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _decoded(data: bytes) -> str | None:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            return None
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _looks_binary(text: str) -> bool:
    control = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    return "\x00" in text or control > len(text) * _MAX_CONTROL_SHARE
