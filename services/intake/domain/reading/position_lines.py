"""The lines of one position: which ones head it and which ones describe it.

This module owns the line-level rules the position readers share: the heading lines above
a date line (contiguous, short, not sentences, not grid column labels), the heading lines on
and below it (the date line's own text, then up to two lines, a wrapped line joined back),
and the description below them, read into bullets with each wrapped line joined back to the
bullet it continues. A description line is told from a heading by its length, a final full
stop, or a past-tense verb opening it ("Managed the ...").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from services.intake.domain.reading.dates import DateRange
from services.intake.domain.reading.position_headings import completes_a_country, continues
from services.intake.domain.reading.sections import COLUMN_LABELS
from services.intake.domain.reading.text import Line, fold

_MAX_HEADING_LINES = 4
_MAX_TITLE_WORDS = 24
_MAX_WRAPPED_FRAGMENT_WORDS = 3


@dataclass(frozen=True)
class Anchor:
    """A date line: its index among the lines, its dates, and the rest of its text."""

    index: int
    dates: DateRange
    remainder: str


@dataclass(frozen=True)
class Block:
    """One position's heading texts and bullets, the lines it covers (`first` to `last`),
    and where its description starts (`body`)."""

    heading: list[str]
    bullets: list[str]
    first: int
    last: int
    body: int
    # The heading lines were printed apart, blank lines between them.
    separate: bool = False


def block_after(lines: Sequence[Line], remainder: str, first: int, start: int, end: int) -> Block:
    """The position whose date line is `first`: its heading (the date line's `remainder`,
    then the lines from `start`) and its bullets, up to `end`."""
    heading, body, separate = _heading_lines_after(lines, remainder, start, end)
    return Block(heading, bullets(lines[body:end]), first, end - 1, body, separate)


def heading_lines_before(lines: Sequence[Line], index: int, floor: int) -> tuple[int, int]:
    """The range `first:stop` of the title/employer lines directly above a date line."""
    cursor = index - 1
    while cursor >= floor and lines[cursor].blank:
        cursor -= 1
    stop = cursor + 1
    while cursor >= floor and stop - cursor <= _MAX_HEADING_LINES:
        line = lines[cursor]
        if line.blank or line.bullet or looks_like_sentence(line.text):
            break
        if fold(line.text) in COLUMN_LABELS:
            break
        cursor -= 1
    first = cursor + 1
    return (first, stop) if stop > first else (index, index)


def _heading_lines_after(
    lines: Sequence[Line], remainder: str, start: int, end: int
) -> tuple[list[str], int, bool]:
    """The date line's own text plus the title/employer lines from `start`; where the
    bullets start; and whether the heading lines were printed apart."""
    heading = [remainder] if has_words(remainder) else []
    budget = 1 if heading else 2
    cursor = start
    after_blank = False
    separate = False
    while cursor < end:
        line = lines[cursor]
        if line.blank:
            after_blank = True
            cursor += 1
            continue
        if line.bullet or looks_like_sentence(line.text):
            break
        # A wrapped heading continues on the very next line; a blank line ends it.
        wraps = (
            bool(heading)
            and not after_blank
            and (continues(heading[-1], line.text) or completes_a_country(heading[-1], line.text))
        )
        after_blank = False
        if not wraps and budget == 0:
            break
        if not wraps and line.text[:1].islower():
            # The wrapped end of an earlier bullet that the PDF placed out of order.
            cursor += 1
            continue
        if wraps:
            heading[-1] = f"{heading[-1]} {line.text}"
        else:
            separate = separate or (bool(heading) and lines[cursor - 1].blank)
            heading.append(line.text)
            budget -= 1
        cursor += 1
    return heading, cursor, separate


def looks_like_sentence(text: str) -> bool:
    """Description lines, not headings: long, ending in a full stop, or opening on a verb."""
    return len(text.split()) > _MAX_TITLE_WORDS or text.endswith(".") or _opens_sentence(text)


def bullets(lines: Sequence[Line]) -> list[str]:
    """Description lines, each wrapped line joined back to the bullet it continues."""
    found: list[str] = []
    last_marked = False  # the last bullet opened with a marker
    blank_since = False  # a blank line came after it
    for line in lines:
        if line.blank or fold(line.text) in COLUMN_LABELS:
            blank_since = True
            continue
        wraps = (
            bool(found)
            and not line.bullet
            and _continues_bullet(found[-1], line.text, last_marked, blank_since)
        )
        blank_since = False
        if wraps:
            found[-1] = f"{found[-1]} {line.text}"
        else:
            found.append(line.text)
            last_marked = line.bullet
    return found


def _continues_bullet(previous: str, text: str, last_marked: bool, blank_since: bool) -> bool:
    """Whether unmarked text continues the bullet above it.

    Under a marked bullet, unmarked text is its wrapped end unless it opens a sentence; PDF
    extraction may put a blank line inside a wrap, so a short fragment still continues.
    """
    if continues(previous, text):
        return True
    if not last_marked or previous.endswith(".") or _opens_sentence(text):
        return False
    return not blank_since or len(text.split()) <= _MAX_WRAPPED_FRAGMENT_WORDS


def _opens_sentence(text: str) -> bool:
    """Whether a line opens on a past-tense verb then a lower-case word ("Managed the ...")."""
    parts = text.split()
    return len(parts) >= 3 and parts[1][:1].islower() and fold(parts[0]).endswith("ed")


def has_words(text: str) -> bool:
    return re.search(r"[^\W\d_]{2,}", text) is not None
