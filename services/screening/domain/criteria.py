"""A vacancy's screening criteria as typed values.

This module owns the shape of a criteria file once read: `VacancyCriteria` (reference month,
tag definitions, the secretariat's synonyms, criteria), `Criterion` (id, kind, mandatory,
text, rule) and one frozen rule class per rule type of the criteria format (`education`,
`education_or_experience_in_lieu`, `experience_months`, `experience_months_graded`,
`experience_any`, `language`, `language_any`) and the two combinations (`all_of`, `any_of`)
that express alternatives such as "a bachelor's degree and 15 years, or a master's and 10".
`criteria_from_dict()` builds them from the file's dict; a rule of an unknown type, or a
known rule with missing or malformed parameters, becomes an `UnassessableRule` so that
screening reports it as unclear instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from services.screening.domain.months import Month, parse_month_or_none

Verdict = Literal["met", "not_met", "unclear"]
VERDICTS: tuple[Verdict, ...] = ("met", "not_met", "unclear")

DEFAULT_EDUCATION_LEVELS: tuple[str, ...] = (
    "secondary",
    "other",
    "bachelor",
    "master",
    "doctorate",
)
# The profile's language levels, weakest first; "absent" is what a criterion sees when the
# language is not listed at all.
LANGUAGE_LEVELS: tuple[str, ...] = ("basic", "working", "fluent", "native")
ABSENT_LANGUAGE = "absent"


class MalformedRuleError(ValueError):
    """A rule dict lacks a parameter its type needs, or holds one of the wrong kind."""


@dataclass(frozen=True)
class EducationRule:
    min_level: str
    levels: tuple[str, ...]
    fields_listed: tuple[str, ...]
    fields_accepted_as_relevant: tuple[str, ...]
    equivalents: tuple[tuple[str, str], ...]
    verdict_at_level_in_other_field: Verdict = "unclear"
    verdict_below_level: Verdict = "not_met"

    @property
    def accepted_fields(self) -> tuple[str, ...]:
        return self.fields_listed + self.fields_accepted_as_relevant

    def rank_of(self, level: str | None) -> int | None:
        """Position of `level` on this rule's scale; None when the level is not on it."""
        if level is None or level not in self.levels:
            return None
        return self.levels.index(level)

    @property
    def min_rank(self) -> int:
        return self.levels.index(self.min_level)


@dataclass(frozen=True)
class InLieuClause:
    degree_level: str
    min_qualifying_months: int
    qualifying_experience_tag: str


@dataclass(frozen=True)
class EducationOrExperienceInLieuRule:
    education: EducationRule
    in_lieu: InLieuClause


@dataclass(frozen=True)
class ExperienceMonthsRule:
    """Months in positions carrying `tag` (every position when None) and, when set,
    `within_tag` too ("of which at least 5 years at senior level")."""

    tag: str | None
    min_months: int
    within_tag: str | None = None


@dataclass(frozen=True)
class ExperienceMonthsGradedRule:
    tag: str | None
    met_min_months: int
    unclear_min_months: int
    unclear_max_months: int
    within_tag: str | None = None


@dataclass(frozen=True)
class ExperienceAnyRule:
    tag: str | None
    within_tag: str | None = None


@dataclass(frozen=True)
class LanguageRule:
    language: str
    met_levels: tuple[str, ...]
    unclear_levels: tuple[str, ...]


@dataclass(frozen=True)
class LanguageAnyRule:
    """At least `min_count` of `languages` at `min_level` or better."""

    languages: tuple[str, ...]
    min_level: str
    min_count: int = 1


@dataclass(frozen=True)
class AllOfRule:
    """Every part must be met ("a bachelor's degree and 15 years")."""

    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class AnyOfRule:
    """One option suffices ("Bachelor's and 15 years, OR Master's and 10 years")."""

    options: tuple[Rule, ...]


@dataclass(frozen=True)
class UnassessableRule:
    """A rule the screening cannot apply; its criterion is always unclear, for `reason`."""

    rule_type: str
    reason: str


Rule = (
    EducationRule
    | EducationOrExperienceInLieuRule
    | ExperienceMonthsRule
    | ExperienceMonthsGradedRule
    | ExperienceAnyRule
    | LanguageRule
    | LanguageAnyRule
    | AllOfRule
    | AnyOfRule
    | UnassessableRule
)


@dataclass(frozen=True)
class Criterion:
    id: str
    kind: str
    mandatory: bool
    text: str
    rule: Rule


@dataclass(frozen=True)
class TagDefinition:
    name: str
    description: str


