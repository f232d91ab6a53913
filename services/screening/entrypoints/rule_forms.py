"""Between the vacancy editor's forms and the criteria-file shape: plain functions, no Flask.

A criterion's rule is shown in plain words (`describe_rule`: "At least 120 months in
international relations cooperation", "English: native or fluent; working needs a person",
"One of: (1) …; or (2) …") and edited through the few parameters a person sets for its
type (`parameters_of` gives them for the form, `rule_with_parameters` writes them back,
keeping every other key of the rule, such as an education rule's degree equivalents). A
rule given as JSON is parsed and refused, with the reason, when screening could not assess
it (`rule_from_json`). The remaining functions return an edited copy of a draft's criteria
or competencies (a criterion replaced or removed, a tag's synonyms and struck terms, a
competency); the views hand that copy to the same `edit_draft` use case as the API, which
checks and records it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from services.screening.domain.criteria import (
    DEFAULT_EDUCATION_LEVELS,
    LANGUAGE_LEVELS,
    AllOfRule,
    AnyOfRule,
    EducationOrExperienceInLieuRule,
    EducationRule,
    ExperienceAnyRule,
    ExperienceMonthsGradedRule,
    ExperienceMonthsRule,
    LanguageAnyRule,
    LanguageRule,
    Rule,
    UnassessableRule,
    rule_from_dict,
)
from services.screening.domain.text import normalise_text

EDUCATION_TYPES = frozenset({"education", "education_or_experience_in_lieu"})
EXPERIENCE_TYPES = frozenset({"experience_months", "experience_months_graded", "experience_any"})
MONTHS_KEYS = {"experience_months": "min_months", "experience_months_graded": "met_min_months"}
FORM_TYPES = EDUCATION_TYPES | EXPERIENCE_TYPES | {"language", "language_any"}
MAX_MONTHS = 600

LEVEL_NAMES = {
    "secondary": _l("Secondary education"),
    "other": _l("Other post-secondary qualification"),
    "bachelor": _l("Bachelor's"),
    "master": _l("Master's"),
    "doctorate": _l("Doctorate"),
}
LANGUAGE_LEVEL_NAMES = {
    "native": _l("native"),
    "fluent": _l("fluent"),
    "working": _l("working"),
    "basic": _l("basic"),
    "absent": _l("not listed"),
}


class RuleRefused(ValueError):
    """A rule (or its parameters) that screening could not assess; the message says why,
    and `parameter` names the parameter at fault when there is one."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


# --- plain words ------------------------------------------------------------------------------


def describe_rule(rule: Mapping[str, Any]) -> str:
    """The rule as a secretariat member reads it."""
    return describe(rule_from_dict(rule if isinstance(rule, Mapping) else {}))


def describe(rule: Rule) -> str:
    if isinstance(rule, EducationOrExperienceInLieuRule):
        return _("%(education)s; or %(level)s with at least %(months)s months in %(tag)s") % {
            "education": _education(rule.education),
            "level": level_name(rule.in_lieu.degree_level),
            "months": rule.in_lieu.min_qualifying_months,
            "tag": tag_label(rule.in_lieu.qualifying_experience_tag),
        }
    if isinstance(rule, EducationRule):
        return _education(rule)
    if isinstance(rule, ExperienceMonthsRule):
        return _("At least %(months)s months %(subject)s") % {
            "months": rule.min_months,
            "subject": _subject(rule.tag, rule.within_tag),
        }
    if isinstance(rule, ExperienceMonthsGradedRule):
        return _graded(rule)
    if isinstance(rule, ExperienceAnyRule):
        return _("Some experience %(subject)s (any length)") % {
            "subject": _subject(rule.tag, rule.within_tag)
        }
    if isinstance(rule, LanguageRule):
        return _language(rule)
    if isinstance(rule, LanguageAnyRule):
        return _language_any(rule)
    if isinstance(rule, AllOfRule):
        return _("All of: %(parts)s") % {"parts": _numbered(rule.rules, _("and"))}
    if isinstance(rule, AnyOfRule):
        return _("One of: %(parts)s") % {"parts": _numbered(rule.options, _("or"))}
    return _("Screening cannot assess this rule: %(reason)s") % {"reason": rule.reason}


def level_name(level: str) -> str:
    return str(LEVEL_NAMES.get(level, level.replace("_", " ").capitalize()))


def language_level_name(level: str) -> str:
    return str(LANGUAGE_LEVEL_NAMES.get(level, level))


def tag_label(tag: str | None) -> str:
    """A tag as people read it: "international_relations" → "international relations"."""
    return _("professional experience") if tag is None else tag.replace("_", " ")


