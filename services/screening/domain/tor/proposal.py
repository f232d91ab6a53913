"""A ToR's proposed criteria file: the whole dict a secretariat reviews, and its notes.

This module owns putting the pieces together: the header facts (position, duty station,
closing date as the reference date), the criteria and tags from the qualification sections,
the competency framework, and the notes about everything assumed or not understood. It
never raises on odd input: a ToR without recognisable requirements gives an empty criteria
list and a note saying so.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from services.screening.domain.tor.competencies import competencies_of
from services.screening.domain.tor.header import header_fields
from services.screening.domain.tor.layout import blocks_of
from services.screening.domain.tor.requirements import propose_requirements
from services.screening.domain.tor.sections import QualificationItem, sections_of

TOR_EXTRACTOR_VERSION = "1.0"
_MAX_SLUG_CHARS = 60


@dataclass(frozen=True)
class TorProposal:
    """The proposed criteria file (`criteria`, the criteria-file shape) of one ToR."""

    criteria: dict[str, Any]

    @property
    def position(self) -> str | None:
        return self.criteria["position"]

    @property
    def duty_station(self) -> str | None:
        return self.criteria["duty_station"]

    @property
    def reference_date(self) -> str | None:
        return self.criteria["reference_date"]

    @property
    def proposed_criteria(self) -> list[dict[str, Any]]:
        return self.criteria["criteria"]

    @property
    def tags(self) -> dict[str, str]:
        return self.criteria["tags"]

    @property
    def competencies(self) -> list[dict[str, Any]]:
        return self.criteria["competencies"]

    @property
    def notes(self) -> list[str]:
        return self.criteria["notes"]

    def criterion(self, criterion_id: str) -> dict[str, Any] | None:
        return next((c for c in self.proposed_criteria if c["id"] == criterion_id), None)


def propose_from_tor(text: str) -> TorProposal:
    """Propose structured criteria and the competency framework from a ToR's text.

    Every criterion's `text` is `text[source.start:source.end]`.
    """
    blocks = blocks_of(text)
    sections = sections_of(blocks)
    notes: list[str] = []
    items = list(sections.qualifications)
    strict = not sections.found_qualification_heading
    if strict:
        competency_blocks = {id(entry.block) for entry in sections.competencies}
        items = [
            QualificationItem(block, None, None)
            for block in blocks
            if block.heading is None and id(block) not in competency_blocks
        ]
    requirements = propose_requirements(text, items, strict=strict)
    if strict and requirements.criteria:
        notes.append(
            "No qualifications section was recognised (a heading such as 'Qualifications', "
            "'Education', 'Experience' or 'Languages'), so the criteria were taken from "
            "requirement-like sentences anywhere in the ToR: check each one."
        )
    if not requirements.criteria:
        notes.append(
            "No education, experience or language requirement was recognised in this ToR; "
            "the criteria must be added by hand."
        )
    header = header_fields(text)
    notes.extend(
        _header_notes(header.position_from, header.closing_wording, header.reference_date is None)
    )
    notes.extend(requirements.notes)
    competencies = competencies_of(sections.competencies)
    if not competencies:
        notes.append("No competency framework was recognised in this ToR.")
    return TorProposal(
        {
            "tor": slug_of(header.position or ""),
            "position": header.position,
            "duty_station": header.duty_station,
            "reference_date": header.reference_date.isoformat() if header.reference_date else None,
            "tags": requirements.tags,
            "synonyms": {},
            "criteria": requirements.criteria,
            "competencies": competencies,
            "notes": notes,
        }
    )


def slug_of(title: str) -> str:
    """A lower-case, hyphenated, ASCII slug of a position title, at most 60 characters."""
    decomposed = unicodedata.normalize("NFKD", title.lower())
    ascii_title = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title).strip("-")
    if len(slug) > _MAX_SLUG_CHARS:
        slug = slug[:_MAX_SLUG_CHARS].rsplit("-", 1)[0]
    return slug or "tor"


def _header_notes(
    position_from: str | None, closing_wording: str | None, no_date: bool
) -> list[str]:
    notes = []
    if position_from is None:
        notes.append("No position title was found; enter it by hand.")
    elif position_from == "heading":
        notes.append("The position title was taken from the first heading; check it.")
    if closing_wording is not None and no_date:
        notes.append(
            f'The closing date in "{closing_wording}" could not be read; set the reference '
            "date (experience is counted up to it) by hand."
        )
    elif no_date:
        notes.append(
            "The ToR states no closing date; set the reference date (experience is counted "
            "up to it) by hand."
        )
    return notes
