"""The positions of an experience section, anchored on their date ranges.

This module owns how jobs are cut out of the lines of a CV: every line holding a date range
(or opening with a single year) anchors one position. A CV prints its headings either above
each date line ("Title" / "Employer, City" / "dates" / bullets) or on and below it ("dates
Title, Employer" / bullets, grid cells "dates" / "Title" / "Employer"); its first position
tells which, and the rest are read the same way (`position_lines` has the line-level
rules, `reordering` the repairs of jobs a PDF reader put out of order). Each position comes
with the document offsets of its heading, dates and bullets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from services.intake.domain.profile import Position
from services.intake.domain.reading.dates import DateRange, find_date_range, single_year_range
from services.intake.domain.reading.position_headings import SEPARATOR_EDGES, split_heading
from services.intake.domain.reading.position_lines import (
    Anchor,
    Block,
    block_after,
    bullets,
    has_words,
    heading_lines_before,
)
from services.intake.domain.reading.reordering import rehome_dropped_dates, rehome_stacked_dates
from services.intake.domain.reading.sections import COLUMN_LABELS
from services.intake.domain.reading.text import Line, Where, fold


def read_positions(lines: Sequence[Line]) -> list[tuple[Position, Where]]:
    """The positions in `lines`, in the CV's order, with their document offsets."""
    anchors = find_anchors(lines)
    if not anchors:
        return []
    if _headings_precede_dates(lines, anchors[0]):
        blocks = [_block_under_heading(lines, anchors, number) for number in range(len(anchors))]
    else:
        blocks = _blocks_over_details(lines, anchors)
    positions = []
    for anchor, block in zip(anchors, blocks, strict=True):
        where = _where(lines, block.first, block.last)
        if where is not None:
            positions.append((_position(anchor.dates, block), where))
    return positions


def find_anchors(lines: Sequence[Line]) -> list[Anchor]:
    """The date lines of `lines`: a range anywhere on the line, or a year opening it."""
    anchors = []
    for index, line in enumerate(lines):
        if line.bullet or line.blank:
            continue
        dates = find_date_range(line.text) or single_year_range(line.text)
        if dates is not None:
            anchors.append(Anchor(index, dates, _remainder(line.text, dates)))
    return anchors


def _block_under_heading(lines: Sequence[Line], anchors: Sequence[Anchor], number: int) -> Block:
    """Layout "Title / Employer, City, Country / dates / bullets"."""
    anchor = anchors[number]
    previous_end = anchors[number - 1].index + 1 if number > 0 else 0
    first, stop = heading_lines_before(lines, anchor.index, floor=previous_end)
    heading = [line.text for line in lines[first:stop]]
    if anchor.remainder:
        heading.append(anchor.remainder)
    body_end = len(lines)
    if number + 1 < len(anchors):
        following = anchors[number + 1].index
        next_first, next_stop = heading_lines_before(lines, following, anchor.index + 1)
        body_end = next_first if next_stop > next_first else following
    body = lines[anchor.index + 1 : body_end]
    return Block(heading, bullets(body), min(first, anchor.index), body_end - 1, anchor.index + 1)


def _blocks_over_details(lines: Sequence[Line], anchors: Sequence[Anchor]) -> list[Block]:
    """Layout "dates [Title, Employer] / [Title / Employer] / bullets"."""
    ends = [anchor.index for anchor in anchors[1:]] + [len(lines)]
    blocks = [
        block_after(lines, anchor.remainder, anchor.index, anchor.index + 1, end)
        for anchor, end in zip(anchors, ends, strict=True)
    ]
    rehome_stacked_dates(lines, anchors, ends, blocks)
    rehome_dropped_dates(lines, anchors, ends, blocks)
    return blocks


def _where(lines: Sequence[Line], first: int, last: int) -> Where | None:
    """Document offsets from the first to the last non-blank line of `first..last`."""
    covered = [lines[index].content.where() for index in range(first, last + 1)]
    found = [where for where in covered if where is not None]
    if not found:
        return None
    return found[0][0], max(where[1] for where in found)


def _remainder(text: str, dates: DateRange) -> str:
    start, end = dates.span
    rest = f"{text[:start]} {text[end:]}"
    rest = re.sub(r"\(\s*\)", " ", rest)
    # A trailing comma stays: it tells that the heading wraps onto the next line.
    return " ".join(rest.split()).lstrip(SEPARATOR_EDGES).rstrip(" |:;\u2013\u2014-")


def _headings_precede_dates(lines: Sequence[Line], first: Anchor) -> bool:
    """True when the title and employer are printed above each date line, not below it."""
    if has_words(first.remainder):
        return False
    before = [
        line
        for line in lines[: first.index]
        if not line.blank and fold(line.text) not in COLUMN_LABELS
    ]
    return bool(before) and not before[-1].bullet


def _position(dates: DateRange, block: Block) -> Position:
    title, employer, city, country = split_heading(block.heading, separate=block.separate)
    return Position(
        title=title,
        employer=employer,
        city=city,
        country=country,
        start=dates.start,
        end=dates.end,
        ongoing=dates.ongoing,
        dates_as_written=dates.as_written,
        bullets=tuple(block.bullets),
    )