def _education(rule: EducationRule) -> str:
    level = level_name(rule.min_level)
    if rule.min_rank < len(rule.levels) - 1:
        level = _("%(level)s or higher") % {"level": level}
    if not rule.fields_listed and not rule.fields_accepted_as_relevant:
        text = _("%(level)s in any field") % {"level": level}
    else:
        fields = ", ".join(rule.fields_listed)
        if rule.fields_accepted_as_relevant:
            related = _("one of %(count)s related fields") % {
                "count": len(rule.fields_accepted_as_relevant)
            }
            fields = f"{fields}, {_('or')} {related}" if fields else related
        text = _("%(level)s in: %(fields)s") % {"level": level, "fields": fields}
        other = {
            "unclear": _("other fields: a person decides"),
            "not_met": _("other fields: not met"),
            "met": _("other fields: also met"),
        }[rule.verdict_at_level_in_other_field]
        text += f" ({other})"
    if rule.verdict_below_level != "not_met" and rule.min_rank > 0:
        below = {"unclear": _("a person decides"), "met": _("also met")}
        text += "; " + _("below %(level)s: %(verdict)s") % {
            "level": level_name(rule.min_level),
            "verdict": below[rule.verdict_below_level],
        }
    return text


def _subject(tag: str | None, within_tag: str | None) -> str:
    if tag is None and within_tag is None:
        return _("of professional experience")
    if within_tag is None or tag is None:
        return _("in %(tag)s") % {"tag": tag_label(tag or within_tag)}
    return _("in %(tag)s within %(within)s") % {
        "tag": tag_label(tag),
        "within": tag_label(within_tag),
    }


def _graded(rule: ExperienceMonthsGradedRule) -> str:
    text = _("At least %(months)s months %(subject)s") % {
        "months": rule.met_min_months,
        "subject": _subject(rule.tag, rule.within_tag),
    }
    if rule.unclear_min_months <= rule.unclear_max_months:
        text += "; " + _("%(low)s to %(high)s months: a person decides") % {
            "low": rule.unclear_min_months,
            "high": rule.unclear_max_months,
        }
    return text


def _language(rule: LanguageRule) -> str:
    text = _("%(language)s: %(levels)s") % {
        "language": rule.language,
        "levels": _either(language_level_name(level) for level in rule.met_levels),
    }
    if rule.unclear_levels:
        levels = _either(language_level_name(level) for level in rule.unclear_levels)
        if len(rule.unclear_levels) == 1:
            text += "; " + _("%(levels)s needs a person") % {"levels": levels}
        else:
            text += "; " + _("%(levels)s need a person") % {"levels": levels}
    return text


def _language_any(rule: LanguageAnyRule) -> str:
    level = _("%(level)s level") % {"level": language_level_name(rule.min_level)}
    if rule.min_level != LANGUAGE_LEVELS[-1]:
        level = _("%(level)s or better") % {"level": level}
    languages = ", ".join(rule.languages)
    if rule.min_count == 1:
        return _("At least one of %(languages)s, at %(level)s") % {
            "languages": languages,
            "level": level,
        }
    return _("At least %(count)s of %(languages)s, each at %(level)s") % {
        "count": rule.min_count,
        "languages": languages,
        "level": level,
    }


def _either(words: Iterable[str]) -> str:
    return f" {_('or')} ".join(words)


def _numbered(rules: Sequence[Rule], joiner: str) -> str:
    """(1) …; or (2) …, a combined part in brackets so that its own numbers stay apart."""
    parts = []
    for number, part in enumerate(rules, 1):
        text = describe(part)
        if isinstance(part, AllOfRule | AnyOfRule):
            text = f"[{text}]"
        parts.append(f"({number}) {text}")
    return f"; {joiner} ".join(parts)


# --- a rule's parameters, for the form --------------------------------------------------------


def parameters_of(rule: Mapping[str, Any]) -> dict[str, Any]:
    """The values the criterion form shows for the rule's type (empty for other types)."""
    rule_type = rule.get("type")
    if rule_type in EDUCATION_TYPES:
        return {"min_level": rule.get("min_level"), "fields": as_lines(rule.get("fields_listed"))}
    if rule_type in EXPERIENCE_TYPES:
        values: dict[str, Any] = {"tag": rule.get("tag") or ""}
        if rule_type in MONTHS_KEYS:
            values["months"] = rule.get(MONTHS_KEYS[rule_type])
        return values
    if rule_type == "language":
        return {
            "language": rule.get("language"),
            "met_levels": list(rule.get("met_levels") or ("native", "fluent")),
            "unclear_levels": list(rule.get("unclear_levels") or ()),
        }
    if rule_type == "language_any":
        return {
            "languages": as_lines(rule.get("languages")),
            "any_level": rule.get("min_level"),
            "min_count": rule.get("min_count") or 1,
        }
    return {}


