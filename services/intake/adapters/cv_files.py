"""Reading the text out of an uploaded CV file (PDF or Word .docx).

This adapter owns everything between the bytes a candidate uploads and plain text: deciding
what the file really is from its content (never from its name), refusing files that are
empty, too large, of an unsupported type, encrypted, corrupt, image-only or a zip bomb with
an `UnreadableDocument` whose `reason_code` is stable and whose `message` tells the
candidate what to do, and extracting the text page by page (pdfminer.six for PDF, the
document XML through python-docx for DOCX: paragraphs, tables including nested ones, text
boxes, headers and footers). Problems that do not stop reading are returned with the text:
informative `notes` (a PDF named .docx) and an `attention` flag when the text layer is
unusable, so that the caller routes the file to OCR or a person instead of building a
profile from garbage.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import PurePath

import docx
import filetype
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE
from lxml import etree
from pdfminer.high_level import extract_text as pdfminer_extract_text
from pdfminer.layout import LAParams
from pdfminer.pdfdocument import PDFEncryptionError

DEFAULT_MAX_BYTES = 10_000_000
DEFAULT_MAX_PAGES = 30
MAX_ZIP_ENTRIES = 1_000
MAX_ZIP_UNCOMPRESSED_BYTES = 100_000_000
MAX_ZIP_COMPRESSION_RATIO = 100
# Below this size a high compression ratio is harmless (XML parts compress very well).
_RATIO_CHECK_MIN_BYTES = 1_000_000
_PDF_HEADER_WINDOW = 1024
# Fewer letters than this in the whole document means there is no usable text layer.
_MIN_LETTERS_FOR_TEXT = 40


class DocumentKind(StrEnum):
    """The file formats a CV can be read from."""

    PDF = "pdf"
    DOCX = "docx"


class ReasonCode(StrEnum):
    """Why a file cannot be read; stable codes recorded with the upload."""

    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    UNSUPPORTED_TYPE = "unsupported_type"
    ENCRYPTED = "encrypted"
    CORRUPT = "corrupt"
    NO_TEXT_LAYER = "no_text_layer"
    ZIP_BOMB = "zip_bomb"


class NoteCode(StrEnum):
    """Problems that do not stop reading but are recorded with the text."""

    TYPE_MISMATCH = "type_mismatch"
    PAGES_TRUNCATED = "pages_truncated"
    GARBAGE_TEXT = "garbage_text"


class UnreadableDocument(Exception):
    """A file that cannot be read; `message` is written for the candidate."""

    def __init__(self, reason_code: ReasonCode, message: str, detail: str | None = None) -> None:
        super().__init__(message)
        self.reason_code = reason_code
        self.message = message
        # Technical cause for logs and staff, never shown to the candidate.
        self.detail = detail


@dataclass(frozen=True)
class Note:
    """A recorded remark about a file that was read."""

    code: NoteCode
    message: str


@dataclass(frozen=True)
class ExtractedText:
    """The text of a CV file, page by page (a DOCX has one page)."""

    kind: DocumentKind
    pages: tuple[str, ...]
    notes: tuple[Note, ...] = ()
    # Set when the text exists but is unusable: do not build a profile from it.
    attention: Note | None = None

    @property
    def text(self) -> str:
        return "\n\n".join(self.pages)

    @property
    def needs_attention(self) -> bool:
        return self.attention is not None


# --- entry points ------------------------------------------------------------------------


def read_cv(
    data: bytes,
    filename: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    password: str = "",
) -> ExtractedText:
    """Sniff and extract an upload; a content/name mismatch is kept as a note.

    A PDF named .docx (or the reverse) is read as what it is, because refusing it would
    punish the candidate for a naming slip that changes nothing about the content.
    """
    kind = sniff(data, filename, max_bytes=max_bytes)
    extracted = extract_text(
        data, kind, max_bytes=max_bytes, max_pages=max_pages, password=password
    )
    mismatch = type_mismatch_note(kind, filename)
    if mismatch is None:
        return extracted
    return ExtractedText(
        kind=extracted.kind,
        pages=extracted.pages,
        notes=(mismatch, *extracted.notes),
        attention=extracted.attention,
    )


def sniff(data: bytes, filename: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> DocumentKind:
    """Decide from the bytes whether a file is a PDF or a DOCX, or raise UnreadableDocument."""
    _check_size(data, max_bytes)
    guessed = filetype.guess(data)
    extension = guessed.extension if guessed is not None else None
    # A PDF may carry a few bytes before its header, which readers accept.
    if extension == "pdf" or b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        return DocumentKind.PDF
    if extension in ("docx", "zip"):
        _check_docx_archive(data, filename)
        return DocumentKind.DOCX
    raise UnreadableDocument(
        ReasonCode.UNSUPPORTED_TYPE,
        _unsupported_type_message(extension),
        detail=f"sniffed type: {extension or 'unknown'}",
    )


def extract_text(
    data: bytes,
    kind: DocumentKind,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pages: int = DEFAULT_MAX_PAGES,
    password: str = "",
) -> ExtractedText:
    """Extract the text of a sniffed file, or raise UnreadableDocument.

    `password` opens an encrypted PDF when a staff member has it from the candidate.
    """
    _check_size(data, max_bytes)
    if kind is DocumentKind.PDF:
        return _extract_pdf(data, max_pages, password)
    _check_docx_archive(data, filename="")
    return _extract_docx(data)


def declared_kind(filename: str) -> DocumentKind | None:
    """The kind a file name claims, from its extension; None if it claims neither."""
    suffix = PurePath(filename).suffix.lower()
    return {".pdf": DocumentKind.PDF, ".docx": DocumentKind.DOCX}.get(suffix)


# --- checks before parsing ----------------------------------------------------------------


def _check_size(data: bytes, max_bytes: int) -> None:
    if len(data) <= max_bytes and not data.strip():
        raise UnreadableDocument(
            ReasonCode.EMPTY_FILE,
            "The file is empty. Please upload your CV again.",
            detail=f"{len(data)} bytes",
        )
    if len(data) > max_bytes:
        raise UnreadableDocument(
            ReasonCode.TOO_LARGE,
            f"The file is too large ({_human_size(len(data))}; the limit is "
            f"{_human_size(max_bytes)}). Please upload a smaller version, for example "
            "without photos or scanned pages.",
            detail=f"{len(data)} bytes > {max_bytes}",
        )


def _human_size(size: int) -> str:
    if size < 1_000_000:
        return f"{max(size // 1_000, 1)} KB"
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"


def _unsupported_type_message(extension: str | None) -> str:
    if extension == "doc":
        return (
            "This is an old Word (.doc) file, which we cannot read. Please save it as .docx "
            "or PDF and upload it again."
        )
    if extension in ("jpg", "png", "gif", "tif", "bmp", "webp", "heic"):
        return (
            "This is an image, not a document. Please upload your CV as a PDF or Word (.docx) file."
        )
    return "We can read CVs in PDF or Word (.docx) format only. Please upload one of those."


def _check_docx_archive(data: bytes, filename: str) -> None:
    """Refuse zips that are not Word documents or would expand to an unsafe size.

    Only the central directory is read here; declared sizes bound what zipfile will ever
    inflate (it stops at the declared size), so checking them is enough before python-docx
    opens the parts.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise _not_a_word_document(repr(error)) from error
    _check_zip_bomb(entries)
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" in names and "word/document.xml" in names:
        return
    claims_word = declared_kind(filename) is DocumentKind.DOCX or any(
        name.startswith("word/") for name in names
    )
    if claims_word:
        raise _not_a_word_document("zip without [Content_Types].xml or word/document.xml")
    raise UnreadableDocument(
        ReasonCode.UNSUPPORTED_TYPE,
        _unsupported_type_message("zip"),
        detail="zip archive that is not a Word document",
    )


