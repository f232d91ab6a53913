"""Each rule type's verdicts, figures and evidence, the unknown rule, and the long-list rule."""

from typing import Any

import pytest

from services.screening.domain.criteria import criteria_from_dict
from services.screening.domain.months import Month
from services.screening.domain.screening import (
    CriterionAssessment,
    ScreeningResult,
    field_matches,
    propose,
    screen,
)
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

TAG = "health_emergencies"


def screen_one(rule: dict[str, Any], candidate: dict[str, Any]) -> CriterionAssessment:
    result = screen(candidate, criteria_from_dict(vacancy(criterion("C", rule))), GivenTagsTagger())
    return result.assessment("C")


# --- education ----------------------------------------------------------------------------


def test_degree_at_level_in_listed_field_is_met_with_figure_and_evidence():
    assessment = screen_one(
        education_rule(),
        profile(education=[degree("bachelor", "BSc", "public health", "Public Health")]),
    )
    assert assessment.verdict == "met"
    assert assessment.figure == "bachelor (BSc, Public Health)"
    assert assessment.evidence == ("BSc, Public Health, University of Somewhere, 2005",)
    assert assessment.education == (0,)


def test_higher_degree_in_accepted_relevant_field_is_met():
    assessment = screen_one(
        education_rule(),
        profile(education=[degree("doctorate", "PhD", "nursing", "Nursing Science")]),
    )
    assert assessment.verdict == "met"


def test_degree_at_level_in_other_field_takes_the_rules_verdict():
    candidate = profile(education=[degree("master", "MA", "musicology", "Musicology")])
    assert screen_one(education_rule(), candidate).verdict == "unclear"
    assert "field not among" in screen_one(education_rule(), candidate).figure
    assert (
        screen_one(education_rule(master_in_other_field="not_met"), candidate).verdict == "not_met"
    )


def test_degree_below_level_is_not_met():
    assessment = screen_one(
        education_rule(min_level="master"),
        profile(education=[degree("bachelor", "BSc", "epidemiology")]),
    )
    assert assessment.verdict == "not_met"
    assert assessment.figure == "highest: bachelor (BSc, epidemiology); master required"


def test_equivalents_of_the_vacancy_set_the_level():
    candidate = profile(education=[degree("other", "D.E.A.", "epidemiology")])
    assert screen_one(education_rule(min_level="master"), candidate).verdict == "met"


def test_degree_of_unrecognised_level_is_unclear():
    candidate = profile(education=[degree(None, "Diplom", "epidemiology")])
    assert screen_one(education_rule(), candidate).verdict == "unclear"


def test_no_education_in_the_cv_is_unclear_not_a_rejection():
    assert screen_one(education_rule(), profile()).verdict == "unclear"


@pytest.mark.parametrize(
    ("candidate_field", "accepted_field"),
    [
        ("Public Health", "public health"),
        ("public-health", "public health"),
        ("Epidemiologie", "epidemiology"),
        ("Public International Law", "international law"),
        ("Political Sciences", "political science"),
        ("Peace & Conflict Studies", "peace and conflict studies"),
        ("Studies of Peace and Conflict", "peace and conflict studies"),
    ],
)
def test_field_matching_is_lenient(candidate_field, accepted_field):
    assert field_matches(candidate_field, accepted_field)


@pytest.mark.parametrize(
    ("candidate_field", "accepted_field"),
    [
        ("Musicology", "sociology"),
        ("Mechanical Engineering", "geography"),
        ("Science", "political science"),
        ("", "geography"),
    ],
)
def test_field_matching_rejects_other_fields(candidate_field, accepted_field):
    assert not field_matches(candidate_field, accepted_field)


# --- education or experience in lieu ------------------------------------------------------


def in_lieu_rule() -> dict[str, Any]:
    return education_rule(
        type="education_or_experience_in_lieu",
        min_level="master",
        in_lieu={
            "degree_level": "bachelor",
            "min_qualifying_months": 84,
            "qualifying_experience_tag": TAG,
        },
    )


def test_in_lieu_master_in_field_is_met_as_plain_education():
    candidate = profile(education=[degree("master", "MPH", "public health")])
    assert screen_one(in_lieu_rule(), candidate).verdict == "met"


