"""Combined rules (all_of, any_of), counted languages, nested and tag-less experience, open
fields, and positions that only may count, as a secretariat reads their verdicts."""

from typing import Any

import pytest

from services.screening.domain.criteria import (
    AllOfRule,
    AnyOfRule,
    LanguageAnyRule,
    UnassessableRule,
    criteria_from_dict,
    rule_from_dict,
)
from services.screening.domain.screening import CriterionAssessment, screen
from tests.unit.screening.factories import (
    GivenTagsTagger,
    criterion,
    degree,
    education_rule,
    language,
    position,
    profile,
    vacancy,
)

PROTECTION = "refugee_protection"
SENIOR = "senior_level"
OBSERVED = "election_observation"
ASSISTED = "electoral_assistance"
REGISTERED = "voter_registration"
TAGS = {
    PROTECTION: "refugee protection, refugee status determination",
    SENIOR: "senior protection officer",
    OBSERVED: "election observation",
    ASSISTED: "electoral assistance",
    REGISTERED: "voter registration",
}


def screen_one(rule: dict[str, Any], candidate: dict[str, Any]) -> CriterionAssessment:
    criteria = criteria_from_dict(vacancy(criterion("C", rule), tags=TAGS))
    return screen(candidate, criteria, GivenTagsTagger()).assessment("C")


def months_rule(min_months: int, tag: str | None = PROTECTION, **extra: Any) -> dict[str, Any]:
    return {"type": "experience_months", "tag": tag, "min_months": min_months, **extra}


def any_rule(tag: str | None) -> dict[str, Any]:
    return {"type": "experience_any", "tag": tag}


def all_of(*rules: dict[str, Any]) -> dict[str, Any]:
    return {"type": "all_of", "rules": list(rules)}


def any_of(*options: dict[str, Any]) -> dict[str, Any]:
    return {"type": "any_of", "options": list(options)}


# --- all_of and any_of --------------------------------------------------------------------

# An observer certainly observed elections, may have done electoral assistance, and never
# registered voters: experience_any on these tags is met, unclear and not_met.
OBSERVER = profile(
    positions=[
        position("Election Observer", "2022-01", "2022-03", tags=(OBSERVED,), employer="OSCE"),
        position("Electoral Assistant", "2023-01", "2023-06", possible_tags=(ASSISTED,)),
    ]
)
PART = {"met": any_rule(OBSERVED), "unclear": any_rule(ASSISTED), "not_met": any_rule(REGISTERED)}


@pytest.mark.parametrize(
    ("parts", "verdict"),
    [
        (("met", "met"), "met"),
        (("met", "unclear"), "unclear"),
        (("unclear", "unclear"), "unclear"),
        (("met", "not_met"), "not_met"),
        (("unclear", "not_met"), "not_met"),
        (("not_met", "met"), "not_met"),
    ],
)
def test_all_of_needs_every_part(parts, verdict):
    assert screen_one(all_of(*(PART[p] for p in parts)), OBSERVER).verdict == verdict


@pytest.mark.parametrize(
    ("options", "verdict"),
    [
        (("not_met", "met"), "met"),
        (("unclear", "met"), "met"),
        (("not_met", "unclear"), "unclear"),
        (("unclear", "unclear"), "unclear"),
        (("not_met", "not_met"), "not_met"),
    ],
)
def test_any_of_needs_one_option(options, verdict):
    assert screen_one(any_of(*(PART[o] for o in options)), OBSERVER).verdict == verdict


def test_all_of_figure_numbers_each_part_with_its_verdict_and_cites_their_positions():
    assessment = screen_one(all_of(PART["met"], PART["not_met"]), OBSERVER)
    assert assessment.figure == (
        "all of: (1) 3 months in election observation: position 1 → met; "
        "(2) no position shows voter registration → not_met"
    )
    assert assessment.positions == (0,)
    assert assessment.evidence == ("position 1 (Election Observer, OSCE)",)


def test_any_of_not_met_shows_every_option():
    assessment = screen_one(any_of(PART["not_met"], PART["unclear"]), OBSERVER)
    assert assessment.figure == (
        "one of: (1) no position shows voter registration → not_met; "
        "(2) position 2 may show electoral assistance; a person must judge → unclear"
    )
    assert assessment.positions == (1,)
    assert assessment.evidence == ("position 2 (Electoral Assistant, Employer) (may count)",)


