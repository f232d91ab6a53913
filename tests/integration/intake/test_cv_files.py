"""Reading real CV files: the labelled sample CVs, the hostile uploads, and crafted archives.

The sample set lives outside the repository (`shared/data` next to it, see its README);
every file there goes through the adapter, and the simple parser is measured against the
ground truth with modest floors. A summary of the figures is printed (`pytest -s`).
"""

import io
import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml

from services.intake.adapters.cv_files import (
    DocumentKind,
    ExtractedText,
    NoteCode,
    ReasonCode,
    UnreadableDocument,
    extract_text,
    read_cv,
    sniff,
)
from services.intake.domain.parsing import parse_profile
from services.intake.domain.profile import DEGREE_LEVEL_RANK, Profile

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CVS = sorted((SHARED_DATA / "cvs").glob("*")) if SHARED_DATA.exists() else []
BAD = SHARED_DATA / "bad"

pytestmark = pytest.mark.skipif(not CVS, reason=f"sample CVs not found in {SHARED_DATA}")


def _truth(path: Path) -> dict[str, Any]:
    folder = SHARED_DATA / "truth" if path.parent.name == "cvs" else BAD / "truth"
    return json.loads((folder / f"{path.stem}.json").read_text(encoding="utf-8"))


def _read(path: Path, **options: Any) -> ExtractedText:
    return read_cv(path.read_bytes(), path.name, **options)


# --- hostile uploads (shared/data/bad/README.md) ---------------------------------------


@pytest.mark.parametrize(
    ("name", "reason", "hint"),
    [
        ("empty-zero-bytes.pdf", ReasonCode.EMPTY_FILE, "empty"),
        ("password-protected.pdf", ReasonCode.ENCRYPTED, "without a password"),
        ("truncated-corrupt.pdf", ReasonCode.CORRUPT, "upload the new file"),
        ("junk-zip.docx", ReasonCode.CORRUPT, "not a valid Word document"),
        ("oversized-25mb.pdf", ReasonCode.TOO_LARGE, "limit is 10 MB"),
        ("scanned-image-only.pdf", ReasonCode.NO_TEXT_LAYER, "only images"),
    ],
)
def test_unreadable_uploads_get_their_specific_reason(name: str, reason: str, hint: str) -> None:
    with pytest.raises(UnreadableDocument) as refused:
        _read(BAD / name)

    assert refused.value.reason_code == reason
    assert hint in refused.value.message
    assert "Error" not in refused.value.message  # written for a person, not a traceback


def test_a_password_protected_pdf_opens_with_the_password_a_staff_member_enters() -> None:
    path = BAD / "password-protected.pdf"

    extracted = _read(path, password="shortlist-2022")

    assert _truth(path)["contact"]["email"] in extracted.text
    with pytest.raises(UnreadableDocument) as refused:
        _read(path, password="a wrong guess")
    assert refused.value.reason_code is ReasonCode.ENCRYPTED


def test_a_pdf_named_docx_is_read_as_pdf_with_a_note() -> None:
    path = BAD / "pdf-renamed.docx"

    extracted = _read(path)

    assert extracted.kind is DocumentKind.PDF
    assert [note.code for note in extracted.notes] == [NoteCode.TYPE_MISMATCH]
    assert not extracted.needs_attention
    assert _truth(path)["contact"]["email"] in extracted.text


def test_a_garbage_text_layer_is_flagged_for_ocr_not_refused() -> None:
    path = BAD / "garbage-text-layer.pdf"

    extracted = _read(path)

    assert extracted.needs_attention
    assert extracted.attention is not None
    assert extracted.attention.code is NoteCode.GARBAGE_TEXT
    assert _truth(path)["contact"]["email"] not in extracted.text


def test_the_oversized_cv_parses_quickly_when_the_limit_allows_it() -> None:
    path = BAD / "oversized-25mb.pdf"
    started = time.monotonic()

    extracted = _read(path, max_bytes=30_000_000)
    profile = parse_profile(extracted.text)

    assert time.monotonic() - started < 30
    assert profile.contact.email == _truth(path)["contact"]["email"]
    assert len(profile.positions) == len(_truth(path)["positions"])


# --- sniffing the content, not the name ------------------------------------------------


def _sample(suffix: str) -> Path:
    return next(path for path in CVS if path.suffix == suffix)


def test_a_docx_named_pdf_is_read_as_docx_with_a_note() -> None:
    path = _sample(".docx")

    extracted = read_cv(path.read_bytes(), "cv.pdf")

    assert extracted.kind is DocumentKind.DOCX
    assert [note.code for note in extracted.notes] == [NoteCode.TYPE_MISMATCH]


def test_a_file_without_extension_is_sniffed_from_its_bytes() -> None:
    assert sniff(_sample(".pdf").read_bytes(), "upload") is DocumentKind.PDF
    assert sniff(_sample(".docx").read_bytes(), "upload") is DocumentKind.DOCX


@pytest.mark.parametrize(
    ("data", "hint"),
    [
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "image"),
        (b"Jane Doe\nExperience: many years\n", "PDF or Word"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "PDF or Word"),
    ],
    ids=["png", "plain-text", "ole-container"],
)
def test_other_file_types_are_refused_as_unsupported(data: bytes, hint: str) -> None:
    with pytest.raises(UnreadableDocument) as refused:
        sniff(data, "cv.docx")

    assert refused.value.reason_code is ReasonCode.UNSUPPORTED_TYPE
    assert hint in refused.value.message


