"""Turning the qualification items of a ToR into proposed criteria, tags and notes.

This module owns the walk over qualification items: a lead-in line ("The following would be
an asset:") sets the flag of the bullets under it, a degree line ending in ":" takes the
short bullets under it as its fields, and every other item is cut into sentences and
clauses that `CriteriaBook` turns into criteria. Each clause's mandatory flag comes from its
own words first, then from the words of the clause it was split from ("A minimum of 10
years in X and considerable experience in Y"), then the lead-in, then the heading, else it
is mandatory, as a requirement listed without qualification is.
"""

from __future__ import annotations

from collections.abc import Sequence

from services.screening.domain.tor import vocabulary as vocab
from services.screening.domain.tor.clauses import (
    Clause,
    clauses_of,
    has_requirement_signal,
    sentences_of,
)
from services.screening.domain.tor.drafting import CriteriaBook, ProposedRequirements
from services.screening.domain.tor.education import in_lieu_of
from services.screening.domain.tor.kinds import marker_of
from services.screening.domain.tor.sections import QualificationItem

_MAX_LEAD_IN_CHARS = 200
_MAX_FIELD_WORDS = 8


def propose_requirements(
    source: str, items: Sequence[QualificationItem], *, strict: bool = False
) -> ProposedRequirements:
    """Criteria from the qualification items of `source`; `strict` when no heading says so."""
    book = CriteriaBook(source, strict)
    lead_in: bool | None = None
    first_group = 0
    index = 0
    while index < len(items):
        item = items[index]
        index += 1
        text = item.block.piece.flat.strip()
        if not item.block.marker:
            lead_in = None
        if text.endswith(":") and len(text) <= _MAX_LEAD_IN_CHARS:
            field_items = _field_list_after(items, index) if vocab.LEVEL_WORD.search(text) else []
            if field_items:
                book.add_degree_with_field_list(item, field_items, lead_in)
                index += len(field_items)
            else:
                lead_in = marker_of(text)
            continue
        for sentence in sentences_of(item.block.piece):
            clauses = clauses_of(sentence, first_group)
            first_group += len(clauses) + 1
            for clause in clauses:
                in_lieu = in_lieu_of(clause.piece.flat)
                if in_lieu is not None:
                    book.add_in_lieu(clause.piece, in_lieu)
                    continue
                flags = (_own_or_shared_marker(clause, clauses), lead_in, item.mandatory_default)
                mandatory = next((flag for flag in flags if flag is not None), True)
                book.add_clause(clause, item.kind_hint, mandatory)
    return book.finish()


def _own_or_shared_marker(clause: Clause, clauses: list[Clause]) -> bool | None:
    """The clause's own wording, else the one wording of the clauses split from its part."""
    own = marker_of(clause.piece.flat)
    if own is not None:
        return own
    shared = {
        flag
        for other in clauses
        if other.group == clause.group and (flag := marker_of(other.piece.flat)) is not None
    }
    return shared.pop() if len(shared) == 1 else None


def _field_list_after(items: Sequence[QualificationItem], start: int) -> list[QualificationItem]:
    """The short bullets under "A degree in one of the following fields:" (its fields)."""
    fields = []
    for item in items[start:]:
        text = item.block.piece.flat.strip()
        if (
            not item.block.marker
            or text.endswith(":")
            or len(text.split()) > _MAX_FIELD_WORDS
            or has_requirement_signal(text)
        ):
            break
        fields.append(item)
    return fields