def test_any_of_met_figure_keeps_the_number_of_the_option_that_is_met():
    assessment = screen_one(any_of(PART["not_met"], PART["met"]), OBSERVER)
    assert "(2) 3 months in election observation" in assessment.figure


def test_combined_rules_are_read_from_the_criteria_dict():
    rule = rule_from_dict(any_of(all_of(PART["met"], PART["unclear"]), PART["not_met"]))
    assert isinstance(rule, AnyOfRule)
    assert isinstance(rule.options[0], AllOfRule)
    assert len(rule.options[0].rules) == 2


@pytest.mark.parametrize(
    "data",
    [
        all_of(PART["met"], {"type": "experience_months", "tag": PROTECTION}),
        any_of(PART["met"], {"type": "publications_count", "min": 3}),
        any_of(PART["met"], all_of(PART["met"], "ten years")),
        {"type": "all_of", "rules": []},
        {"type": "any_of", "options": PART["met"]},
        {"type": "any_of"},
    ],
)
def test_a_malformed_part_makes_the_whole_rule_unassessable(data):
    assert isinstance(rule_from_dict(data), UnassessableRule)
    assessment = screen_one(data, OBSERVER)
    assert assessment.verdict == "unclear"
    assert assessment.figure.startswith(f"rule {data['type']!r} is malformed")
    assert assessment.figure.endswith("a person must assess this criterion")


# --- "Bachelor's and 15 years, OR Master's and 10 years, OR Doctorate and 6 years" ----------


def degree_in_law(level: str) -> dict[str, Any]:
    return education_rule(
        min_level=level, fields_listed=["law", "political science"], fields_accepted_as_relevant=[]
    )


DEGREE_OR_YEARS = any_of(
    all_of(degree_in_law("bachelor"), months_rule(180)),
    all_of(degree_in_law("master"), months_rule(120)),
    all_of(degree_in_law("doctorate"), months_rule(72)),
)


def test_degree_or_years_master_with_eleven_years_is_met_by_the_second_option():
    candidate = profile(
        education=[degree("master", "LLM", "law", "Law")],
        positions=[position("Protection Officer", "2014-01", "2024-12", tags=(PROTECTION,))],
    )
    assessment = screen_one(DEGREE_OR_YEARS, candidate)
    assert assessment.verdict == "met"
    assert "master (LLM, Law) → met" in assessment.figure
    assert "132 months in refugee protection: position 1; 120 required → met" in assessment.figure
    assert "180 required" not in assessment.figure
    assert assessment.positions == (0,)
    assert assessment.education == (0,)
    assert assessment.evidence == (
        "LLM, Law, University of Somewhere, 2005",
        "position 1 (Protection Officer, Employer)",
    )


def test_degree_or_years_bachelor_with_twelve_years_is_not_met():
    candidate = profile(
        education=[degree("bachelor", "LLB", "law", "Law")],
        positions=[position("Protection Officer", "2013-01", "2024-12", tags=(PROTECTION,))],
    )
    assessment = screen_one(DEGREE_OR_YEARS, candidate)
    assert assessment.verdict == "not_met"
    assert "144 months in refugee protection: position 1; 180 required → not_met" in (
        assessment.figure
    )
    assert "highest: bachelor (LLB, Law); master required → not_met" in assessment.figure
    assert "highest: bachelor (LLB, Law); doctorate required → not_met" in assessment.figure


def test_degree_or_years_doctorate_with_seven_years_is_met_by_the_third_option():
    candidate = profile(
        education=[degree("doctorate", "PhD", "political science", "Political Science")],
        positions=[position("Protection Officer", "2018-01", "2024-12", tags=(PROTECTION,))],
    )
    assessment = screen_one(DEGREE_OR_YEARS, candidate)
    assert assessment.verdict == "met"
    assert "84 months in refugee protection: position 1; 72 required → met" in assessment.figure