@dataclass(frozen=True)
class VacancyCriteria:
    tor: str
    position: str
    reference_month: Month | None
    tags: tuple[TagDefinition, ...]
    criteria: tuple[Criterion, ...]
    # The secretariat's own terms per tag, and the thesaurus's proposals it struck out.
    synonyms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    excluded_terms: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def tag_descriptions(self) -> dict[str, str]:
        return {tag.name: tag.description for tag in self.tags}

    @property
    def mandatory_criteria(self) -> tuple[Criterion, ...]:
        return tuple(criterion for criterion in self.criteria if criterion.mandatory)


def criteria_from_dict(data: Mapping[str, Any]) -> VacancyCriteria:
    """Build a vacancy's criteria from the dict of a criteria file."""
    return VacancyCriteria(
        tor=str(data.get("tor", "")),
        position=str(data.get("position", "")),
        reference_month=parse_month_or_none(data.get("reference_date")),
        tags=tuple(
            TagDefinition(str(name), str(description))
            for name, description in (data.get("tags") or {}).items()
        ),
        criteria=tuple(criterion_from_dict(item) for item in data.get("criteria") or ()),
        synonyms=_terms_by_tag(data.get("synonyms")),
        excluded_terms=_terms_by_tag(data.get("excluded_terms")),
    )


def _terms_by_tag(data: Any) -> dict[str, tuple[str, ...]]:
    """{tag: [term, …]} as given, ignoring anything that is not a list of strings."""
    if not isinstance(data, Mapping):
        return {}
    return {
        str(tag): tuple(term.strip() for term in terms if isinstance(term, str) and term.strip())
        for tag, terms in data.items()
        if isinstance(terms, list | tuple)
    }


def criterion_from_dict(data: Mapping[str, Any]) -> Criterion:
    return Criterion(
        id=str(data.get("id", "")),
        kind=str(data.get("kind", "")),
        mandatory=bool(data.get("mandatory", False)),
        text=str(data.get("text", "")),
        rule=rule_from_dict(data.get("rule") or {}),
    )


def rule_from_dict(data: Mapping[str, Any]) -> Rule:
    """The typed rule for a rule dict; never raises, so one bad rule cannot stop a screening."""
    rule_type = str(data.get("type", ""))
    builder = _RULE_BUILDERS.get(rule_type)
    if builder is None:
        return UnassessableRule(rule_type, f"rule type {rule_type!r} is not known to the screening")
    try:
        return builder(data)
    except (MalformedRuleError, KeyError, TypeError, ValueError) as error:
        return UnassessableRule(rule_type, f"rule {rule_type!r} is malformed: {error}")


def _education_rule(data: Mapping[str, Any]) -> EducationRule:
    levels = _strings(data.get("levels") or DEFAULT_EDUCATION_LEVELS, "levels")
    min_level = _required_string(data, "min_level")
    if min_level not in levels:
        raise MalformedRuleError(f"min_level {min_level!r} is not one of the levels {levels}")
    return EducationRule(
        min_level=min_level,
        levels=levels,
        fields_listed=_strings(data.get("fields_listed", ()), "fields_listed"),
        fields_accepted_as_relevant=_strings(
            data.get("fields_accepted_as_relevant", ()), "fields_accepted_as_relevant"
        ),
        equivalents=_equivalents(data.get("equivalents") or {}, levels),
        verdict_at_level_in_other_field=_verdict(data.get("master_in_other_field"), "unclear"),
        verdict_below_level=_verdict(data.get("below_master"), "not_met"),
    )


def _education_or_experience_in_lieu_rule(
    data: Mapping[str, Any],
) -> EducationOrExperienceInLieuRule:
    education = _education_rule(data)
    in_lieu = data.get("in_lieu")
    if not isinstance(in_lieu, Mapping):
        raise MalformedRuleError("in_lieu is missing")
    degree_level = _required_string(in_lieu, "degree_level")
    if degree_level not in education.levels:
        raise MalformedRuleError(f"in_lieu.degree_level {degree_level!r} is not a level")
    return EducationOrExperienceInLieuRule(
        education=education,
        in_lieu=InLieuClause(
            degree_level=degree_level,
            min_qualifying_months=_required_int(in_lieu, "min_qualifying_months"),
            qualifying_experience_tag=_required_string(in_lieu, "qualifying_experience_tag"),
        ),
    )


def _experience_months_rule(data: Mapping[str, Any]) -> ExperienceMonthsRule:
    return ExperienceMonthsRule(
        tag=_optional_tag(data, "tag"),
        min_months=_required_int(data, "min_months"),
        within_tag=_optional_tag(data, "within_tag"),
    )


