"""A rule-based reader that turns the text of a CV, page by page, into a `Profile`.

This module puts the rules of `services.intake.domain.reading` together: it cleans the
pages into lines that remember their place, splits them into sections by their headings,
reads the contact details from the top, the positions from the experience sections, the
degrees from the education sections and the languages from the languages sections, and
turns the offsets each rule found into the `Span` of the page every fact came from. It reads
text only (no files, no framework, no clock) and is deliberately general: nothing here
knows a particular file, person, employer or vacancy. `PARSER_VERSION` is recorded with
every parsed profile so that profiles can be re-parsed when rules improve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from services.intake.domain.profile import Contact, Profile, Section, Span
from services.intake.domain.reading.contact import ContactReading, Found, read_contact
from services.intake.domain.reading.dates import find_date_range, wraps_a_date
from services.intake.domain.reading.education import read_education
from services.intake.domain.reading.languages import inline_languages, read_languages
from services.intake.domain.reading.positions import read_positions
from services.intake.domain.reading.sections import TOP, Block, lines_of, split_sections
from services.intake.domain.reading.text import Document, Line, Located

PARSER_VERSION = "0.2"

# Sections whose lines are never read for positions, even when they hold dates.
_NOT_EXPERIENCE = frozenset({"education", "languages"})


def parse_profile(pages: Sequence[str] | str) -> Profile:
    """Read contact, education, positions, languages and sections from a CV's pages.

    `pages` is the text of each page as the extractor gives it; a plain string is one page.
    Every fact's `source` is a span of one page: `pages[page - 1][start:end]`.
    """
    document = Document((pages,) if isinstance(pages, str) else tuple(pages))
    lines = _join_wrapped_dates(document.lines())
    blocks = split_sections(lines)
    language_lines = lines_of(blocks, "languages")
    languages = read_languages(language_lines) if language_lines else inline_languages(lines)
    return Profile(
        contact=_contact(read_contact(blocks, document.text), document),
        education=tuple(
            replace(degree, source=document.span(*where))
            for degree, where in read_education(lines_of(blocks, "education"))
        ),
        positions=tuple(
            replace(position, source=document.span(*where))
            for position, where in read_positions(_experience_lines(blocks))
        ),
        languages=tuple(
            replace(language, source=document.span(*where)) for language, where in languages
        ),
        sections=tuple(_section(block, document) for block in blocks if block.kind != TOP),
    )


def _join_wrapped_dates(lines: list[Line]) -> list[Line]:
    """Re-join a date range wrapped over two lines ("July 2011 to August" + "2016")."""
    joined: list[Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        following = lines[index + 1] if index + 1 < len(lines) else None
        if (
            following is not None
            and not line.bullet
            and not following.bullet
            and wraps_a_date(line.text, following.text)
        ):
            content = Located.joined([line.content, following.content], " ")
            joined.append(Line(content, line.bullet))
            index += 2
            continue
        joined.append(line)
        index += 1
    return joined


def _experience_lines(blocks: Sequence[Block]) -> list[Line]:
    """The experience sections, plus other sections after them that hold date ranges.

    Two-column PDFs interleave the columns, so positions can continue after a sidebar
    heading such as "Key Skills". Without any experience heading, the untitled start of
    the CV is read for positions too.
    """
    has_heading = any(block.kind == "experience" for block in blocks)
    lines: list[Line] = []
    seen_experience = not has_heading
    for block in blocks:
        seen_experience = seen_experience or block.kind == "experience"
        if block.kind == "experience" or (block.kind == TOP and not has_heading):
            lines.extend(block.lines)
        elif block.kind not in _NOT_EXPERIENCE and block.kind != TOP and seen_experience:
            lines.extend(_from_first_position(block.lines))
        else:
            continue
        lines.append(Line.empty())
    return lines


def _from_first_position(lines: Sequence[Line]) -> Sequence[Line]:
    """From the block holding the first date line on (sidebar text, skills dropped)."""
    first = next(
        (
            index
            for index, line in enumerate(lines)
            if not line.bullet and find_date_range(line.text) is not None
        ),
        None,
    )
    if first is None:
        return ()
    start = first
    while start > 0 and not lines[start - 1].blank:
        start -= 1
    return lines[start:]


def _contact(reading: ContactReading, document: Document) -> Contact:
    found: dict[str, Found | None] = {
        "name": reading.name,
        "email": reading.email,
        "phone": reading.phone,
        "city": reading.city,
        "country": reading.country,
    }
    return Contact(
        name=_value(reading.name),
        email=_value(reading.email),
        phone=_value(reading.phone),
        city=_value(reading.city),
        country=_value(reading.country),
        phone_normalised=reading.phone_normalised,
        sources={name: document.span(*item.at) for name, item in found.items() if item},
    )


def _value(found: Found | None) -> str | None:
    return None if found is None else found.value


def _section(block: Block, document: Document) -> Section:
    """The section with its span: from its heading to its last line on the heading's page."""
    heading = block.heading_at.where()
    ends = [where[1] for line in block.lines if (where := line.content.where()) is not None]
    if heading is None:
        return Section(block.kind, block.heading)
    end = max([heading[1], *ends])
    span: Span = document.span(heading[0], end)
    return Section(block.kind, block.heading, span)