def test_degree_or_years_doctorate_whose_years_only_may_count_is_unclear():
    candidate = profile(
        education=[degree("doctorate", "PhD", "law", "Law")],
        positions=[
            position("Researcher", "2015-01", "2024-12", possible_tags=(PROTECTION,)),
        ],
    )
    assessment = screen_one(DEGREE_OR_YEARS, candidate)
    assert assessment.verdict == "unclear"
    assert "position 1 may also count (up to 120 months); 72 required → unclear" in (
        assessment.figure
    )
    assert assessment.positions == (0,)
    assert "position 1 (Researcher, Employer) (may count)" in assessment.evidence


# --- language_any with a count ------------------------------------------------------------

TWO_OF_FOUR = {
    "type": "language_any",
    "languages": ["English", "French", "Spanish", "Portuguese"],
    "min_level": "fluent",
    "min_count": 2,
}
TWO_OF_FOUR_REQUIRED = "fluent or better in 2 of English, French, Spanish, Portuguese"


def test_two_listed_languages_at_the_level_are_met_and_only_they_are_cited():
    candidate = profile(
        languages=[
            language("English", "native"),
            language("Arabic", "native"),
            language("French", "fluent", "Français"),
        ]
    )
    assessment = screen_one(TWO_OF_FOUR, candidate)
    assert assessment.verdict == "met"
    assert assessment.figure == f"fluent or better in English, French; {TWO_OF_FOUR_REQUIRED}"
    assert assessment.evidence == ("English: native", "Français: fluent")


@pytest.mark.parametrize(
    "languages",
    [
        [language("English", "native"), language("Spanish", "working")],
        [language("English", "native"), language("Arabic", "fluent")],
        [language("English", "native"), language("english", "fluent", "Anglais")],
        [],
    ],
)
def test_fewer_than_two_listed_languages_at_the_level_are_not_met(languages):
    assert screen_one(TWO_OF_FOUR, profile(languages=languages)).verdict == "not_met"


def test_a_language_without_a_level_that_could_make_up_the_count_is_unclear():
    candidate = profile(languages=[language("English", "native"), language("Portuguese", None)])
    assessment = screen_one(TWO_OF_FOUR, candidate)
    assert assessment.verdict == "unclear"
    assert assessment.figure == (
        f"fluent or better in English; {TWO_OF_FOUR_REQUIRED}; a level is not stated"
    )
    assert assessment.evidence == ("English: native", "Portuguese: level not stated")


def test_a_language_without_a_level_that_cannot_make_up_the_count_is_not_met():
    candidate = profile(languages=[language("Spanish", "basic"), language("Portuguese", None)])
    assert screen_one(TWO_OF_FOUR, candidate).verdict == "not_met"


def test_min_count_defaults_to_one_and_must_not_exceed_the_languages():
    one = rule_from_dict({**TWO_OF_FOUR, "min_count": None})
    assert one == LanguageAnyRule(("English", "French", "Spanish", "Portuguese"), "fluent", 1)
    assert isinstance(rule_from_dict({**TWO_OF_FOUR, "min_count": 5}), UnassessableRule)


def test_min_count_zero_is_malformed():
    assert isinstance(rule_from_dict({**TWO_OF_FOUR, "min_count": 0}), UnassessableRule)


# --- "10 years in refugee protection, of which at least 5 at senior level" -----------------

TEN_OF_WHICH_FIVE_SENIOR = all_of(months_rule(120), months_rule(60, within_tag=SENIOR))


def test_nested_years_count_only_positions_with_both_tags():
    candidate = profile(
        positions=[
            position("Protection Officer", "2010-01", "2017-12", tags=(PROTECTION,)),
            position("Senior Protection Officer", "2018-01", "2022-12", tags=(PROTECTION, SENIOR)),
            position("Senior Accountant", "2023-01", "2024-12", tags=(SENIOR,)),
        ]
    )
    assessment = screen_one(TEN_OF_WHICH_FIVE_SENIOR, candidate)
    assert assessment.verdict == "met"
    assert "156 months in refugee protection: positions 1, 2; 120 required → met" in (
        assessment.figure
    )
    assert (
        "60 months in refugee protection within senior level: position 2; 60 required → met"
        in assessment.figure
    )
    assert assessment.positions == (0, 1)


def test_nested_years_with_too_few_senior_months_are_not_met():
    candidate = profile(
        positions=[
            position("Protection Officer", "2010-01", "2021-12", tags=(PROTECTION,)),
            position("Senior Protection Officer", "2022-01", "2024-12", tags=(PROTECTION, SENIOR)),
        ]
    )
    assessment = screen_one(TEN_OF_WHICH_FIVE_SENIOR, candidate)
    assert assessment.verdict == "not_met"
    assert "36 months in refugee protection within senior level: position 2" in (assessment.figure)