def _experience_months_graded_rule(data: Mapping[str, Any]) -> ExperienceMonthsGradedRule:
    met_min_months = _required_int(data, "met_min_months")
    unclear_range = data.get("unclear_months") or (1, met_min_months - 1)
    if len(unclear_range) != 2:
        raise MalformedRuleError("unclear_months must be [low, high]")
    return ExperienceMonthsGradedRule(
        tag=_optional_tag(data, "tag"),
        met_min_months=met_min_months,
        unclear_min_months=int(unclear_range[0]),
        unclear_max_months=int(unclear_range[1]),
        within_tag=_optional_tag(data, "within_tag"),
    )


def _experience_any_rule(data: Mapping[str, Any]) -> ExperienceAnyRule:
    return ExperienceAnyRule(
        tag=_optional_tag(data, "tag"), within_tag=_optional_tag(data, "within_tag")
    )


def _language_rule(data: Mapping[str, Any]) -> LanguageRule:
    return LanguageRule(
        language=_required_string(data, "language"),
        met_levels=_language_levels(data.get("met_levels") or ("native", "fluent"), "met_levels"),
        unclear_levels=_language_levels(data.get("unclear_levels", ()), "unclear_levels"),
    )


def _language_any_rule(data: Mapping[str, Any]) -> LanguageAnyRule:
    languages = _strings(data.get("languages", ()), "languages")
    if not languages:
        raise MalformedRuleError("languages is empty")
    min_level = _required_string(data, "min_level")
    if min_level not in LANGUAGE_LEVELS:
        raise MalformedRuleError(f"min_level {min_level!r} is not one of {LANGUAGE_LEVELS}")
    min_count = data.get("min_count")
    min_count = 1 if min_count is None else min_count
    if isinstance(min_count, bool) or not isinstance(min_count, int):
        raise MalformedRuleError("min_count must be a whole number")
    if not 1 <= min_count <= len(languages):
        raise MalformedRuleError(f"min_count {min_count} is not between 1 and {len(languages)}")
    return LanguageAnyRule(languages=languages, min_level=min_level, min_count=min_count)


def _all_of_rule(data: Mapping[str, Any]) -> AllOfRule:
    return AllOfRule(rules=_sub_rules(data, "rules"))


def _any_of_rule(data: Mapping[str, Any]) -> AnyOfRule:
    return AnyOfRule(options=_sub_rules(data, "options"))


def _sub_rules(data: Mapping[str, Any], key: str) -> tuple[Rule, ...]:
    """The parts of a combined rule; one malformed part makes the whole rule malformed,
    because judging the rest alone would change what the criterion asks."""
    parts = data.get(key)
    if not isinstance(parts, list) or not parts:
        raise MalformedRuleError(f"{key} must be a non-empty list of rules")
    rules = tuple(rule_from_dict(part if isinstance(part, Mapping) else {}) for part in parts)
    for rule in rules:
        if isinstance(rule, UnassessableRule):
            raise MalformedRuleError(rule.reason)
    return rules


_RULE_BUILDERS = {
    "education": _education_rule,
    "education_or_experience_in_lieu": _education_or_experience_in_lieu_rule,
    "experience_months": _experience_months_rule,
    "experience_months_graded": _experience_months_graded_rule,
    "experience_any": _experience_any_rule,
    "language": _language_rule,
    "language_any": _language_any_rule,
    "all_of": _all_of_rule,
    "any_of": _any_of_rule,
}


def _required_string(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise MalformedRuleError(f"{key} is missing")
    return value.strip()


def _optional_tag(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise MalformedRuleError(f"{key} must be a tag name")
    return value.strip()


def _required_int(data: Mapping[str, Any], key: str) -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise MalformedRuleError(f"{key} is missing or not a number")
    return int(value)


def _strings(values: Any, key: str) -> tuple[str, ...]:
    if isinstance(values, str) or not all(isinstance(value, str) for value in values):
        raise MalformedRuleError(f"{key} must be a list of strings")
    return tuple(value.strip() for value in values)


def _language_levels(values: Any, key: str) -> tuple[str, ...]:
    levels = _strings(values, key)
    unknown = [level for level in levels if level not in (*LANGUAGE_LEVELS, ABSENT_LANGUAGE)]
    if unknown:
        raise MalformedRuleError(f"{key} holds unknown levels {unknown}")
    return levels


def _verdict(value: Any, default: Verdict) -> Verdict:
    return value if value in VERDICTS else default


def _equivalents(data: Mapping[str, Any], levels: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Degree name → level; a value may add a remark after the level: "master (pre-Bologna…)"."""
    equivalents = []
    for degree, description in data.items():
        words = str(description).split()
        level = words[0].strip(" ,;:") if words else ""
        if level in levels:
            equivalents.append((str(degree), level))
    return tuple(equivalents)