def _check_zip_bomb(entries: list[zipfile.ZipInfo]) -> None:
    if len(entries) > MAX_ZIP_ENTRIES:
        raise _zip_bomb(f"{len(entries)} entries")
    total = sum(entry.file_size for entry in entries)
    if total > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise _zip_bomb(f"{total} bytes declared uncompressed")
    for entry in entries:
        ratio = entry.file_size / max(entry.compress_size, 1)
        if entry.file_size > _RATIO_CHECK_MIN_BYTES and ratio > MAX_ZIP_COMPRESSION_RATIO:
            raise _zip_bomb(f"{entry.filename} compressed {ratio:.0f}:1")


def _zip_bomb(detail: str) -> UnreadableDocument:
    return UnreadableDocument(
        ReasonCode.ZIP_BOMB,
        "This Word file would expand to an unsafe size when opened, so it was refused. "
        "Please save your CV again as .docx or PDF and upload it again.",
        detail=detail,
    )


def _not_a_word_document(detail: str) -> UnreadableDocument:
    return UnreadableDocument(
        ReasonCode.CORRUPT,
        "This file is not a valid Word document. Please open it in your word processor, "
        "save it as .docx or PDF, and upload it again.",
        detail=detail,
    )


def type_mismatch_note(kind: DocumentKind, filename: str) -> Note | None:
    """A note when the file's name claims another type than its content, else None."""
    claimed = declared_kind(filename)
    if claimed is None or claimed is kind:
        return None
    return Note(
        NoteCode.TYPE_MISMATCH,
        f'This {kind.value.upper()} was named "{PurePath(filename).name}"; '
        f"it was read as a {kind.value.upper()}.",
    )


