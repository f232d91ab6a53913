"""Language requirements of a ToR as rules of the criteria format.

This module owns reading a language clause: which languages it names (English or French
names, "UN official language(s)" resolved to the six, minus those already required when it
says "another" or "other"), the level it asks for ("fluency", "excellent command", "maîtrise
parfaite" → fluent; "working knowledge", "connaissance" → working), and whether one
language is required, each of several ("English and French"), or any of several ("English
or French", "at least two of English, French, Spanish, Portuguese").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from services.screening.domain.tor import vocabulary as vocab

_ALTERNATIVE = re.compile(r"\b(?:or|and/or|ou|either|soit)\b", vocab.FLAGS)
_DEFAULT_LEVEL = "fluent"


@dataclass(frozen=True)
class LanguageRequirement:
    """One criterion's worth: a single language, or any `min_count` of several."""

    languages: tuple[str, ...]
    level: str
    any_of: bool
    min_count: int = 1
    from_un_official: bool = False
    excluded: tuple[str, ...] = ()

    @property
    def id_suffix(self) -> str:
        if self.from_un_official:
            return "UN"
        return "_".join(code_of(language) for language in self.languages)


def is_informational(text: str) -> bool:
    """ "English and French are the working languages of ..." states no requirement."""
    return vocab.INFORMATIONAL_LANGUAGE.search(text) is not None


def names_a_language(text: str) -> bool:
    return bool(vocab.LANGUAGE_NAME.search(text) or vocab.UN_OFFICIAL_LANGUAGE.search(text))


def language_requirements(text: str, already_required: list[str]) -> list[LanguageRequirement]:
    """The language requirements of a clause; `already_required` feeds "other UN language"."""
    if is_informational(text):
        return []
    level = level_of(text)
    named = _languages_named(text)
    official = vocab.UN_OFFICIAL_LANGUAGE.search(text)
    count = _count_of(text)
    if official is not None:
        excluded: tuple[str, ...] = ()
        if official.group("other"):
            excluded = tuple(dict.fromkeys([*named, *already_required]))
        languages = tuple(lang for lang in vocab.UN_OFFICIAL_LANGUAGES if lang not in excluded)
        return [
            LanguageRequirement(
                languages, level, True, count or 1, from_un_official=True, excluded=excluded
            )
        ]
    if not named:
        return []
    if count or (len(named) > 1 and _ALTERNATIVE.search(text)):
        return [LanguageRequirement(tuple(named), level, True, count or 1)]
    return [LanguageRequirement((language,), level, False) for language in named]


def level_of(text: str) -> str:
    """The level a clause asks for; fluent when it only names the language."""
    for level, pattern in vocab.LANGUAGE_LEVEL_PHRASES:
        if pattern.search(text):
            return level
    return _DEFAULT_LEVEL


def language_rule(requirement: LanguageRequirement) -> dict[str, Any]:
    """The `language` or `language_any` rule dict of a requirement."""
    if requirement.any_of:
        return {
            "type": "language_any",
            "languages": list(requirement.languages),
            "min_level": requirement.level,
            "min_count": requirement.min_count,
        }
    rank = vocab.LANGUAGE_LEVELS.index(requirement.level)
    met = list(reversed(vocab.LANGUAGE_LEVELS[rank:]))
    # One level below a fluent (or native) requirement needs a person's reading of the CV.
    unclear = [vocab.LANGUAGE_LEVELS[rank - 1]] if requirement.level in ("fluent", "native") else []
    not_met = [level for level in vocab.LANGUAGE_LEVELS if level not in met + unclear]
    return {
        "type": "language",
        "language": requirement.languages[0],
        "met_levels": met,
        "unclear_levels": unclear,
        "not_met_levels": [*not_met, "absent"],
    }


def code_of(language: str) -> str:
    code = vocab.LANGUAGE_NAMES.get(language, ("", ""))[1]
    return code or re.sub(r"[^A-Z]", "", language.upper())[:3]


def _languages_named(text: str) -> list[str]:
    names = [
        vocab.LANGUAGE_BY_CODE[found.lastgroup]
        for found in vocab.LANGUAGE_NAME.finditer(text)
        if found.lastgroup
    ]
    return list(dict.fromkeys(names))


def _count_of(text: str) -> int | None:
    found = vocab.COUNT_OF.search(text)
    if found is None:
        return None
    value = vocab.number_value(found.group("number"))
    return int(value) if value and value >= 2 else None