def test_in_lieu_bachelor_with_enough_qualifying_experience_is_met():
    candidate = profile(
        education=[degree("bachelor", "BSc", "nursing")],
        positions=[position("Nurse", "2010-01", "2016-12", tags=(TAG,))],
    )
    assessment = screen_one(in_lieu_rule(), candidate)
    assert assessment.verdict == "met"
    assert assessment.months == 84
    assert "84 required in lieu of a master" in assessment.figure


def test_in_lieu_bachelor_with_too_little_qualifying_experience_is_not_met():
    candidate = profile(
        education=[degree("bachelor", "BSc", "nursing")],
        positions=[position("Nurse", "2010-01", "2016-11", tags=(TAG,))],
    )
    assert screen_one(in_lieu_rule(), candidate).verdict == "not_met"


def test_in_lieu_bachelor_in_other_field_is_not_met_whatever_the_experience():
    candidate = profile(
        education=[degree("bachelor", "BA", "fine arts")],
        positions=[position("Nurse", "2000-01", "2020-12", tags=(TAG,))],
    )
    assert screen_one(in_lieu_rule(), candidate).verdict == "not_met"


# --- experience ---------------------------------------------------------------------------


def months_rule(min_months: int = 60) -> dict[str, Any]:
    return {"type": "experience_months", "tag": TAG, "min_months": min_months}


def test_experience_months_counts_the_union_of_tagged_positions():
    candidate = profile(
        positions=[
            position("Ongoing", "2024-01", None, tags=(TAG,)),
            position("Overlapping", "2019-01", "2021-06", tags=(TAG,)),
            position("Concurrent", "2020-01", "2020-12", tags=(TAG,)),
            position("Untagged", "2010-01", "2018-12"),
        ]
    )
    assessment = screen_one(months_rule(42), candidate)
    assert assessment.months == 42
    assert assessment.verdict == "met"
    assert assessment.positions == (0, 1, 2)
    assert assessment.figure == (
        "42 months in health emergencies: positions 1, 2, 3; overlapping months counted once; "
        "42 required"
    )
    assert assessment.evidence[0] == "position 1 (Ongoing, Employer)"


def test_experience_months_below_minimum_is_not_met():
    candidate = profile(positions=[position("Short", "2024-01", None, tags=(TAG,))])
    assessment = screen_one(months_rule(13), candidate)
    assert (assessment.months, assessment.verdict) == (12, "not_met")


def test_ongoing_position_counts_up_to_the_reference_month_only():
    candidate = profile(positions=[position("Long", "2020-01", None, tags=(TAG,))])
    rule = criteria_from_dict(vacancy(criterion("C", months_rule())))
    early = screen(candidate, rule, GivenTagsTagger(), reference_month=Month(2020, 3))
    assert early.assessment("C").months == 3
    assert screen(candidate, rule, GivenTagsTagger()).assessment("C").months == 60


def test_undated_tagged_position_turns_a_shortfall_into_unclear():
    candidate = profile(
        positions=[
            position("Dated", "2023-01", "2023-12", tags=(TAG,)),
            position("Undated", None, None, tags=(TAG,), ongoing=False),
        ]
    )
    assessment = screen_one(months_rule(), candidate)
    assert assessment.verdict == "unclear"
    assert "position 2 not counted (dates unclear)" in assessment.figure


@pytest.mark.parametrize(
    ("end", "verdict"),
    [("2019-12", "met"), ("2019-11", "unclear"), ("2018-06", "unclear"), (None, "not_met")],
)
def test_graded_experience(end, verdict):
    rule = {
        "type": "experience_months_graded",
        "tag": TAG,
        "met_min_months": 24,
        "unclear_months": [6, 23],
    }
    positions = [position("Job", "2018-01", end, tags=(TAG,))] if end else []
    assert screen_one(rule, profile(positions=positions)).verdict == verdict


def test_graded_experience_below_the_unclear_range_is_not_met():
    rule = {
        "type": "experience_months_graded",
        "tag": TAG,
        "met_min_months": 24,
        "unclear_months": [6, 23],
    }
    candidate = profile(positions=[position("Job", "2018-01", "2018-05", tags=(TAG,))])
    assert screen_one(rule, candidate).verdict == "not_met"


