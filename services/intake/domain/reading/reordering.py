"""Jobs whose date lines text extraction put out of order, given back their lines.

This module owns two repairs of label-column PDFs (dates in a left column, the job to the
right), whose text can come out of the PDF reader in another order than it is printed:
several date lines one under the other with their jobs after them in the same order, and a
date line dropped among the bullets of the job before it. Both are recognised by a job's
heading (a title after a blank line, an employer line right under it, then bullets) that
follows bullets where no heading should be; nothing moves otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from services.intake.domain.reading.position_headings import continues
from services.intake.domain.reading.position_lines import (
    Anchor,
    Block,
    block_after,
    bullets,
    has_words,
    looks_like_sentence,
)
from services.intake.domain.reading.text import Line


def rehome_stacked_dates(
    lines: Sequence[Line], anchors: Sequence[Anchor], ends: Sequence[int], blocks: list[Block]
) -> None:
    """Date lines printed one under the other, their jobs after them in the same order.

    Label-column PDFs can come out of text extraction with the date column of several
    jobs first ("Sep 2021 - date" / "Aug 2016 - Aug 2021" / "Programme Manager" / ... /
    "Country Director" / ...): the jobs after the last date are dealt out in order.
    """
    number = 0
    while number < len(anchors):
        last = number
        while last + 1 < len(anchors) and _nothing_between(lines, anchors[last].index, ends[last]):
            last += 1
        if last > number:
            groups = _groups(lines, anchors[last].index + 1, ends[last])
            if len(groups) >= last - number + 1:
                for offset in range(last - number + 1):
                    start = groups[offset]
                    end = groups[offset + 1] if offset < last - number else ends[last]
                    anchor = anchors[number + offset]
                    blocks[number + offset] = block_after(
                        lines, anchor.remainder, anchor.index, start, end
                    )
        number = last + 1


def rehome_dropped_dates(
    lines: Sequence[Line], anchors: Sequence[Anchor], ends: Sequence[int], blocks: list[Block]
) -> None:
    """A date line that text extraction dropped among the bullets of the job before it.

    Its own lines then open on the rest of those bullets, and its title and employer come
    after them: the bullets go back to the job before, the heading after them is its own.
    """
    for number in range(1, len(anchors)):
        anchor, end = anchors[number], ends[number]
        if blocks[number].heading or has_words(anchor.remainder):
            continue
        groups = _groups(lines, anchor.index + 1, end)
        if len(groups) < 2:
            continue
        previous = blocks[number - 1]
        moved = [*lines[previous.body : previous.last + 1], *lines[groups[0] : groups[1]]]
        blocks[number - 1] = replace(previous, bullets=bullets(moved), last=groups[1] - 1)
        blocks[number] = block_after(lines, "", anchor.index, groups[1], end)


def _nothing_between(lines: Sequence[Line], index: int, end: int) -> bool:
    return all(line.blank for line in lines[index + 1 : end])


def _groups(lines: Sequence[Line], start: int, end: int) -> list[int]:
    """Where each job's lines start in `start:end`: the start, then every heading that
    follows bullets."""
    groups = [start]
    seen_bullet = False
    for index in range(start, end):
        line = lines[index]
        if line.bullet:
            seen_bullet = True
        elif seen_bullet and _opens_a_heading(lines, index, end):
            groups.append(index)
            seen_bullet = False
    return groups


def _opens_a_heading(lines: Sequence[Line], index: int, end: int) -> bool:
    """A title after a blank line, an employer line right under it, then bullets."""
    line = lines[index]
    if line.blank or index == 0 or not lines[index - 1].blank:
        return False
    previous = next((lines[at].text for at in range(index - 1, -1, -1) if lines[at].text), "")
    if not line.text[:1].isupper() or looks_like_sentence(line.text):
        return False
    if previous and continues(previous, line.text):
        return False
    following = lines[index + 1] if index + 1 < end else None
    if following is None or following.blank or following.bullet:
        return False
    if not following.text[:1].isupper():
        return False
    return any(lines[at].bullet for at in range(index + 2, min(index + 5, end)))
