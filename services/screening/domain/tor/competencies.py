"""The competency framework of a ToR: competencies, their kind and their indicators.

This module owns reading the entries of the competency sections: a title line ("Name" or
"Name: subtitle") opens a competency and the bullets after it are its indicators. A bullet
shaped like a title ("Developing & Empowering People/Coaching and Mentoring: Building staff
competence...", Title-Case words before a colon) opens a new competency instead, because
real frameworks pasted into Word often lose the difference in indentation. A competency
written as one paragraph ("Professionalism: Knowledge of... Shows pride in work...") gets
its sentences as indicators.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from services.screening.domain.tor.clauses import sentences_of
from services.screening.domain.tor.layout import Piece
from services.screening.domain.tor.sections import CompetencyEntry

_MAX_TITLE_WORDS = 10
_MAX_LABEL_WORDS = 8
_MAX_SUBTITLE_WORDS = 25
_MAX_PARAGRAPH_LABEL_WORDS = 5
_MINOR_WORDS = frozenset(
    (
        *("and", "or", "of", "the", "in", "on", "for", "to", "a", "an", "with", "at", "by", "&"),
        *("et", "ou", "de", "des", "du", "la", "le", "les", "d", "l", "au", "aux"),
    )
)


@dataclass
class _Draft:
    name: str
    kind: str
    description: str | None = None
    indicators: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "description": self.description,
            "indicators": list(self.indicators),
        }


def competencies_of(entries: Sequence[CompetencyEntry]) -> list[dict[str, Any]]:
    drafts: list[_Draft] = []
    section = None
    for entry in entries:
        block = entry.block
        text = _one_line(block.heading.title if block.heading else block.piece.text)
        if not text:
            continue
        if entry.section_title != section:
            section, current = entry.section_title, None
        else:
            current = drafts[-1] if drafts else None
        if block.heading is not None:
            drafts.append(_titled(text, entry.competency_kind, block.piece))
        elif block.marker:
            if _has_title_label(text):
                drafts.append(_titled(text, entry.competency_kind, block.piece))
            elif current is None:
                # Bullets straight under "Corporate Competencies:" are that heading's indicators.
                name = entry.section_title.rstrip(" :") or text
                drafts.append(_Draft(name, entry.competency_kind, None, [_indicator(text)]))
            else:
                current.indicators.append(_indicator(text))
        elif _has_label(text) or _is_short_title(text) or current is None:
            drafts.extend(_titles_of_paragraph(text, entry.competency_kind, block.piece))
        else:
            current.indicators.extend(_sentences(block.piece))
    return [draft.as_dict() for draft in drafts if draft.name]


def _titled(text: str, kind: str, piece: Piece) -> _Draft:
    label, colon, rest = text.partition(":")
    if not colon or not rest.strip() or len(label.split()) > _MAX_TITLE_WORDS:
        return _Draft(text.rstrip(" :"), kind)
    subtitle = rest.strip()
    offset = piece.text.find(":") + 1
    sentences = _sentences(piece.sub(offset)) if offset > 0 else [subtitle]
    if len(sentences) > 1 or len(subtitle.split()) > _MAX_SUBTITLE_WORDS:
        return _Draft(label.strip(), kind, None, sentences)
    return _Draft(label.strip(), kind, _indicator(subtitle))


def _titles_of_paragraph(text: str, kind: str, piece: Piece) -> list[_Draft]:
    """A title line, or a list of short titles: "Integrity, Professionalism, Respect"."""
    names = [name.strip(" .;") for name in re.split(r",|;", text)]
    if ":" not in text and len(names) > 1 and all(_is_title_case(name) for name in names):
        return [_Draft(name, kind) for name in names if name]
    return [_titled(text, kind, piece)]


def _has_title_label(text: str) -> bool:
    label, colon, rest = text.partition(":")
    words = label.split()
    return bool(colon and rest.strip() and 0 < len(words) <= _MAX_LABEL_WORDS) and _is_title_case(
        label
    )


def _has_label(text: str) -> bool:
    """A paragraph "Travail en équipe : ..." (sentence case, as French frameworks write)."""
    label, colon, rest = text.partition(":")
    words = label.split()
    return bool(colon and rest.strip() and 0 < len(words) <= _MAX_PARAGRAPH_LABEL_WORDS) and (
        label.strip()[:1].isupper()
    )


def _is_short_title(text: str) -> bool:
    return len(text.split()) <= _MAX_TITLE_WORDS and not text.endswith(".") and text[:1].isupper()


def _is_title_case(label: str) -> bool:
    words = [word for word in re.split(r"[\s/]+", label.strip()) if word]
    significant = [word for word in words if word.lower().strip("()") not in _MINOR_WORDS]
    return bool(significant) and all(
        not word[:1].isalpha() or word[:1].isupper() for word in significant
    )


def _sentences(piece: Piece) -> list[str]:
    return [_indicator(sentence.text) for sentence in sentences_of(piece.stripped())]


def _indicator(text: str) -> str:
    text = _one_line(text)
    text = re.sub(r"[\s,;]+(?:and|et)$", "", text, flags=re.IGNORECASE)
    return text.rstrip(" ,;")


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