def test_nested_years_whose_seniority_only_may_count_are_unclear():
    candidate = profile(
        positions=[
            position("Protection Officer", "2010-01", "2017-12", tags=(PROTECTION,)),
            position(
                "Protection Team Leader",
                "2018-01",
                "2022-12",
                tags=(PROTECTION,),
                possible_tags=(SENIOR,),
            ),
        ]
    )
    assessment = screen_one(TEN_OF_WHICH_FIVE_SENIOR, candidate)
    assert assessment.verdict == "unclear"
    assert "0 months in refugee protection within senior level; position 2 may also count" in (
        assessment.figure
    )


# --- experience of any kind ---------------------------------------------------------------

CLERK_AND_DRIVER = [
    position("Clerk", "2020-01", "2021-12"),
    position("Driver", "2021-01", "2023-06"),
]


@pytest.mark.parametrize(
    "rule", [{"type": "experience_months", "min_months": 36}, months_rule(36, tag=None)]
)
def test_experience_without_a_tag_counts_every_position(rule):
    assessment = screen_one(rule, profile(positions=CLERK_AND_DRIVER))
    assert assessment.verdict == "met"
    assert assessment.months == 42
    assert assessment.figure == (
        "42 months in professional experience: positions 1, 2; "
        "overlapping months counted once; 36 required"
    )
    assert assessment.positions == (0, 1)


def test_experience_without_a_tag_short_of_the_minimum_with_an_undated_position_is_unclear():
    candidate = profile(
        positions=[CLERK_AND_DRIVER[0], position("Interpreter", None, None, ongoing=False)]
    )
    assessment = screen_one(months_rule(36, tag=None), candidate)
    assert assessment.verdict == "unclear"
    assert "position 2 not counted (dates unclear)" in assessment.figure


def test_any_experience_without_a_tag():
    assert screen_one(any_rule(None), profile(positions=CLERK_AND_DRIVER[:1])).verdict == "met"
    nothing = screen_one(any_rule(None), profile())
    assert (nothing.verdict, nothing.figure) == (
        "not_met",
        "no position shows professional experience",
    )


def test_experience_without_a_tag_cites_the_counted_positions():
    assessment = screen_one(months_rule(36, tag=None), profile(positions=CLERK_AND_DRIVER))
    assert "position 1 (Clerk, Employer)" in assessment.evidence
    assert "position 2 (Driver, Employer)" in assessment.evidence


# --- education in any field ---------------------------------------------------------------

ANY_FIELD_MASTER = education_rule(
    min_level="master", fields_listed=[], fields_accepted_as_relevant=[]
)


def test_education_without_fields_accepts_any_field_at_the_level():
    candidate = profile(education=[degree("master", "MA", "musicology", "Musicology")])
    assessment = screen_one(ANY_FIELD_MASTER, candidate)
    assert (assessment.verdict, assessment.figure) == ("met", "master (MA, Musicology)")


def test_education_without_fields_still_needs_the_level():
    candidate = profile(education=[degree("bachelor", "BA", "law", "Law")])
    assessment = screen_one(ANY_FIELD_MASTER, candidate)
    assert (assessment.verdict, assessment.figure) == (
        "not_met",
        "highest: bachelor (BA, Law); master required",
    )


# --- positions that only may count --------------------------------------------------------

CERTAIN_24 = position("Protection Officer", "2021-01", "2022-12", tags=(PROTECTION,))
POSSIBLE_24 = position(
    "Camp Coordinator", "2023-01", "2024-12", possible_tags=(PROTECTION,), employer="Relief Desk"
)
UNDATED_POSSIBLE = position(
    "Camp Coordinator", None, None, ongoing=False, possible_tags=(PROTECTION,)
)
WITH_POSSIBLE = profile(positions=[CERTAIN_24, POSSIBLE_24])