# --- PDF ------------------------------------------------------------------------------------

_CID_GLYPH = re.compile(r"\(cid:\d+\)")
_LEADING_CID_BULLET = re.compile(r"^[ \t]*\(cid:\d+\)[ \t]*", re.MULTILINE)
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]{2,}")
# Short words of the languages CVs are written in; real prose always contains some of them,
# text from a font without a usable character map contains almost none.
_COMMON_WORDS = frozenset(
    " ".join(
        (
            "the and of in to for with on at by from as an a is or",
            "de la le les et des du en au aux pour dans sur par un une",
            "el los las del y con por para una",
            "der die das und mit von für im zu",
            "da do dos em com uma",
        )
    ).split()
)
_MIN_COMMON_WORD_SHARE = 0.03
_MIN_WORDS_FOR_SHARE_TEST = 40
_MIN_LETTER_SHARE = 0.5


def _extract_pdf(data: bytes, max_pages: int, password: str) -> ExtractedText:
    pages = _pdf_pages(data, max_pages + 1, password)
    notes: tuple[Note, ...] = ()
    if len(pages) > max_pages:
        pages = pages[:max_pages]
        notes = (
            Note(
                NoteCode.PAGES_TRUNCATED,
                f"Only the first {max_pages} pages were read.",
            ),
        )
    whole = "\n".join(pages)
    if not _has_text(whole):
        raise UnreadableDocument(
            ReasonCode.NO_TEXT_LAYER,
            "This PDF contains only images (for example a scan), so its text cannot be read. "
            "Please upload a PDF exported from your word processor, or a Word document.",
            detail=f"{len(pages)} pages without text",
        )
    garbage = _garbage_text_reason(whole)
    if garbage is not None:
        attention = Note(
            NoteCode.GARBAGE_TEXT,
            f"The text layer of this PDF cannot be decoded ({garbage}); it needs OCR or a "
            "person to read it.",
        )
        return ExtractedText(DocumentKind.PDF, tuple(pages), notes, attention)
    return ExtractedText(DocumentKind.PDF, tuple(_tidy_pdf_page(page) for page in pages), notes)