def test_the_size_limit_is_checked_before_parsing() -> None:
    with pytest.raises(UnreadableDocument) as refused:
        extract_text(b"%PDF-1.7" + bytes(2_000), DocumentKind.PDF, max_bytes=1_000)

    assert refused.value.reason_code is ReasonCode.TOO_LARGE
    assert "(2 KB; the limit is 1 KB)" in refused.value.message


# --- crafted archives --------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


_WORD_PARTS = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def test_a_zip_bomb_by_compression_ratio_is_refused_before_opening() -> None:
    bomb = _zip({**_WORD_PARTS, "word/media/filler.bin": bytes(5_000_000)})

    with pytest.raises(UnreadableDocument) as refused:
        sniff(bomb, "cv.docx")

    assert refused.value.reason_code is ReasonCode.ZIP_BOMB


def test_a_zip_bomb_by_entry_count_is_refused_before_opening() -> None:
    bomb = _zip({**_WORD_PARTS, **{f"word/part{index}.xml": b"" for index in range(1_500)}})

    with pytest.raises(UnreadableDocument) as refused:
        sniff(bomb, "cv.docx")

    assert refused.value.reason_code is ReasonCode.ZIP_BOMB


def test_a_zip_that_is_not_a_word_document_is_unsupported() -> None:
    archive = _zip({"photos/cv.jpg": b"not really a photo"})

    with pytest.raises(UnreadableDocument) as refused:
        sniff(archive, "documents.zip")

    assert refused.value.reason_code is ReasonCode.UNSUPPORTED_TYPE


_TEXT_BOX_RUN = """
<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
     xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"
     xmlns:v="urn:schemas-microsoft-com:vml">
  <mc:AlternateContent>
    <mc:Choice Requires="wps">
      <w:drawing><w:txbxContent><w:p><w:r><w:t>Boxed: Geneva, Switzerland</w:t></w:r></w:p>
      </w:txbxContent></w:drawing>
    </mc:Choice>
    <mc:Fallback>
      <w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r><w:t>Boxed: Geneva, Switzerland</w:t>
      </w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict>
    </mc:Fallback>
  </mc:AlternateContent>
</w:r>
"""


def _crafted_docx() -> bytes:
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Curriculum vitae of Lena Hoffmann"
    document.add_paragraph("Lena Hoffmann")
    document.add_paragraph("Experience")
    document.add_paragraph("Led field teams", style="List Bullet")
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "2015 - 2019"
    inner = outer.cell(0, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Nested: Programme Officer"
    anchor = document.add_paragraph("After the table")
    anchor._p.append(parse_xml(_TEXT_BOX_RUN))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_text_includes_headers_lists_nested_tables_and_text_boxes_once() -> None:
    text = read_cv(_crafted_docx(), "cv.docx").text
    lines = text.splitlines()

    assert lines[0] == "Curriculum vitae of Lena Hoffmann"
    assert "• Led field teams" in lines
    assert lines.index("2015 - 2019") < lines.index("Nested: Programme Officer")
    assert lines.index("After the table") < lines.index("Boxed: Geneva, Switzerland")
    assert text.count("Boxed: Geneva, Switzerland") == 1


# --- the labelled sample CVs -------------------------------------------------------------


@pytest.mark.parametrize("path", CVS, ids=[path.name for path in CVS])
def test_every_sample_cv_is_read_with_its_email_in_the_text(path: Path) -> None:
    extracted = _read(path)

    assert extracted.kind.value == path.suffix.lstrip(".")
    assert extracted.notes == () and not extracted.needs_attention
    assert _truth(path)["contact"]["email"].lower() in extracted.text.lower()


@pytest.fixture(scope="module")
def parsed_samples() -> list[tuple[dict[str, Any], Profile]]:
    return [(_truth(path), parse_profile(_read(path).text)) for path in CVS]


def _highest_level(levels: Iterator[str]) -> str | None:
    return max(levels, key=DEGREE_LEVEL_RANK.__getitem__, default=None)


def _share(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def test_the_simple_parser_on_the_sample_cvs(
    parsed_samples: list[tuple[dict[str, Any], Profile]],
) -> None:
    count = len(parsed_samples)
    emails = names = dated = degrees = english = 0
    positions_found = positions_total = 0
    for truth, profile in parsed_samples:
        emails += profile.contact.email == truth["contact"]["email"]
        names += (profile.contact.name or "").lower() == truth["contact"]["name"].lower()
        dated += any(position.start for position in profile.positions)
        truth_level = _highest_level(degree["level"] for degree in truth["education"])
        degrees += truth_level == _highest_level(degree.level for degree in profile.education)
        truth_english = [
            lang["level"] for lang in truth["languages"] if lang["language"] == "English"
        ]
        found_english = [lang.level for lang in profile.languages if lang.language == "English"]
        english += truth_english == found_english
        found_ranges = {(position.start, position.end) for position in profile.positions}
        positions_found += sum(
            (position["start"], position["end"]) in found_ranges for position in truth["positions"]
        )
        positions_total += len(truth["positions"])

    print(
        f"\nsample CVs: {count}; e-mail {emails}/{count}; name {names}/{count}; "
        f"with a dated position {dated}/{count}; highest degree level {degrees}/{count}; "
        f"English level {english}/{count}; truth positions whose dates were found "
        f"{positions_found}/{positions_total}"
    )
    assert emails == count
    assert _share(dated, count) >= 0.8
    assert _share(degrees, count) >= 0.7
    assert _share(names, count) >= 0.8
    assert _share(english, count) >= 0.7
    assert _share(positions_found, positions_total) >= 0.7
