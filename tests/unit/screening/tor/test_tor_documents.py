"""Reading uploaded ToR files: DOCX and PDF built here, plain text, and unreadable files."""

import io
import zipfile

import docx
import pytest
from docx.oxml import OxmlElement

from services.screening.adapters.tor_documents import (
    UnreadableTor,
    reflow_pdf_text,
    tor_text_from_file,
)
from services.screening.domain.tor import propose_from_tor


def docx_bytes() -> bytes:
    document = docx.Document()
    document.add_heading("TERMS OF REFERENCE", level=0)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Position:", "Legal Officer"
    table.cell(1, 0).text, table.cell(1, 1).text = "Duty Station:", "Geneva, Switzerland"
    document.add_heading("Qualifications", level=1)
    document.add_paragraph("Education:")
    document.add_paragraph("Master's degree in international law.", style="List Bullet")
    document.add_paragraph("Experience:")
    document.add_paragraph(
        "At least 5 years of experience in treaty law is required.", style="List Number"
    )
    document.add_paragraph("Languages:")
    document.add_paragraph(
        "Fluency in English; knowledge of French is an asset.", style="List Bullet"
    )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str]) -> bytes:
    """A one-page PDF showing `lines` in Helvetica, with a correct cross-reference table."""
    commands = ["BT", "/F1 11 Tf", "14 TL", "50 780 Td"]
    for line in lines:
        escaped = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        commands.append(f"({escaped}) Tj T*")
    commands.append("ET")
    stream = "\n".join(commands).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    output = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(output)
    output += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    output += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    output += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(output)


def test_docx_paragraphs_tables_and_lists_in_document_order():
    text = tor_text_from_file(docx_bytes(), "tor.docx")
    assert text.index("TERMS OF REFERENCE") < text.index("Position:\tLegal Officer")
    assert "- Master's degree in international law." in text
    assert "- At least 5 years of experience in treaty law is required." in text
    proposal = propose_from_tor(text)
    assert proposal.position == "Legal Officer"
    assert proposal.duty_station == "Geneva, Switzerland"
    assert [(c["kind"], c["mandatory"]) for c in proposal.proposed_criteria] == [
        ("education", True),
        ("experience", True),
        ("language", True),
        ("language", False),
    ]


def test_docx_content_controls_of_templates_are_read():
    document = docx.Document()
    document.add_paragraph("Languages:")
    paragraph = document.add_paragraph("Fluency in French is required.", style="List Bullet")
    control = OxmlElement("w:sdt")
    content = OxmlElement("w:sdtContent")
    control.append(content)
    paragraph._p.addprevious(control)
    content.append(paragraph._p)
    document.add_paragraph("This closing paragraph gives the document enough letters to read.")
    buffer = io.BytesIO()
    document.save(buffer)
    text = tor_text_from_file(buffer.getvalue(), "tor.docx")
    assert "Languages:\n\n- Fluency in French is required." in text


def test_pdf_text_is_read_and_wrapped_lines_joined():
    lines = [
        "Qualifications",
        "",
        "- A minimum of 10 years of professional experience in the field of international",
        "relations and cooperation.",
        "- Fluency in English is required; working knowledge of other UN official",
        "",
        "language is an asset.",
        "This line pads the page so that the text has enough letters to count as a document.",
    ]
    text = tor_text_from_file(pdf_bytes(lines), "tor.pdf")
    assert (
        "- A minimum of 10 years of professional experience in the field of international "
        "relations and cooperation." in text
    )
    criteria = propose_from_tor(text).proposed_criteria
    assert [c["rule"]["type"] for c in criteria] == [
        "experience_months",
        "language",
        "language_any",
    ]


def test_pdf_reflow_turns_glyph_bullets_into_dashes_and_drops_empty_bullets():
    raw = (
        "Education:\n\n(cid:127) A minimum of a master's degree in one of the following "
        "disciplines:\n\npolitical science, law.\n\n(cid:127)\n"
    )
    assert reflow_pdf_text(raw) == (
        "Education:\n\n- A minimum of a master's degree in one of the following disciplines: "
        "political science, law.\n"
    )


def test_pdf_reflow_keeps_list_lines_apart_but_joins_the_tail_of_a_title():
    raw = (
        "Position:\n\nDirector, Implementation Support Unit, Convention on Cluster\nMunitions\n\n"
        "Requirements\n\n"
        "Master's degree in international relations, law or political science\n"
        "At least 5 years of experience in humanitarian coordination in the field\n"
        "Fluency in English and French, both written and spoken, is required\n"
    )
    assert reflow_pdf_text(raw).splitlines() == [
        "Position:",
        "",
        "Director, Implementation Support Unit, Convention on Cluster Munitions",
        "",
        "Requirements",
        "",
        "Master's degree in international relations, law or political science",
        "At least 5 years of experience in humanitarian coordination in the field",
        "Fluency in English and French, both written and spoken, is required",
    ]


def test_plain_text_in_utf8_and_windows_1252():
    text = "Langues\n- Maîtrise du français exigée, et une bonne connaissance de l'anglais.\n"
    assert tor_text_from_file(text.encode("utf-8"), "tor.txt") == text
    assert tor_text_from_file(text.encode("cp1252"), "tor.txt") == text
    assert tor_text_from_file(text.replace("\n", "\r\n").encode("utf-8"), "tor.txt") == text


def test_the_type_comes_from_the_content_not_the_name():
    text = tor_text_from_file(docx_bytes(), "tor.pdf")
    assert "Position:\tLegal Officer" in text


def zip_bytes(names: list[str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in names:
            archive.writestr(name, "<xml/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "tor.pdf", "empty"),
        (b"   \n ", "tor.txt", "empty"),
        (bytes(range(256)) * 8, "tor.bin", "neither a PDF"),
        (zip_bytes(["readme.txt"]), "tor.zip", "zip archive, not a Word document"),
        (zip_bytes(["[Content_Types].xml", "word/document.xml"]), "tor.docx", "not a valid Word"),
        (b"PK\x03\x04 truncated", "tor.docx", "damaged archive"),
        (b"%PDF-1.4\n1 0 obj\n<< garbage", "tor.pdf", "damaged"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "tor.doc", "old Word"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png", "image"),
        (b"{\\rtf1\\ansi Terms of reference}", "tor.rtf", "Rich Text"),
        (pdf_bytes([]), "scan.pdf", "no readable text"),
        (b"Short.", "tor.txt", "no readable text"),
    ],
)
def test_unreadable_files_say_why(data, name, message):
    with pytest.raises(UnreadableTor) as raised:
        tor_text_from_file(data, name)
    assert message in raised.value.message
