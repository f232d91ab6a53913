"""The facts at the head of a ToR: position title, duty station and closing date.

This module owns reading labelled fields ("Position:", "Title:", "Intitulé du poste :",
"Duty Station:", "Lieu d'affectation", "Closing date:", "Date limite"...), whose value sits
after the label on the same line or, in text extracted from a PDF table, on the next line;
the title falls back to the document's first heading that is not a generic one ("TERMS OF
REFERENCE", "Vacancy announcement"). The closing date is found in any line that names a
deadline and parsed with dateparser, in whichever language it is written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from services.screening.domain.tor import vocabulary as vocab
from services.screening.domain.tor.layout import is_section_title

_LABELLED = re.compile(r"^[\s\-•*]*(?P<label>[^:\t\n]{2,45}?)\s*(?::|\t|\s{3,})\s*(?P<value>.*)$")
_DATE_WORDING = re.compile(
    r"\b\d{4}-\d{1,2}-\d{1,2}\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"
    r"|\b\d{1,2}(?:st|nd|rd|th|er)?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?\d{4}\b"
    r"|\b[^\W\d_]{3,}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
    r"|\b\d{1,2}-[^\W\d_]{3,}\.?-(?:\d{4}|\d{2})\b"
)
_GENERIC_PREFIX = re.compile(
    r"^(?:"
    + vocab.GENERIC_TITLES.pattern
    + r")\s*(?:[:\-\u2013\u2014|]|for(?: the)?(?: position of)?"
    r"|pour(?: le poste de)?)\s*",
    vocab.FLAGS,
)
_PERIOD = re.compile(r"period|p[ée]riode", vocab.FLAGS)
_FIRST_LINES_FOR_TITLE = 12
_MIN_TITLE_LETTERS = 3
_MAX_TITLE_WORDS = 15


@dataclass(frozen=True)
class HeaderFields:
    position: str | None
    position_from: Literal["label", "heading"] | None
    duty_station: str | None
    reference_date: date | None
    closing_wording: str | None  # the deadline line, when its date could not be read


def header_fields(text: str) -> HeaderFields:
    lines = [line.strip() for line in text.splitlines()]
    position = _labelled_value(lines, vocab.POSITION_LABEL)
    position_from: Literal["label", "heading"] | None = "label" if position else None
    if position is None:
        position = _first_title(lines)
        position_from = "heading" if position else None
    duty_station = _labelled_value(lines, vocab.DUTY_STATION_LABEL)
    reference_date, closing_wording = _closing_date(lines)
    return HeaderFields(position, position_from, duty_station, reference_date, closing_wording)


def _labelled_value(lines: list[str], label_pattern: re.Pattern[str]) -> str | None:
    for index, line in enumerate(lines):
        found = _LABELLED.match(line)
        if found is None or not label_pattern.fullmatch(vocab.fold(found.group("label")).strip()):
            continue
        value = found.group("value").strip()
        if not value:
            value = _next_value(lines, index)
        if value:
            return re.sub(r"\s+", " ", value).strip(" .;")
    return None


def _next_value(lines: list[str], index: int) -> str:
    for line in lines[index + 1 : index + 4]:
        if not line:
            continue
        found = _LABELLED.match(line)
        return "" if found is not None and found.group("label").strip().endswith(":") else line
    return ""


def _first_title(lines: list[str]) -> str | None:
    seen = 0
    for line in lines:
        if not line:
            continue
        seen += 1
        if seen > _FIRST_LINES_FOR_TITLE:
            return None
        if line.endswith(":") or line.startswith(("-", "•", "*", "(cid:")):
            continue
        cleaned = line.strip(" #*:\t-")
        if vocab.GENERIC_TITLES.fullmatch(vocab.fold(cleaned)) or is_section_title(cleaned):
            continue
        if sum(1 for char in cleaned if char.isalpha()) < _MIN_TITLE_LETTERS:
            continue
        prefix = _GENERIC_PREFIX.match(vocab.fold(cleaned))
        if prefix is not None:
            cleaned = cleaned[prefix.end() :].strip()
        if cleaned and len(cleaned.split()) <= _MAX_TITLE_WORDS and not cleaned.endswith("."):
            return cleaned
    return None


def _closing_date(lines: list[str]) -> tuple[date | None, str | None]:
    unread: str | None = None
    for index, line in enumerate(lines):
        label = vocab.CLOSING_LABEL.search(line)
        if label is None:
            continue
        window = " ".join([line[label.end() :], *lines[index + 1 : index + 3]])
        dates = [parse_date(wording.group()) for wording in _DATE_WORDING.finditer(window)]
        dates = [found for found in dates if found is not None]
        if dates:
            # A posting period "02 March 2024 - 15 April 2024" closes on its last date.
            return (dates[-1] if _PERIOD.search(label.group()) else dates[0]), None
        unread = unread or line
    return None, unread


def parse_date(wording: str) -> date | None:
    """A full date (day, month, year) in any language dateparser knows, or None."""
    # dateparser loads its language data on first import: keep that cost off module import.
    import dateparser

    parsed = dateparser.parse(
        wording,
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date() if parsed is not None else None
