"""Education requirements of a ToR as rules of the criteria format.

This module owns reading a degree clause: the minimum level ("advanced university degree",
"Master's", "licence", "doctorat"...), the fields it lists ("political/social sciences"
becomes "political science" and "social sciences"), whether that list is left open ("or
another relevant field"), an "in lieu" equivalence (a lower degree plus additional years of
experience), and degrees offered with alternative years of experience ("Bachelor's and 15
years, OR Master's and 10 years"). It returns rule dicts in the criteria-file shape, with
the listed fields' neighbours proposed as accepted fields (services.screening.domain.fields).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from services.screening.domain.fields import related_fields
from services.screening.domain.tor import vocabulary as vocab

_PARENTHESES = re.compile(r"\([^()]*\)")
_OR_EQUIVALENT = re.compile(
    r",?\s*\b(?:or|ou)\s+(?:an?\s+|un\s+)?(?:equivalent|[ée]quivalent)(?:\s+(?:degree|dipl[ôo]me))?\b,?",
    vocab.FLAGS,
)
_FIELD_OPENER = re.compile(r"\b(?:in|en|dans|within)\b\s*|:\s*", vocab.FLAGS)
_FIELD_LIST_LEAD = re.compile(
    r"^(?:(?:one|any) of the following(?: (?:academic )?(?:disciplines|fields|areas|subjects))?"
    r"|the following(?: (?:disciplines|fields|areas|subjects))?"
    r"|l'une? des (?:disciplines|domaines|fili[èe]res) suivante?s|les domaines suivants"
    r"|the (?:fields?|areas?|disciplines?) of|(?:a|an) (?:fields?|discipline|area) (?:of|such as)"
    r"|(?:les? |la )?(?:domaines?|disciplines?) (?:de|du|des|d'|suivants?|tels? que)"
    r"|fields? such as|disciplines? such as|areas? such as)\s*:?\s*",
    vocab.FLAGS,
)
_OPEN_LEAD = re.compile(
    r"^(?:a |an |any |un |une )?(?:relevant|related|appropriate|pertinent|similar|allied"
    r"|connexe|pertinente?)\s+(?:fields?|disciplines?|areas?|subjects?|domaines?)\s*"
    r"(?:,\s*)?(?:such as|e\.g\.|including|like|notamment|tels? que|par exemple)\s*:?\s*",
    vocab.FLAGS,
)
_FIELD_STOP = re.compile(
    r"\b(?:is|are|est|sont)\s+(?:highly\s+)?(?:required|essential|desirable|preferred|an asset"
    r"|mandatory|exig|requis|souhait)|\b(?:required|desirable|preferred|exig[ée]e?s?"
    r"|requise?s?|souhait[ée]e?s?|souhaitables?|is an asset)\b|\bwith\b|\bavec\b|\bplus\b"
    r"|\band\s+(?:a minimum|at least|minimum|\d)|\bcombined\b|\bin combination\b|\bfollowed by\b"
    r"|,?\s*\bor\s+(?:a |an )?(?:first|bachelor|master|advanced|doctor|ph\.?d)"
    r"|\bfrom (?:a|an) (?:recogni[sz]ed|accredited)"
    r"|\bobtained\b|\bd'une universit|\bissued\b|\bet (?:au moins|un minimum)"
    r"|\bet \d|\.\s|\.$|;",
    vocab.FLAGS,
)
_ARTICLES = re.compile(r"^(?:(?:the|a|an|le|la|les|des|du|de)\s+|l')", vocab.FLAGS)
_ADJECTIVE_ENDINGS = ("al", "ic", "ical", "ary", "ive", "ial", "ian")
_FIELD_SYNONYMS: dict[str, str] = {
    "political sciences": "political science",
    "politics": "political science",
    "sciences politiques": "political science",
    "science politique": "political science",
    "relations internationales": "international relations",
    "droit international": "international law",
    "droit": "law",
    "economie": "economics",
    "économie": "economics",
    "sciences economiques": "economics",
    "sciences économiques": "economics",
    "sociologie": "sociology",
    "administration publique": "public administration",
    "gestion": "management",
    "administration des affaires": "business administration",
    "sciences sociales": "social sciences",
    "géographie": "geography",
    "geographie": "geography",
}


@dataclass(frozen=True)
class DegreeRequirement:
    min_level: str
    fields: tuple[str, ...]
    open_fields: bool


@dataclass(frozen=True)
class InLieu:
    """A lower degree accepted with experience: months on top of the required, or in all."""

    degree_level: str
    additional_months: int | None
    total_months: int | None


def degree_requirement(text: str) -> DegreeRequirement | None:
    """The degree a clause asks for, or None when it names no degree level."""
    level = vocab.LEVEL_WORD.search(text)
    if level is None:
        return None
    if level.lastgroup == vocab.GENERIC_LEVEL_GROUP:
        # "University degree (Master's level)": the words in brackets say which degree.
        bracket = re.match(r"\s*\(([^()]*)\)", text[level.end() :])
        specific = vocab.LEVEL_WORD.search(bracket.group(1)) if bracket else None
        if bracket is not None and specific is not None:
            fields, open_fields = fields_after(text, level.end() + bracket.end())
            return DegreeRequirement(vocab.level_of_match(specific), fields, open_fields)
    fields, open_fields = fields_after(text, level.end())
    return DegreeRequirement(vocab.level_of_match(level), fields, open_fields)


def fields_after(text: str, position: int) -> tuple[tuple[str, ...], bool]:
    """The fields of study named after `position`, and whether the list is left open."""
    tail = _OR_EQUIVALENT.sub(" ", _PARENTHESES.sub(" ", text[position:]))
    stop = _FIELD_STOP.search(tail)
    opener = _FIELD_OPENER.search(tail)
    if opener is None or (stop is not None and stop.start() < opener.start()):
        return (), False
    tail = tail[opener.end() :]
    stop = _FIELD_STOP.search(tail)
    if stop is not None:
        tail = tail[: stop.start()]
    open_fields = False
    opened = _OPEN_LEAD.match(tail.strip())
    if opened:
        tail, open_fields = tail.strip()[opened.end() :], True
    tail = _FIELD_LIST_LEAD.sub("", tail.strip())
    fields: list[str] = []
    items = [item for item in re.split(r"[,;]", tail) if item.strip()]
    for index, item in enumerate(items):
        item = re.sub(r"^\s*(?:or|and|ou|et|and/or)\s+", "", item.strip(), flags=vocab.FLAGS)
        item = item.strip(" .:")
        if not item or item.lower() in ("etc", "etc."):
            continue
        if _is_open_phrase(item):
            open_fields = True
            continue
        splitter = r"\s+(?:or|and/or|ou)\s+"
        if index == len(items) - 1 and len(items) > 1:
            splitter = r"\s+(?:or|and|and/or|ou|et)\s+"
        for part in re.split(splitter, item, flags=vocab.FLAGS):
            if _is_open_phrase(part):
                open_fields = True
                continue
            fields.extend(_expanded_field(part))
    unique = tuple(dict.fromkeys(field for field in fields if field))
    return unique, open_fields


def education_rule(requirement: DegreeRequirement) -> dict[str, Any]:
    """The `education` rule dict for a degree requirement."""
    closed = bool(requirement.fields) and not requirement.open_fields
    return {
        "type": "education",
        "min_level": requirement.min_level,
        "levels": list(vocab.EDUCATION_LEVELS),
        "fields_listed": list(requirement.fields),
        # Proposed from the fields' neighbours, for the secretariat to review and edit.
        "fields_accepted_as_relevant": list(related_fields(requirement.fields)),
        "master_in_other_field": "not_met" if closed else "unclear",
        "below_master": "not_met",
        "equivalents": dict(vocab.DEGREE_EQUIVALENTS),
    }


def in_lieu_of(text: str) -> InLieu | None:
    """The "in lieu" equivalence a sentence states, or None."""
    if not vocab.IN_LIEU.search(text):
        return None
    level = vocab.LEVEL_WORD.search(text)
    if level is None:
        return None
    additional = vocab.ADDITIONAL_YEARS.search(text)
    if additional is not None:
        years = vocab.number_value(additional.group("number") or additional.group("number_fr"))
        if years is not None:
            return InLieu(vocab.level_of_match(level), round(years * 12), None)
    duration = vocab.DURATION.search(text)
    if duration is not None:
        return InLieu(vocab.level_of_match(level), None, vocab.months_of(duration))
    return None


def in_lieu_rule(
    education: dict[str, Any], in_lieu: InLieu, required_months: int, tag: str
) -> dict[str, Any]:
    """The `education_or_experience_in_lieu` rule: the education rule plus its equivalence."""
    months = in_lieu.total_months
    if months is None:
        months = required_months + (in_lieu.additional_months or 0)
    return {
        **education,
        "type": "education_or_experience_in_lieu",
        "in_lieu": {
            "degree_level": in_lieu.degree_level,
            "min_qualifying_months": months,
            "qualifying_experience_tag": tag,
        },
    }


@dataclass(frozen=True)
class DegreeWithYears:
    requirement: DegreeRequirement
    months: int


def degree_alternatives(text: str) -> list[DegreeWithYears]:
    """Each degree of "Bachelor's and 15 years, OR Master's and 10 years" with its months."""
    levels = list(vocab.LEVEL_WORD.finditer(text))
    options: list[DegreeWithYears] = []
    for index, level in enumerate(levels):
        end = levels[index + 1].start() if index + 1 < len(levels) else len(text)
        segment = text[level.start() : end]
        duration = vocab.DURATION.search(segment)
        if duration is None:
            continue
        fields, open_fields = fields_after(segment, level.end() - level.start())
        requirement = DegreeRequirement(vocab.level_of_match(level), fields, open_fields)
        options.append(DegreeWithYears(requirement, vocab.months_of(duration)))
    shared = next((option.requirement for option in options if option.requirement.fields), None)
    if shared is None:
        return options
    return [
        option
        if option.requirement.fields
        else DegreeWithYears(
            DegreeRequirement(option.requirement.min_level, shared.fields, shared.open_fields),
            option.months,
        )
        for option in options
    ]


def alternatives_rule(options: list[DegreeWithYears], tag: str | None) -> dict[str, Any]:
    """The `any_of` rule: each option is a degree and months of experience carrying `tag`."""
    rules = []
    for option in options:
        experience: dict[str, Any] = {"type": "experience_months", "min_months": option.months}
        if tag:
            experience["tag"] = tag
        rules.append({"type": "all_of", "rules": [education_rule(option.requirement), experience]})
    return {"type": "any_of", "options": rules}


def _is_open_phrase(item: str) -> bool:
    """ "or another relevant field", "ou tout autre domaine pertinent": the list stays open."""
    words = re.findall(r"[a-z]+", vocab.fold(item))
    return any(word in vocab.OPEN_FIELD_ADJECTIVES for word in words) and all(
        word in vocab.OPEN_FIELD_ADJECTIVES or word in vocab.OPEN_FIELD_FILLERS for word in words
    )


def _expanded_field(phrase: str) -> list[str]:
    """Normalised field names: "political/social sciences" → two fields."""
    cleaned = _ARTICLES.sub("", re.sub(r"\s+", " ", phrase).strip(" .:-")).lower()
    if not cleaned or not any(char.isalpha() for char in cleaned):
        return []
    shared_head = re.fullmatch(r"([^\s/]+)/\s*([^\s/]+)\s+(.+)", cleaned)
    if shared_head and shared_head.group(1).endswith(_ADJECTIVE_ENDINGS):
        first, second, head = shared_head.groups()
        return [_canonical(f"{first} {head}"), _canonical(f"{second} {head}")]
    if "/" in cleaned and " " not in cleaned:
        return [_canonical(part) for part in cleaned.split("/") if part]
    return [_canonical(cleaned)]


def _canonical(field: str) -> str:
    field = field.strip()
    return _FIELD_SYNONYMS.get(field, field)