def education_levels(rule: Mapping[str, Any]) -> list[str]:
    levels = rule.get("levels")
    if isinstance(levels, list) and levels and all(isinstance(level, str) for level in levels):
        return levels
    return list(DEFAULT_EDUCATION_LEVELS)


def rule_with_parameters(rule: Mapping[str, Any], values: Mapping[str, Any]) -> dict[str, Any]:
    """The rule with the form's parameters set; every key the form does not show is kept.
    Raises RuleRefused when the result could not be assessed."""
    new = json.loads(json.dumps(rule))
    rule_type = new.get("type")
    if rule_type in EDUCATION_TYPES:
        new["min_level"] = values["min_level"]
        new["fields_listed"] = lines(values.get("fields") or "")
    elif rule_type in EXPERIENCE_TYPES:
        new["tag"] = values.get("tag") or None
        if rule_type in MONTHS_KEYS:
            _set_months(new, rule_type, values.get("months"))
    elif rule_type == "language":
        _set_language(new, values)
    elif rule_type == "language_any":
        _set_languages(new, values)
    return checked_rule(new)


def _set_months(rule: dict[str, Any], rule_type: str, months: Any) -> None:
    if isinstance(months, bool) or not isinstance(months, int) or not 0 < months <= MAX_MONTHS:
        raise RuleRefused(
            _("Give a number of months between 1 and %(max)s.", max=MAX_MONTHS), "months"
        )
    rule[MONTHS_KEYS[rule_type]] = months
    if rule_type == "experience_months_graded":
        low = (rule.get("unclear_months") or [1])[0]
        low = low if isinstance(low, int) and 0 < low < months else 1
        rule["unclear_months"] = [low, months - 1]


def _set_language(rule: dict[str, Any], values: Mapping[str, Any]) -> None:
    language = (values.get("language") or "").strip()
    strongest_first = LANGUAGE_LEVELS[::-1]
    met = [level for level in strongest_first if level in (values.get("met_levels") or ())]
    unclear = [level for level in strongest_first if level in (values.get("unclear_levels") or ())]
    if not language:
        raise RuleRefused(_("Name the language."), "language")
    if not met:
        raise RuleRefused(_("Choose at least one level that meets the criterion."), "met_levels")
    both = [language_level_name(level) for level in met if level in unclear]
    if both:
        raise RuleRefused(
            _("A level cannot both meet the criterion and need a person: %(levels)s.")
            % {"levels": ", ".join(both)},
            "unclear_levels",
        )
    rule.update(language=language, met_levels=met, unclear_levels=unclear)
    if "not_met_levels" in rule:
        rule["not_met_levels"] = [
            *(level for level in strongest_first if level not in met and level not in unclear),
            "absent",
        ]


def _set_languages(rule: dict[str, Any], values: Mapping[str, Any]) -> None:
    languages = lines(values.get("languages") or "")
    count = values.get("min_count") or 1
    if not languages:
        raise RuleRefused(_("Name at least one language."), "languages")
    if not 0 < count <= len(languages):
        raise RuleRefused(
            _("Between 1 and %(count)s: there are no more languages listed.", count=len(languages)),
            "min_count",
        )
    rule.update(languages=languages, min_level=values["any_level"], min_count=count)


def checked_rule(rule: Any, tags: Iterable[str] | None = None) -> dict[str, Any]:
    """The rule if screening can assess it (and, given the vacancy's `tags`, names only
    those); RuleRefused with the reason otherwise."""
    if not isinstance(rule, Mapping) or not isinstance(rule.get("type"), str):
        raise RuleRefused(
            _('A rule is a JSON object with a "type", such as {"type": "experience_any"}.')
        )
    parsed = rule_from_dict(rule)
    if isinstance(parsed, UnassessableRule):
        raise RuleRefused(
            _("Screening cannot assess this rule: %(reason)s.") % {"reason": parsed.reason}
        )
    if tags is not None:
        unknown = [tag for tag in tags_of_rule(rule) if tag not in set(tags)]
        if unknown:
            raise RuleRefused(
                _("No tag of this vacancy is called %(tags)s, so nothing could match it.")
                % {"tags": ", ".join(unknown)}
            )
    return dict(rule)


def rule_from_json(text: str, tags: Iterable[str] | None = None) -> dict[str, Any]:
    """The rule written as JSON, checked like `checked_rule`."""
    try:
        rule = json.loads(text)
    except ValueError as error:
        line, column = getattr(error, "lineno", 1), getattr(error, "colno", 1)
        raise RuleRefused(
            _("This is not valid JSON (line %(line)s, column %(column)s): %(reason)s.")
            % {"line": line, "column": column, "reason": getattr(error, "msg", str(error))}
        ) from error
    return checked_rule(rule, tags)