def test_experience_any():
    rule = {"type": "experience_any", "tag": TAG}
    tagged = profile(
        positions=[
            position("A", "2018-01", "2018-02"),
            position("B", "2019-01", "2019-01", tags=(TAG,)),
        ]
    )
    met = screen_one(rule, tagged)
    assert (met.verdict, met.positions, met.months) == ("met", (1,), 1)
    not_met = screen_one(rule, profile(positions=[position("A", "2018-01", "2018-02")]))
    assert not_met.verdict == "not_met"
    assert not_met.figure == "no position shows health emergencies"


# --- languages ----------------------------------------------------------------------------


def french_rule() -> dict[str, Any]:
    return {
        "type": "language",
        "language": "French",
        "met_levels": ["native", "fluent"],
        "unclear_levels": ["working"],
        "not_met_levels": ["basic", "absent"],
    }


@pytest.mark.parametrize(
    ("level", "verdict"),
    [
        ("native", "met"),
        ("fluent", "met"),
        ("working", "unclear"),
        ("basic", "not_met"),
        (None, "unclear"),
    ],
)
def test_language_levels(level, verdict):
    candidate = profile(languages=[language("French", level, "Français")])
    assessment = screen_one(french_rule(), candidate)
    assert assessment.verdict == verdict
    assert assessment.evidence[0].startswith("Français: ")


def test_language_not_listed_is_not_met():
    assessment = screen_one(french_rule(), profile(languages=[language("English", "native")]))
    assert assessment.verdict == "not_met"
    assert assessment.figure.startswith("French: not listed")


def test_language_takes_the_best_of_repeated_entries():
    candidate = profile(languages=[language("French", "basic"), language("french", "fluent")])
    assert screen_one(french_rule(), candidate).verdict == "met"


def test_language_any():
    rule = {"type": "language_any", "languages": ["Arabic", "Portuguese"], "min_level": "working"}
    met = screen_one(
        rule, profile(languages=[language("Portuguese", "working"), language("English", "native")])
    )
    assert (met.verdict, met.figure) == (
        "met",
        "working or better in Portuguese; working or better in one of Arabic, Portuguese",
    )
    basic = screen_one(rule, profile(languages=[language("Arabic", "basic")]))
    assert basic.verdict == "not_met"
    unstated = screen_one(rule, profile(languages=[language("Arabic", None)]))
    assert unstated.verdict == "unclear"
    assert screen_one(rule, profile()).verdict == "not_met"


# --- unknown rules ------------------------------------------------------------------------


def test_unknown_rule_type_is_always_unclear_with_the_reason():
    assessment = screen_one({"type": "publications_count", "min": 3}, profile())
    assert assessment.verdict == "unclear"
    assert "publications_count" in assessment.figure
    assert "a person must assess" in assessment.figure


# --- the long-list rule -------------------------------------------------------------------


def assessment(verdict: str, mandatory: bool = True) -> CriterionAssessment:
    return CriterionAssessment("X", mandatory, verdict, "")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("mandatory_verdicts", "proposal"),
    [
        (["met", "met"], "long_list"),
        (["met", "unclear"], "needs_review"),
        (["unclear", "unclear"], "needs_review"),
        (["met", "not_met"], "not_eligible"),
        (["unclear", "not_met"], "not_eligible"),
        ([], "long_list"),
    ],
)
def test_long_list_rule(mandatory_verdicts, proposal):
    assert propose([assessment(v) for v in mandatory_verdicts]) == proposal


def test_desirable_criteria_never_change_the_proposal():
    assert propose([assessment("met"), assessment("not_met", False)]) == "long_list"
    assert propose([assessment("met"), assessment("unclear", False)]) == "long_list"


def test_screen_proposes_from_its_assessments():
    criteria = criteria_from_dict(
        vacancy(
            criterion("EDU", education_rule(), kind="education"),
            criterion("LANG", french_rule(), kind="language"),
            criterion("NICE", {"type": "experience_any", "tag": TAG}, mandatory=False),
        )
    )
    candidate = profile(
        education=[degree("master", "MPH", "public health")],
        languages=[language("French", "working")],
    )
    result = screen(candidate, criteria, GivenTagsTagger())
    assert isinstance(result, ScreeningResult)
    assert result.verdicts == {"EDU": "met", "LANG": "unclear", "NICE": "not_met"}
    assert result.proposal == "needs_review"
    assert result.reference_month == Month(2024, 12)