def _pdf_pages(data: bytes, max_pages: int, password: str) -> list[str]:
    try:
        text = pdfminer_extract_text(
            io.BytesIO(data), password=password, maxpages=max_pages, laparams=LAParams()
        )
    except PDFEncryptionError as error:
        raise UnreadableDocument(
            ReasonCode.ENCRYPTED,
            "This PDF is password-protected. Please upload a version without a password.",
            detail=repr(error),
        ) from error
    # pdfminer signals malformed input with many exception types, including plain
    # ValueError/KeyError/TypeError from deep inside its parser, so every one means "corrupt".
    except Exception as error:
        raise UnreadableDocument(
            ReasonCode.CORRUPT,
            "This PDF is damaged or incomplete and cannot be opened. Please export it again "
            "and upload the new file.",
            detail=repr(error),
        ) from error
    # pdfminer ends every page with a form feed.
    pages = text.split("\f")
    return pages[:-1] if len(pages) > 1 else pages


def unusable_text_reason(text: str) -> str | None:
    """Why a text cannot stand for a CV's content (next to none, undecodable), or None."""
    if not _has_text(text):
        return "it contains almost no text"
    return _garbage_text_reason(text)


def _has_text(text: str) -> bool:
    """Letters, or at least glyph codes (an unmapped font still means a text layer)."""
    letters = sum(1 for _ in _LETTER.finditer(text))
    return letters >= _MIN_LETTERS_FOR_TEXT or _CID_GLYPH.search(text) is not None


def _garbage_text_reason(text: str) -> str | None:
    """Why a text layer is unusable (undecodable glyphs, no words), or None if it reads."""
    glyph_codes = len(_CID_GLYPH.findall(text))
    readable = _CID_GLYPH.sub(" ", text)
    words = _WORD.findall(readable)
    if glyph_codes > max(_MIN_WORDS_FOR_SHARE_TEST, len(words)):
        return "most characters are unmapped glyph codes"
    visible = sum(1 for char in readable if not char.isspace())
    letters = sum(1 for char in readable if char.isalpha())
    if visible and letters / visible < _MIN_LETTER_SHARE:
        return "most characters are not letters"
    if len(words) >= _MIN_WORDS_FOR_SHARE_TEST:
        common = sum(1 for word in words if word.lower() in _COMMON_WORDS)
        if common / len(words) < _MIN_COMMON_WORD_SHARE:
            return "it contains almost no dictionary words"
    return None


def _tidy_pdf_page(page: str) -> str:
    """Turn bullet glyphs that have no character mapping, "(cid:127)", into "•"."""
    return _LEADING_CID_BULLET.sub("• ", page)


# --- DOCX -----------------------------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P = f"{_W}p"
_TBL = f"{_W}tbl"
_TR = f"{_W}tr"
_SDT = f"{_W}sdt"
_SDT_CONTENT = f"{_W}sdtContent"
_T = f"{_W}t"
_TAB = f"{_W}tab"
_BR = f"{_W}br"
_CR = f"{_W}cr"
_NO_BREAK_HYPHEN = f"{_W}noBreakHyphen"
_TEXT_BOX = f"{_W}txbxContent"
_PPR, _NUMPR, _PSTYLE, _VAL = f"{_W}pPr", f"{_W}numPr", f"{_W}pStyle", f"{_W}val"
_TCPR, _VMERGE = f"{_W}tcPr", f"{_W}vMerge"
_ROW_CELLS = etree.XPath("./w:tc | ./w:sdt/w:sdtContent/w:tc", namespaces={"w": _W[1:-1]})
# Inline subtrees whose text is not part of the paragraph's own line.
_SKIPPED_INLINE = frozenset({_TEXT_BOX, _MC_FALLBACK, _PPR, f"{_W}rPr", f"{_W}del"})
_LIST_BULLET = "• "


def _extract_docx(data: bytes) -> ExtractedText:
    try:
        document = docx.Document(io.BytesIO(data))
    # Opening an untrusted package fails in many ways (PackageNotFoundError, BadZipFile, a
    # CRC mismatch, XMLSyntaxError, KeyError for a missing part...): all mean "not valid".
    # Only the opening is guarded, so a bug in the walk below still surfaces as a bug.
    except Exception as error:
        raise _not_a_word_document(repr(error)) from error
    lines = list(_docx_lines(document))
    text = _collapse_blank_lines("\n".join(lines))
    if len(_LETTER.findall(text)) < _MIN_LETTERS_FOR_TEXT:
        raise UnreadableDocument(
            ReasonCode.NO_TEXT_LAYER,
            "This Word document contains no readable text (perhaps only images). Please "
            "upload a version with the text typed in, as .docx or PDF.",
            detail="document without text",
        )
    return ExtractedText(DocumentKind.DOCX, (text,))


