"""Hand-made criteria dicts, profiles and a tagger for screening unit tests.

The vacancy here is deliberately not the CCM one: other tags, fields, languages and numbers,
so that tests catch any value the domain takes from somewhere other than the criteria.
"""

from collections.abc import Mapping
from typing import Any

from services.screening.domain.matching import TagMatch, heading_of

REFERENCE_DATE = "2024-12-31"


def education_rule(**overrides: Any) -> dict[str, Any]:
    rule = {
        "type": "education",
        "min_level": "bachelor",
        "levels": ["secondary", "other", "bachelor", "master", "doctorate"],
        "fields_listed": ["public health", "epidemiology"],
        "fields_accepted_as_relevant": ["nursing"],
        "master_in_other_field": "unclear",
        "below_master": "not_met",
        "equivalents": {"Licence": "bachelor", "DEA": "master", "Diploma": "other"},
    }
    rule.update(overrides)
    return rule


def vacancy(*criteria: dict[str, Any], tags: Mapping[str, str] | None = None) -> dict[str, Any]:
    return {
        "tor": "who-health-officer",
        "position": "Health Officer",
        "reference_date": REFERENCE_DATE,
        "tags": dict(tags or {"health_emergencies": "outbreak response, emergency health"}),
        "criteria": list(criteria),
    }


def criterion(
    criterion_id: str, rule: dict[str, Any], *, mandatory: bool = True, kind: str = "experience"
) -> dict[str, Any]:
    return {"id": criterion_id, "kind": kind, "mandatory": mandatory, "text": "…", "rule": rule}


def degree(
    level: str | None, written: str, field: str | None, field_as_written: str | None = None
) -> dict[str, Any]:
    return {
        "level": level,
        "degree_as_written": written,
        "field": field,
        "field_as_written": field_as_written if field_as_written is not None else field,
        "institution": "University of Somewhere",
        "year_completed": 2005,
    }


def position(
    title: str,
    start: str | None,
    end: str | None,
    *,
    tags: tuple[str, ...] = (),
    ongoing: bool | None = None,
    bullets: tuple[str, ...] = (),
    possible_tags: tuple[str, ...] = (),
    employer: str = "Employer",
) -> dict[str, Any]:
    return {
        "title": title,
        "employer": employer,
        "city": None,
        "country": None,
        "start": start,
        "end": end,
        "ongoing": end is None if ongoing is None else ongoing,
        "dates_as_written": None,
        "bullets": list(bullets),
        "test_tags": list(tags),
        "test_possible_tags": list(possible_tags),
    }


def language(name: str, level: str | None, as_written: str | None = None) -> dict[str, Any]:
    return {
        "language": name,
        "language_as_written": as_written or name,
        "level": level,
        "level_as_written": level,
    }


def profile(
    *,
    education: list[dict[str, Any]] | None = None,
    positions: list[dict[str, Any]] | None = None,
    languages: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "contact": {
            "name": "A. Candidate",
            "email": None,
            "phone": None,
            "city": None,
            "country": None,
        },
        "education": education or [],
        "positions": positions or [],
        "languages": languages or [],
    }


class GivenTagsTagger:
    """Tags each position with the tags the test wrote into it, quoting its heading; its
    possible tags come as matches that are not certain."""

    def matches_for(self, position: Mapping[str, Any]) -> tuple[TagMatch, ...]:
        heading = heading_of(position)
        certain = tuple(TagMatch(tag, "given", heading) for tag in position.get("test_tags", ()))
        possible = tuple(
            TagMatch(tag, "given", heading, certain=False)
            for tag in position.get("test_possible_tags", ())
        )
        return certain + possible

    def tags_for(self, position: Mapping[str, Any]) -> set[str]:
        return {match.tag for match in self.matches_for(position) if match.certain}

    def can_rule_out(self, tag: str) -> bool:
        return True


# A small vacancy whose criteria the service and API tests publish, screen and override.
DIRECTOR_CRITERIA: dict[str, Any] = {
    "tor": "test-director",
    "position": "Director",
    "reference_date": "2024-12-31",
    "tags": {"mine_action": "managing a mine action programme"},
    "criteria": [
        {
            "id": "EDU",
            "kind": "education",
            "mandatory": True,
            "text": "A master's degree in international relations.",
            "rule": {
                "type": "education",
                "min_level": "master",
                "fields_listed": ["international relations"],
            },
        },
        {
            "id": "LANG_EN",
            "kind": "language",
            "mandatory": True,
            "text": "Fluency in English.",
            "rule": {
                "type": "language",
                "language": "English",
                "met_levels": ["native", "fluent"],
                "unclear_levels": ["working"],
            },
        },
        {
            "id": "EXP_MINE",
            "kind": "experience",
            "mandatory": False,
            "text": "Experience in managing a mine action programme is desirable.",
            "rule": {"type": "experience_any", "tag": "mine_action"},
        },
    ],
}