@pytest.mark.parametrize(
    ("min_months", "verdict"),
    [(24, "met"), (60, "not_met"), (36, "unclear"), (48, "unclear")],
)
def test_possible_months_make_experience_unclear_only_when_they_would_change_it(
    min_months, verdict
):
    assessment = screen_one(months_rule(min_months), WITH_POSSIBLE)
    assert assessment.verdict == verdict
    assert assessment.months == 24
    assert assessment.figure == (
        "24 months in refugee protection: position 1; "
        f"position 2 may also count (up to 48 months); {min_months} required"
    )
    assert assessment.positions == (0, 1)
    assert assessment.evidence == (
        "position 1 (Protection Officer, Employer)",
        "position 2 (Camp Coordinator, Relief Desk) (may count)",
    )


def test_a_possible_position_within_the_counted_months_changes_nothing():
    overlapping = position("Camp Coordinator", "2022-01", "2022-06", possible_tags=(PROTECTION,))
    assessment = screen_one(months_rule(36), profile(positions=[CERTAIN_24, overlapping]))
    assert assessment.verdict == "not_met"
    assert "position 2 may also count (up to 24 months)" in assessment.figure


def test_only_possible_positions_are_unclear_with_no_months_counted():
    assessment = screen_one(months_rule(12), profile(positions=[POSSIBLE_24]))
    assert (assessment.verdict, assessment.months) == ("unclear", 0)
    assert assessment.figure.startswith(
        "0 months in refugee protection; position 1 may also count (up to 24 months)"
    )


@pytest.mark.parametrize(
    ("min_months", "verdict"), [(24, "met"), (36, "unclear"), (600, "unclear")]
)
def test_an_undated_possible_position_leaves_the_upper_bound_open(min_months, verdict):
    candidate = profile(positions=[CERTAIN_24, UNDATED_POSSIBLE])
    assessment = screen_one(months_rule(min_months), candidate)
    assert assessment.verdict == verdict
    assert assessment.figure == (
        f"24 months in refugee protection: position 1; position 2 may also count; "
        f"{min_months} required"
    )


def graded(met_min: int, unclear_min: int, unclear_max: int) -> dict[str, Any]:
    return {
        "type": "experience_months_graded",
        "tag": PROTECTION,
        "met_min_months": met_min,
        "unclear_months": [unclear_min, unclear_max],
    }


@pytest.mark.parametrize(
    ("rule", "candidate", "verdict"),
    [
        (graded(36, 30, 35), profile(positions=[CERTAIN_24]), "not_met"),
        (graded(36, 30, 35), WITH_POSSIBLE, "unclear"),
        (graded(24, 12, 23), WITH_POSSIBLE, "met"),
        (graded(120, 100, 119), WITH_POSSIBLE, "not_met"),
        (graded(60, 12, 59), WITH_POSSIBLE, "unclear"),
        (graded(36, 30, 35), profile(positions=[CERTAIN_24, UNDATED_POSSIBLE]), "unclear"),
    ],
)
def test_possible_months_in_graded_experience(rule, candidate, verdict):
    assert screen_one(rule, candidate).verdict == verdict


def test_graded_figure_shows_the_upper_bound_and_the_range_for_a_person():
    assessment = screen_one(graded(36, 30, 35), WITH_POSSIBLE)
    assert assessment.figure == (
        "24 months in refugee protection: position 1; position 2 may also count "
        "(up to 48 months); 36 required; 30 to 35 needs a person"
    )


def test_any_experience_with_a_certain_position_is_met_whatever_may_also_count():
    assessment = screen_one(any_rule(PROTECTION), WITH_POSSIBLE)
    assert assessment.verdict == "met"
    assert assessment.positions == (0, 1)


@pytest.mark.parametrize("possible", [POSSIBLE_24, UNDATED_POSSIBLE])
def test_any_experience_with_only_possible_positions_is_unclear(possible):
    assessment = screen_one(any_rule(PROTECTION), profile(positions=[possible]))
    assert assessment.verdict == "unclear"
    assert assessment.figure == "position 1 may show refugee protection; a person must judge"
    assert assessment.positions == (0,)
    assert assessment.evidence[0].endswith("(may count)")


def test_any_experience_with_no_position_carrying_the_tag_is_not_met():
    candidate = profile(positions=[position("Accountant", "2020-01", "2024-12")])
    assessment = screen_one(any_rule(PROTECTION), candidate)
    assert (assessment.verdict, assessment.positions) == ("not_met", ())
