"""Experience requirements of a ToR: how much, of what, and the tag that names it.

This module owns reading an experience clause: a number of years or months ("a minimum of
10 years", "five (5) years", "au moins sept ans"), a vague quantity ("considerable",
"extensive", "solide") that the ToR does not define, or mere presence ("Experience in
managing a mine action programme"); the field of the experience (the words after "experience
in the field of", "track record of", "working in"..., or before "experience" when nothing
follows it) from which the tag's snake_case name is made; and the description of the tag,
which keeps the ToR's own wording with its qualifiers.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from services.screening.domain.tor import vocabulary as vocab

_MAX_TAG_WORDS = 5
_MAX_FIELD_LEAD_WORDS = 4
_TRAILING_MARKER = re.compile(
    r"[\s,(]*(?:(?:is|are|would be|will be|est|sont|serait|sera|constitue|constituerait"
    r"|serait consid[ée]r[ée]e? comme)\s+)?(?:highly |very |strongly |also )?(?:required"
    r"|desirable|desired|preferred|an (?:added |additional )?asset|an (?:added )?advantage"
    r"|advantageous|essential|mandatory|a plus|exig[ée]e?s?|requise?s?|souhait[ée]e?s?"
    r"|souhaitables?|un atout|un plus|un avantage|obligatoires?|indispensables?)\)?[\s.,;]*$",
    vocab.FLAGS,
)
_LEADING_QUANTITY = re.compile(
    r"^.*?(?:\b(?:years?|yrs?|ans|ann[ée]es|months?|mois)\b)\s*(?:of\s+|d'|de\s+)?",
    vocab.FLAGS,
)
_FIELD_CUT = re.compile(
    r"[,;(:]|\s(?:in (?:the )?(?:fields?|areas?) of|including|such as|e\.g\.|notably"
    r"|in particular|especially|preferably|ideally|with (?:a |an )?(?:focus|emphasis)"
    r"|or (?:a|an|any|other|another|similar|comparable|equivalent)"
    r"|as well as|notamment|en particulier|y compris|de pr[ée]f[ée]rence)\b",
    vocab.FLAGS,
)
# "at the national or international level in X": the level qualifies X, which names the work.
_LEADING_LEVEL = re.compile(
    r"^(?:(?:national|international|regional|global|local|country|field|senior|headquarters"
    r"|community|state|federal)(?:,?\s+(?:and|or|and/or)\s+|\s*/\s*)?)+\s*levels?\s*,?\s*"
    r"(?:in|of|with|on|for)\s+(?:the\s+|a\s+|an\s+)?(?=\S)",
    vocab.FLAGS,
)
_AREA_NOUNS = frozenset(
    (
        *("field", "fields", "area", "areas", "domain", "domains", "sector", "sectors"),
        *("domaine", "domaines", "secteur", "secteurs"),
    )
)
_APOSTROPHE_PREFIX = re.compile(r"\b([dlDL])'")
_NOT_SLUG = re.compile(r"[^A-Za-z0-9]+")


@dataclass(frozen=True)
class ExperienceRequirement:
    months: int | None
    vague_word: str | None
    field: str | None
    description: str

    @property
    def tag_name(self) -> str | None:
        return tag_slug(self.field) if self.field else None


def experience_requirement(text: str) -> ExperienceRequirement:
    """What an experience clause asks for."""
    duration = vocab.DURATION.search(text)
    head = vocab.EXPERIENCE_HEAD.search(text)
    months = vocab.months_of(duration) if duration is not None else None
    vague_word = None if duration is not None else _vague_word_before(text, head)
    field = _field_of(text, head, duration)
    return ExperienceRequirement(months, vague_word, field, _description_of(text, duration))


def experience_rule(
    requirement: ExperienceRequirement, tag: str | None, within_tag: str | None = None
) -> dict[str, Any]:
    """The rule dict: months, graded months for a vague quantity, or presence."""
    if requirement.months is not None:
        rule: dict[str, Any] = {"type": "experience_months"}
        if tag:
            rule["tag"] = tag
        if within_tag:
            rule["within_tag"] = within_tag
        rule["min_months"] = requirement.months
        return rule
    if requirement.vague_word is not None:
        return {
            "type": "experience_months_graded",
            "tag": tag,
            "met_min_months": vocab.GRADED_DEFAULT_MONTHS,
            "unclear_months": [1, vocab.GRADED_DEFAULT_MONTHS - 1],
            "not_met_months": 0,
        }
    return {"type": "experience_any", "tag": tag}


def tag_slug(phrase: str) -> str:
    """A snake_case tag name from the significant words of a field phrase."""
    words = [
        word.lower()
        for word in _ascii_words(phrase)
        # An acronym ("UN", "DDR") is kept even when it spells a stop word.
        if word.lower() not in vocab.TAG_STOPWORDS or (len(word) > 1 and word.isupper())
    ]
    if not words:
        words = [word.lower() for word in _ascii_words(phrase)]
    return "_".join(words[:_MAX_TAG_WORDS])


def _ascii_words(phrase: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", _APOSTROPHE_PREFIX.sub(r"\1 ", phrase))
    ascii_text = "".join(char for char in decomposed if not unicodedata.combining(char))
    return [word for word in _NOT_SLUG.split(ascii_text) if word]


def _vague_word_before(text: str, head: re.Match[str] | None) -> str | None:
    if head is None:
        return None
    before = text[: head.start()].split()[-_MAX_FIELD_LEAD_WORDS:]
    after = text[head.end() :].split()[:1]  # "une expérience solide"
    for word in (*before, *after):
        if vocab.VAGUE_QUANTITY.fullmatch(word.strip(",.;:()")):
            return word.strip(",.;:()").lower()
    return None


def _field_of(text: str, head: re.Match[str] | None, duration: re.Match[str] | None) -> str | None:
    """The kind of work the clause names, in the ToR's words, or None."""
    anchor = head or duration
    tail = text[anchor.end() :] if anchor is not None else text
    tail = vocab.DURATION.sub(" ", tail)
    tail = _strip_marker(tail)
    field = _after_lead_words(tail)
    if not field and head is not None:
        start = duration.end() if duration is not None and duration.end() <= head.start() else 0
        before = [
            word
            for word in _APOSTROPHE_PREFIX.sub(r"\1' ", text[start : head.start()]).split()
            if _bare(word) not in vocab.TAG_STOPWORDS
            and not vocab.VAGUE_QUANTITY.fullmatch(_bare(word))
            and not vocab.MANDATORY_MARKER.fullmatch(_bare(word))
            and _bare(word) not in ("minimum", "least", "moins", "plus", "years", "ans")
        ]
        field = " ".join(before).strip(" ,.;:")
    return field or None


