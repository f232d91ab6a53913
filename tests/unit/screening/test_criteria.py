"""Building typed criteria from a criteria dict, including unknown and malformed rules."""

from services.screening.domain.criteria import (
    EducationOrExperienceInLieuRule,
    EducationRule,
    ExperienceAnyRule,
    ExperienceMonthsGradedRule,
    ExperienceMonthsRule,
    LanguageAnyRule,
    LanguageRule,
    UnassessableRule,
    criteria_from_dict,
    rule_from_dict,
)
from services.screening.domain.months import Month
from tests.unit.screening.factories import criterion, education_rule, vacancy


def test_vacancy_fields_come_from_the_dict():
    criteria = criteria_from_dict(
        vacancy(
            criterion("EDU", education_rule(), kind="education"),
            criterion(
                "EXP", {"type": "experience_any", "tag": "health_emergencies"}, mandatory=False
            ),
        )
    )
    assert criteria.tor == "who-health-officer"
    assert criteria.reference_month == Month(2024, 12)
    assert criteria.tag_descriptions == {
        "health_emergencies": "outbreak response, emergency health"
    }
    assert [c.id for c in criteria.criteria] == ["EDU", "EXP"]
    assert [c.id for c in criteria.mandatory_criteria] == ["EDU"]
    assert criteria.criteria[0].kind == "education"


def test_education_rule_reads_levels_fields_and_equivalents():
    rule = rule_from_dict(
        education_rule(equivalents={"Maîtrise": "master (pre-Bologna)", "Odd": "not a level"})
    )
    assert isinstance(rule, EducationRule)
    assert rule.min_level == "bachelor"
    assert rule.accepted_fields == ("public health", "epidemiology", "nursing")
    assert rule.equivalents == (("Maîtrise", "master"),)
    assert rule.rank_of("master") > rule.min_rank > rule.rank_of("other")
    assert rule.rank_of("unheard-of") is None


def test_in_lieu_rule_has_its_clause():
    rule = rule_from_dict(
        education_rule(
            type="education_or_experience_in_lieu",
            min_level="master",
            in_lieu={
                "degree_level": "bachelor",
                "min_qualifying_months": 84,
                "qualifying_experience_tag": "health_emergencies",
            },
        )
    )
    assert isinstance(rule, EducationOrExperienceInLieuRule)
    assert rule.education.min_level == "master"
    assert rule.in_lieu.min_qualifying_months == 84
    assert rule.in_lieu.qualifying_experience_tag == "health_emergencies"


def test_experience_and_language_rules_read_their_parameters():
    assert rule_from_dict({"type": "experience_months", "tag": "t", "min_months": 60}) == (
        ExperienceMonthsRule("t", 60)
    )
    assert rule_from_dict(
        {
            "type": "experience_months_graded",
            "tag": "t",
            "met_min_months": 24,
            "unclear_months": [6, 23],
        }
    ) == ExperienceMonthsGradedRule("t", 24, 6, 23)
    assert rule_from_dict({"type": "experience_any", "tag": "t"}) == ExperienceAnyRule("t")
    assert rule_from_dict(
        {
            "type": "language",
            "language": "French",
            "met_levels": ["native"],
            "unclear_levels": ["fluent"],
        }
    ) == LanguageRule("French", ("native",), ("fluent",))
    assert rule_from_dict(
        {"type": "language_any", "languages": ["Arabic", "Portuguese"], "min_level": "fluent"}
    ) == LanguageAnyRule(("Arabic", "Portuguese"), "fluent")


def test_graded_rule_without_unclear_range_treats_everything_below_met_as_unclear():
    rule = rule_from_dict({"type": "experience_months_graded", "tag": "t", "met_min_months": 24})
    assert rule == ExperienceMonthsGradedRule("t", 24, 1, 23)


def test_unknown_rule_type_becomes_unassessable_with_a_reason():
    rule = rule_from_dict({"type": "publications_count", "min": 3})
    assert isinstance(rule, UnassessableRule)
    assert rule.rule_type == "publications_count"
    assert "publications_count" in rule.reason


def test_malformed_known_rule_becomes_unassessable_instead_of_raising():
    for data in (
        {"type": "experience_months", "tag": "t"},
        {"type": "experience_months", "tag": "t", "min_months": "ten years"},
        {"type": "education", "min_level": "licentiate"},
        {"type": "language", "language": "French", "met_levels": ["superb"]},
        {"type": "language_any", "languages": [], "min_level": "working"},
        {"type": "education_or_experience_in_lieu", "min_level": "master"},
        {},
    ):
        rule = rule_from_dict(data)
        assert isinstance(rule, UnassessableRule), data
        assert rule.reason