def _docx_lines(document: DocxDocument) -> Iterator[str]:
    """Headers, body, then footers, each in reading order."""
    yield from _story_lines(document, RELATIONSHIP_TYPE.HEADER)
    yield from _block_lines(document.element.body)
    yield from _story_lines(document, RELATIONSHIP_TYPE.FOOTER)


def _story_lines(document: DocxDocument, reltype: str) -> Iterator[str]:
    """Lines of every distinct header (or footer) part of the document."""
    seen: set[str] = set()
    for rel in document.part.rels.values():
        if rel.is_external or rel.reltype != reltype:
            continue
        part = rel.target_part
        if str(part.partname) in seen:
            continue
        seen.add(str(part.partname))
        yield from _block_lines(part.element)


def _block_lines(container: etree._Element) -> Iterator[str]:
    """Lines of a body, cell, header or text box: paragraphs and tables in order."""
    for child in container:
        if child.tag == _P:
            yield from _paragraph_lines(child)
        elif child.tag == _TBL:
            yield from _table_lines(child)
        elif child.tag == _SDT:
            content = child.find(_SDT_CONTENT)
            if content is not None:
                yield from _block_lines(content)


def _paragraph_lines(paragraph: etree._Element) -> Iterator[str]:
    text = _inline_text(paragraph).strip()
    if text and _is_list_paragraph(paragraph):
        text = _LIST_BULLET + text
    yield text
    for text_box in _text_boxes(paragraph):
        yield from _block_lines(text_box)


def _table_lines(table: etree._Element) -> Iterator[str]:
    """Cell by cell, row by row; a blank line after each cell keeps cells apart."""
    for row in table.iterchildren(_TR):
        for cell in _ROW_CELLS(row):
            if _continues_vertical_merge(cell):
                continue
            yield from _block_lines(cell)
            yield ""


def _continues_vertical_merge(cell: etree._Element) -> bool:
    properties = cell.find(_TCPR)
    merge = properties.find(_VMERGE) if properties is not None else None
    return merge is not None and merge.get(_VAL) in (None, "continue")


def _inline_text(element: etree._Element) -> str:
    """The visible text of a paragraph: runs, hyperlinks, insertions; not deletions."""
    parts: list[str] = []
    for child in element:
        tag = child.tag
        if tag in _SKIPPED_INLINE:
            continue
        if tag == _T:
            parts.append(child.text or "")
        elif tag == _TAB:
            parts.append("\t")
        elif tag in (_BR, _CR):
            parts.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            parts.append("-")
        elif isinstance(tag, str):
            parts.append(_inline_text(child))
    return "".join(parts)


def _is_list_paragraph(paragraph: etree._Element) -> bool:
    properties = paragraph.find(_PPR)
    if properties is None:
        return False
    if properties.find(_NUMPR) is not None:
        return True
    style = properties.find(_PSTYLE)
    return style is not None and "list" in (style.get(_VAL) or "").lower()


def _text_boxes(paragraph: etree._Element) -> Iterator[etree._Element]:
    """Outermost text boxes anchored in a paragraph, skipping legacy fallback copies."""
    for text_box in paragraph.iter(_TEXT_BOX):
        if _directly_in(paragraph, text_box):
            yield text_box


def _directly_in(paragraph: etree._Element, text_box: etree._Element) -> bool:
    """Not inside a fallback copy or another text box between it and the paragraph."""
    for ancestor in text_box.iterancestors():
        if ancestor is paragraph:
            return True
        if ancestor.tag in (_MC_FALLBACK, _TEXT_BOX):
            return False
    return True


def _collapse_blank_lines(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip()
