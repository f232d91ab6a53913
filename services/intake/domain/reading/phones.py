"""The candidate's phone number: found with phonenumbers, kept as written, normalised.

This module owns which number of a CV is the candidate's. phonenumbers' matcher finds
numbers in international form anywhere, and in national form with the region of the
country the CV gives; because a CV may print a number that no numbering plan allows (or
that phonenumbers does not know yet), patterns for "+41 …", "Tel: …" and a bare number in
the contact block back it up. The international number that comes first wins, then a
labelled one, then one in national form or a bare one near the top. The number keeps its
written form (that is what a person compares), and gets its E.164 form when phonenumbers
can read it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import phonenumbers
from phonenumbers import Leniency, PhoneNumberFormat, PhoneNumberMatcher

from services.intake.domain.reading.dates import find_date_range
from services.intake.domain.reading.text import Line, Where

_INTERNATIONAL = re.compile(r"(?<![\w+])(?:\+|00)\d[\d ().\-/]{6,}\d")
_LABELLED = re.compile(
    r"(?:tel|tél|phone|telephone|téléphone|mobile|mob|cell|portable|handy|teléfono|móvil|"
    r"telefone|celular|telefono|cellulare)\.?\s*[:.]?\s*(?P<number>\(?\+?\d[\d ().\-/]{6,}\d)",
    re.IGNORECASE,
)
_BARE = re.compile(r"\(?\+?\d[\d ().\-/]{6,}\d")
_CONTACT_SEPARATORS = re.compile(r"\s+[|·•/\u2013\u2014]\s+|\s*\|\s*")
_MIN_DIGITS, _MAX_DIGITS = 8, 15
# The matcher reads the whole CV; this bounds its work on hostile text.
_MAX_MATCHER_TRIES = 200


@dataclass(frozen=True)
class Phone:
    """A phone number as written, its E.164 form if readable, and its document offsets."""

    as_written: str
    normalised: str | None
    at: Where


def find_phone(text: str, head: Sequence[Line], region: str | None) -> Phone | None:
    """The candidate's number in the document `text`; `head` is the contact block."""
    found = _first(_international(text)) or _first(_labelled(text, region))
    if found is None and region is not None:
        found = next(_national_in(head, region), None)
    return found or _bare_in(head, region)


def _first(candidates: Iterator[Phone | None]) -> Phone | None:
    found = [phone for phone in candidates if phone is not None]
    return min(found, key=lambda phone: phone.at[0], default=None)


def _international(text: str) -> Iterator[Phone | None]:
    for match in PhoneNumberMatcher(
        text, None, leniency=Leniency.POSSIBLE, max_tries=_MAX_MATCHER_TRIES
    ):
        yield _phone(match.raw_string, (match.start, match.end), None)
    for match in _INTERNATIONAL.finditer(text):
        yield _phone(match.group(0), match.span(), None)


def _labelled(text: str, region: str | None) -> Iterator[Phone | None]:
    for match in _LABELLED.finditer(text):
        yield _phone(match.group("number"), match.span("number"), region)


def _national_in(head: Sequence[Line], region: str) -> Iterator[Phone]:
    for line in head:
        for match in PhoneNumberMatcher(
            line.text, region, leniency=Leniency.POSSIBLE, max_tries=_MAX_MATCHER_TRIES
        ):
            phone = _phone_in(line, match.raw_string, match.start, region)
            if phone is not None:
                yield phone


def _bare_in(head: Sequence[Line], region: str | None) -> Phone | None:
    for line in head:
        position = 0
        for part in _CONTACT_SEPARATORS.split(line.text):
            position = line.text.find(part, position)
            stripped = part.strip()
            if _BARE.fullmatch(stripped):
                phone = _phone_in(line, stripped, position + part.find(stripped), region)
                if phone is not None:
                    return phone
            position += len(part)
    return None


def _phone_in(line: Line, written: str, start: int, region: str | None) -> Phone | None:
    """A number found at `start` of a cleaned line, with its document offsets."""
    where = line.content.where(start, start + len(written))
    return None if where is None else _phone(written, where, region)


def _phone(written: str, at: Where, region: str | None) -> Phone | None:
    written = written.strip()
    digits = sum(char.isdigit() for char in written)
    if not _MIN_DIGITS <= digits <= _MAX_DIGITS or find_date_range(written) is not None:
        return None
    return Phone(written, normalised(written, region), at)


def normalised(written: str, region: str | None) -> str | None:
    """The number in E.164 ("+41229171234"), or None when it cannot be a number."""
    # "0041 ...": 00 is the international call prefix of most countries.
    readable = re.sub(r"^00", "+", written.strip())
    try:
        number = phonenumbers.parse(readable, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, PhoneNumberFormat.E164)
