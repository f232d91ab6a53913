"""The criteria of a ToR as they are drafted, clause by clause, with their tags and notes.

This module owns `CriteriaBook`: given a clause, its kind and its mandatory flag, it builds
the rule (through the education, experience and language modules), gives the criterion a
readable id that stays unique (EDU, EDU_2, EXP_<two words of its tag>, LANG_<code>), names
the tag of the experience it counts (the same field twice shares one tag), and writes a
note wherever it had to assume something: a vague quantity's threshold, years in no named
field, the languages "other UN official language" stands for, an "in lieu" equivalence.
Equivalences are attached last, once the required years of experience are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from services.screening.domain.tor import vocabulary as vocab
from services.screening.domain.tor.clauses import Clause, is_degree_alternatives
from services.screening.domain.tor.education import (
    InLieu,
    alternatives_rule,
    degree_alternatives,
    degree_requirement,
    education_rule,
    in_lieu_rule,
)
from services.screening.domain.tor.experience import (
    experience_requirement,
    experience_rule,
    tag_slug,
)
from services.screening.domain.tor.kinds import kind_of, marker_of
from services.screening.domain.tor.languages import language_requirements, language_rule
from services.screening.domain.tor.layout import Piece
from services.screening.domain.tor.sections import QualificationItem

_SAME_TAG_RATIO = 92
_MIN_WORDS_FOR_NOTE = 3
_ID_WORDS = 2


@dataclass
class _Draft:
    id: str
    kind: str
    mandatory: bool
    piece: Piece
    rule: dict[str, Any]
    tag: str | None = None
    languages: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "mandatory": self.mandatory,
            "text": self.piece.text,
            "rule": self.rule,
            "source": {"start": self.piece.start, "end": self.piece.end},
        }


@dataclass(frozen=True)
class ProposedRequirements:
    criteria: list[dict[str, Any]]
    tags: dict[str, str]
    notes: list[str]


@dataclass
class _TagBook:
    descriptions: dict[str, str] = field(default_factory=dict)

    def tag_for(self, field_phrase: str, description: str) -> str:
        slug = tag_slug(field_phrase) or "experience"
        for existing in self.descriptions:
            if existing == slug or fuzz.ratio(existing, slug) >= _SAME_TAG_RATIO:
                return existing
        self.descriptions[slug] = description
        return slug


class CriteriaBook:
    """The criteria drafted so far from one ToR, whose text is `source`."""

    def __init__(self, source: str, strict: bool) -> None:
        self.source = source
        self.strict = strict
        self.drafts: list[_Draft] = []
        self.tags = _TagBook()
        self.notes: list[str] = []
        self.unread: list[str] = []
        self.in_lieu: list[tuple[Piece, InLieu]] = []

    def add_clause(self, clause: Clause, hint: str | None, mandatory: bool) -> None:
        text = clause.piece.flat
        kind = kind_of(text, hint, self.strict)
        if kind == "education":
            self._add_education(clause.piece, mandatory)
        elif kind == "experience":
            self._add_experience(clause, mandatory)
        elif kind == "language":
            self._add_languages(clause.piece, mandatory)
        elif not self.strict and len(text.split()) >= _MIN_WORDS_FOR_NOTE:
            self.unread.append(_one_line(text))

    def add_in_lieu(self, piece: Piece, in_lieu: InLieu) -> None:
        self.in_lieu.append((piece, in_lieu))

    def add_degree_with_field_list(
        self, lead: QualificationItem, fields: list[QualificationItem], lead_in: bool | None
    ) -> None:
        """One education criterion quoting the degree line and the fields listed under it."""
        start, end = lead.block.piece.start, fields[-1].block.piece.end
        listed = ", ".join(item.block.piece.flat.strip() for item in fields)
        wording = f"{lead.block.piece.flat.strip()} {listed}"
        requirement = degree_requirement(wording)
        if requirement is None:
            return
        flags = (marker_of(wording), lead_in, lead.mandatory_default)
        mandatory = next((flag for flag in flags if flag is not None), True)
        piece = Piece(start, end, self.source[start:end])
        self._draft("EDU", "education", mandatory, piece, education_rule(requirement))

    def finish(self) -> ProposedRequirements:
        self._attach_in_lieu()
        notes = list(self.notes)
        if self.unread:
            quoted = "; ".join(f'"{text}"' for text in self.unread)
            notes.append(
                "Not proposed as criteria because they name no degree, experience or language "
                f"the screening can check (assess them at interview or add a criterion): {quoted}."
            )
        criteria = [draft.as_dict() for draft in self.drafts]
        return ProposedRequirements(criteria, dict(self.tags.descriptions), notes)

    def _draft(
        self,
        id_base: str,
        kind: str,
        mandatory: bool,
        piece: Piece,
        rule: dict[str, Any],
        tag: str | None = None,
        languages: tuple[str, ...] = (),
    ) -> _Draft:
        used = {draft.id for draft in self.drafts}
        criterion_id, counter = id_base, 1
        while criterion_id in used:
            counter += 1
            criterion_id = f"{id_base}_{counter}"
        draft = _Draft(criterion_id, kind, mandatory, piece, rule, tag, languages)
        self.drafts.append(draft)
        return draft

    def _add_education(self, piece: Piece, mandatory: bool) -> None:
        text = piece.flat
        options = degree_alternatives(text) if is_degree_alternatives(text) else []
        if len(options) >= 2:
            experience = experience_requirement(text)
            tag = None
            if experience.field:
                head = vocab.EXPERIENCE_HEAD.search(text)
                description = _one_line(text[head.start() :] if head else experience.description)
                tag = self.tags.tag_for(experience.field, description.rstrip(" ."))
            self._draft("EDU", "education", mandatory, piece, alternatives_rule(options, tag), tag)
            return
        requirement = degree_requirement(text)
        if requirement is not None:
            self._draft("EDU", "education", mandatory, piece, education_rule(requirement))

    def _add_experience(self, clause: Clause, mandatory: bool) -> None:
        requirement = experience_requirement(clause.piece.flat)
        tag = None
        if requirement.field:
            tag = self.tags.tag_for(requirement.field, requirement.description)
        elif requirement.months is None:
            tag = self.tags.tag_for(requirement.description, requirement.description)
            self.notes.append(
                f'"{_one_line(clause.piece.text)}" names no field of experience; the tag '
                f'"{tag}" stands for it: describe the work that counts.'
            )
        within = None
        if clause.nested:
            outer = next((d for d in reversed(self.drafts) if d.kind == "experience"), None)
            within = outer.tag if outer is not None else None
        rule = experience_rule(requirement, tag, within)
        draft = self._draft(_experience_id(tag), "experience", mandatory, clause.piece, rule, tag)
        if requirement.vague_word is not None:
            self.notes.append(
                f'"{requirement.vague_word.capitalize()}" experience is not defined in the ToR: '
                f"{draft.id} proposes {vocab.GRADED_DEFAULT_MONTHS} months or more as met and "
                f"1 to {vocab.GRADED_DEFAULT_MONTHS - 1} months as needing a person's review; "
                "please confirm the threshold."
            )
        elif requirement.months is not None and tag is None:
            self.notes.append(
                f"{draft.id} counts any professional experience: the ToR names no field for "
                f"its {_duration_words(requirement.months)}."
            )

    def _add_languages(self, piece: Piece, mandatory: bool) -> None:
        required = [
            language
            for draft in self.drafts
            if draft.kind == "language" and draft.rule["type"] == "language"
            for language in draft.languages
        ]
        for requirement in language_requirements(piece.flat, required):
            draft = self._draft(
                f"LANG_{requirement.id_suffix}",
                "language",
                mandatory,
                piece,
                language_rule(requirement),
                languages=requirement.languages,
            )
            if requirement.from_un_official:
                excluded = ", ".join(requirement.excluded)
                minus = f" (the six official languages minus {excluded})" if excluded else ""
                self.notes.append(
                    f"{draft.id} reads the UN official languages as "
                    f"{', '.join(requirement.languages)}{minus}."
                )

    def _attach_in_lieu(self) -> None:
        for piece, in_lieu in self.in_lieu:
            education = self._education_before(piece)
            quoted = _one_line(piece.text)
            if education is None or education.rule["type"] != "education":
                self.notes.append(
                    f'"{quoted}" offers a degree in lieu of another, but no education criterion '
                    "was found to attach it to; add it by hand."
                )
                continue
            main = self._main_experience()
            if main is None or main.tag is None:
                self.notes.append(
                    f'"{quoted}" accepts a lower degree with experience, but no required years '
                    "of experience in a named field were found; the equivalence was not applied."
                )
                continue
            required = int(main.rule["min_months"])
            education.rule = in_lieu_rule(education.rule, in_lieu, required, main.tag)
            between = self.source[education.piece.end : piece.start]
            if piece.start >= education.piece.end and not between.strip(" \t\n.;"):
                start = education.piece.start
                education.piece = Piece(start, piece.end, self.source[start : piece.end])
            months = education.rule["in_lieu"]["min_qualifying_months"]
            how = (
                f" (the {required} months {main.id} requires plus the additional years the ToR "
                "states)"
                if in_lieu.additional_months is not None
                else ""
            )
            self.notes.append(
                f"{education.id} accepts a {in_lieu.degree_level}'s degree instead with "
                f'{months} months of experience tagged "{main.tag}"{how}.'
            )

    def _education_before(self, piece: Piece) -> _Draft | None:
        """The education criterion an equivalence refers to: the last one before it."""
        educations = [draft for draft in self.drafts if draft.kind == "education"]
        before = [draft for draft in educations if draft.piece.start < piece.start]
        return before[-1] if before else (educations[0] if educations else None)

    def _main_experience(self) -> _Draft | None:
        """The first mandatory years of experience in a named field."""
        return next(
            (
                draft
                for draft in self.drafts
                if draft.kind == "experience"
                and draft.mandatory
                and draft.rule["type"] == "experience_months"
                and draft.tag
            ),
            None,
        )


def _duration_words(months: int) -> str:
    return f"{months // 12} years" if months % 12 == 0 else f"{months} months"


def _experience_id(tag: str | None) -> str:
    if not tag:
        return "EXP"
    return "EXP_" + "_".join(tag.split("_")[:_ID_WORDS]).upper()


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