def _after_lead_words(tail: str) -> str:
    words = _APOSTROPHE_PREFIX.sub(r"\1' ", tail).split()
    preposition_at = next(
        (
            index
            for index, word in enumerate(words[:_MAX_FIELD_LEAD_WORDS])
            if _bare(word) in vocab.FIELD_PREPOSITIONS
        ),
        None,
    )
    if words and _bare(words[0]) not in vocab.FIELD_LEAD_WORDS and preposition_at is not None:
        words = words[preposition_at:]
    while words and _is_lead(words[0], words[1] if len(words) > 1 else ""):
        words = words[1:]
    field = _LEADING_LEVEL.sub("", " ".join(words))
    cut = _FIELD_CUT.search(field)
    if cut is not None and cut.start() > 0:
        field = field[: cut.start()]
    return re.sub(r"(\b[dlDL]') ", r"\1", field).strip(" ,.;:")


def _is_lead(word: str, next_word: str) -> bool:
    """A word before the field; "field" or "area" only in "the field of X"."""
    bare = _bare(word)
    if len(bare) > 1 and word.strip(",.;:()").isupper():
        return False  # "UN", not the French article "un"
    if bare in _AREA_NOUNS:
        return _bare(next_word) in ("of", "de", "du", "des", "d")
    return bare in vocab.FIELD_LEAD_WORDS or bare in vocab.TAG_STOPWORDS


def _description_of(text: str, duration: re.Match[str] | None) -> str:
    description = text
    if duration is not None:
        lead = _LEADING_QUANTITY.match(text)
        if lead is not None and lead.end() < len(text):
            description = text[lead.end() :]
    description = _strip_marker(description)
    description = re.sub(r"\s+", " ", description).strip(" ,.;:")
    return description or re.sub(r"\s+", " ", text).strip(" ,.;:")


def _strip_marker(text: str) -> str:
    previous = None
    text = text.strip()
    while previous != text:
        previous = text
        text = _TRAILING_MARKER.sub("", text).strip(" .,;")
    return text


def _bare(word: str) -> str:
    return word.strip(",.;:()\"'").lower()