def rule_as_json(rule: Mapping[str, Any]) -> str:
    return json.dumps(rule, indent=2, ensure_ascii=False)


def tags_of_rule(rule: Any) -> list[str]:
    """Every tag a rule (and its parts) names, in order, once."""
    if not isinstance(rule, Mapping):
        return []
    found: list[str] = []
    for key in ("tag", "within_tag"):
        if isinstance(rule.get(key), str) and rule[key]:
            found.append(rule[key])
    in_lieu = rule.get("in_lieu")
    if isinstance(in_lieu, Mapping) and isinstance(in_lieu.get("qualifying_experience_tag"), str):
        found.append(in_lieu["qualifying_experience_tag"])
    for key in ("rules", "options"):
        parts = rule.get(key)
        for part in parts if isinstance(parts, list) else ():
            found.extend(tags_of_rule(part))
    return list(dict.fromkeys(found))


# --- edited copies of the draft ---------------------------------------------------------------


def lines(text: str) -> list[str]:
    """One entry per non-blank line, trimmed, each once."""
    return list(dict.fromkeys(line.strip() for line in text.splitlines() if line.strip()))


def as_lines(values: Any) -> str:
    if not isinstance(values, list | tuple):
        return ""
    return "\n".join(str(value) for value in values)


def criterion_in(criteria: Mapping[str, Any], criterion_id: str) -> dict[str, Any]:
    """The criterion with that id; KeyError when there is none."""
    for item in criteria.get("criteria") or ():
        if isinstance(item, Mapping) and item.get("id") == criterion_id:
            return dict(item)
    raise KeyError(criterion_id)


def with_criterion(
    criteria: Mapping[str, Any],
    criterion_id: str,
    *,
    text: str | None = None,
    mandatory: bool | None = None,
    rule: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """A copy of the criteria with one criterion changed. Its quote's place in the ToR
    (`source`) is dropped once its text no longer is the ToR's."""
    old = criterion_in(criteria, criterion_id)
    new = dict(old)
    if text is not None and text != old.get("text"):
        new["text"] = text
        new.pop("source", None)
    if mandatory is not None:
        new["mandatory"] = mandatory
    if rule is not None:
        new["rule"] = dict(rule)
    items = [new if _is(item, criterion_id) else item for item in criteria["criteria"]]
    return {**criteria, "criteria": items}


def without_criterion(criteria: Mapping[str, Any], criterion_id: str) -> dict[str, Any]:
    criterion_in(criteria, criterion_id)
    items = [item for item in criteria["criteria"] if not _is(item, criterion_id)]
    return {**criteria, "criteria": items}


def _is(item: Any, criterion_id: str) -> bool:
    return isinstance(item, Mapping) and item.get("id") == criterion_id


def with_tag_terms(
    criteria: Mapping[str, Any], tag: str, synonyms: Sequence[str], struck: Sequence[str]
) -> dict[str, Any]:
    """A copy of the criteria with the tag's own synonyms and struck terms replaced."""
    if tag not in (criteria.get("tags") or {}):
        raise KeyError(tag)
    edited = dict(criteria)
    for key, terms in (("synonyms", synonyms), ("excluded_terms", struck)):
        by_tag = {k: v for k, v in dict(criteria.get(key) or {}).items() if k != tag}
        if terms:
            by_tag[tag] = list(terms)
        edited[key] = by_tag
    return edited


def unknown_struck_terms(struck: Iterable[str], proposed: Iterable[str]) -> list[str]:
    """The struck terms that are none of the proposed terms (as the matcher compares them)."""
    known = set()
    for phrase in proposed:
        known.update({normalise_text(phrase), normalise_text(phrase).replace("/", " ")})
    return [term for term in struck if normalise_text(term) not in known]


def competency_from_values(
    name: str, kind: str, weight: float, indicators: str, description: str | None = None
) -> dict[str, Any]:
    return {
        "name": name.strip(),
        "kind": kind.strip() or None,
        "description": (description or "").strip() or None,
        "indicators": lines(indicators),
        "weight": weight,
    }


def with_competency(
    competencies: Sequence[Mapping[str, Any]], index: int | None, competency: Mapping[str, Any]
) -> list[dict[str, Any]]:
    """A copy with the competency at `index` (0-based) replaced, or appended when None; the
    keys the form does not show are kept."""
    edited = [dict(c) for c in competencies]
    if index is None:
        return [*edited, dict(competency)]
    if not 0 <= index < len(edited):
        raise IndexError(index)
    edited[index] = {**edited[index], **competency}
    return edited


def without_competency(
    competencies: Sequence[Mapping[str, Any]], index: int
) -> list[dict[str, Any]]:
    if not 0 <= index < len(competencies):
        raise IndexError(index)
    return [dict(c) for number, c in enumerate(competencies) if number != index]
