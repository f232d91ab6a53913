"""The candidate's contact details, each with the passage it was read from.

This module owns the name (the first line near the top shaped like a person's name, or the
value of a "Name:" label; a large-type name wrapped over two lines is joined), the e-mail
(the first address in the CV), the home city and country (a "City, Country" fragment of
the contact block, the line holding the e-mail first) and puts the phone of `phones`
beside them, with the country's region as phonenumbers' hint.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from services.intake.domain.reading.dates import find_date_range
from services.intake.domain.reading.languages import is_language_name, is_level_word
from services.intake.domain.reading.phones import find_phone
from services.intake.domain.reading.places import region_of
from services.intake.domain.reading.sections import COLUMN_LABELS, Block, is_heading
from services.intake.domain.reading.text import Line, Where, fold, words

# Bounded parts and a start-of-token look-behind keep the search linear on hostile text.
_EMAIL = re.compile(
    r"(?<![\w.%+\-])[\w.%+\-]{1,64}@[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63}){0,8}"
    r"\.[A-Za-z]{2,24}(?![A-Za-z])"
)
_CONTACT_SEPARATORS = re.compile(r"\s+[|·•/\u2013\u2014]\s+|\s*\|\s*")
_NAME_LABEL = re.compile(
    r"^(?:name|full name|nom|nom complet|nom et prénom|name und vorname|nombre|nome)\s*:\s*",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(r"^[^\W\d_](?:[^\W\d_]|['\u2019.\-])*$")
_NAME_PARTICLES = words(
    "de da das do dos du van von der den del della di le la bin binti bint al el ibn ben"
)
_NOT_NAME_WORDS = words(
    "officer manager adviser advisor director specialist consultant professional practitioner",
    "expert coordinator head chief analyst assistant researcher secretary representative",
    "ambassador counsellor attaché attache lecturer professor engineer fellow intern",
    "associate delegate diplomat curriculum vitae resume cv lebenslauf",
)
_LOCATION_LABEL = re.compile(
    r"^(?:address|adresse|location|residence|lieu|domicile|city|ville)\s*:?\s*", re.I
)
# The name and address are near the top; deeper lines are the CV's content.
_CONTACT_WINDOW = 25


@dataclass(frozen=True)
class Found:
    """A contact value as written and its document offsets."""

    value: str
    at: Where


@dataclass(frozen=True)
class ContactReading:
    name: Found | None
    email: Found | None
    phone: Found | None
    phone_normalised: str | None
    city: Found | None
    country: Found | None


def read_contact(blocks: Sequence[Block], text: str) -> ContactReading:
    """The contact details of a CV from its blocks and its whole document `text`."""
    head = contact_lines(blocks)
    email = _find_email(text)
    city, country = _find_home_location(head, email.value if email else None)
    phone = find_phone(text, head, region_of(country.value if country else None))
    return ContactReading(
        name=_find_name(head),
        email=email,
        phone=Found(phone.as_written, phone.at) if phone else None,
        phone_normalised=phone.normalised if phone else None,
        city=city,
        country=country,
    )


def contact_lines(blocks: Sequence[Block]) -> list[Line]:
    """The first non-blank lines of the CV, headings left out."""
    lines = [line for block in blocks for line in block.lines if not line.blank]
    return lines[:_CONTACT_WINDOW]


def _find_email(text: str) -> Found | None:
    found = _EMAIL.search(text)
    if found is None:
        return None
    value = found.group(0).rstrip(".")
    return Found(value, (found.start(), found.start() + len(value)))


def _find_name(head: Sequence[Line]) -> Found | None:
    for index, line in enumerate(head):
        label = _NAME_LABEL.match(line.text)
        start = label.end() if label else 0
        candidate = line.text[start:].strip()
        if looks_like_name(candidate):
            return _found_in(line, candidate, start)
        # A large-type name may wrap: "Cornelius" / "Olawale".
        following = head[index + 1] if index + 1 < len(head) else None
        if following is not None and len(candidate.split()) == 1:
            joined = f"{candidate} {following.text}"
            if looks_like_name(joined):
                first = _found_in(line, candidate, start)
                last = _found_in(following, following.text, 0)
                if first is not None and last is not None:
                    return Found(joined, (first.at[0], last.at[1]))
    return None


def looks_like_name(text: str) -> bool:
    parts = text.split()
    if not 2 <= len(parts) <= 5 or any(not _NAME_WORD.match(part) for part in parts):
        return False
    if is_heading(text) or fold(text) in COLUMN_LABELS or find_date_range(text):
        return False
    if any(fold(part) in _NOT_NAME_WORDS or is_level_word(part) for part in parts):
        return False
    if is_language_name(text):
        return False
    capitalised = [part for part in parts if fold(part) not in _NAME_PARTICLES]
    return len(capitalised) >= 2 and all(part[0].isupper() for part in capitalised)


def _find_home_location(
    head: Sequence[Line], email: str | None
) -> tuple[Found | None, Found | None]:
    # Lines holding the e-mail come first: "Geneva, Switzerland | +41 ... | name@example.org".
    ordered = sorted(head, key=lambda line: 0 if email and email in line.text else 1)
    for line in ordered:
        label = _LOCATION_LABEL.match(line.text)
        position = label.end() if label else 0
        for part in _CONTACT_SEPARATORS.split(line.text[position:]):
            position = line.text.find(part, position)
            location = city_country(part.strip())
            if location is not None:
                city, country = location
                return (
                    _found_in(line, city, position),
                    _found_in(line, country, position + part.find(city) + len(city)),
                )
            position += len(part)
    return None, None


def _found_in(line: Line, value: str, after: int) -> Found | None:
    """`value` where it stands in `line` at or after `after`, with its document offsets."""
    start = line.text.find(value, after)
    if start < 0:
        start = line.text.find(value)
    where = line.content.where(start, start + len(value)) if start >= 0 else None
    return Found(value, where) if where else None


def city_country(text: str) -> tuple[str, str] | None:
    """("Geneva", "Switzerland") from "Geneva, Switzerland"; None if not shaped like that."""
    if "@" in text or find_date_range(text) is not None:
        return None
    chunks = [chunk.strip() for chunk in text.split(",")]
    if not 2 <= len(chunks) <= 4 or any(not chunk for chunk in chunks):
        return None
    if any(len(chunk.split()) > 4 for chunk in chunks):
        return None
    country = chunks[-1]
    if re.search(r"\d", country) or not country[0].isupper():
        return None
    city = merge_region_code(chunks)[-2]
    city = re.sub(r"^\d[\d\s-]*\s+|\s+\d[\d\s-]*$", "", city)
    if not city or not city[0].isupper() or is_level_word(country):
        return None
    return city, country


def merge_region_code(chunks: list[str]) -> list[str]:
    """Keep a state code with its city: [..., "Washington", "DC", "United States"] ->
    [..., "Washington, DC", "United States"]."""
    if len(chunks) >= 3 and re.fullmatch(r"[A-Z]{2,3}", chunks[-2]):
        return [*chunks[:-3], f"{chunks[-3]}, {chunks[-2]}", chunks[-1]]
    return chunks
