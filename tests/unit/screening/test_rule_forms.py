"""The vacancy editor's translations between forms and the criteria-file shape: every rule
type in plain words (combinations included), a rule's form parameters there and back, a
rule written as JSON refused with its reason, and the edited copies of a draft."""

from __future__ import annotations

from typing import Any

import pytest

from services.screening.domain.criteria import rule_from_dict
from services.screening.domain.vacancies import check_criteria
from services.screening.entrypoints import rule_forms as rf
from tests.unit.screening.factories import criterion, education_rule, vacancy

HEALTH = "health_emergencies"
SENIOR = "senior_level"
TAGS = {HEALTH: "outbreak response, emergency health", SENIOR: "team leader, head of unit"}


def months_rule(months: int = 60, tag: str | None = HEALTH, **extra: Any) -> dict[str, Any]:
    return {"type": "experience_months", "tag": tag, "min_months": months, **extra}


def graded_rule(met: int = 36) -> dict[str, Any]:
    return {
        "type": "experience_months_graded",
        "tag": HEALTH,
        "met_min_months": met,
        "unclear_months": [1, met - 1],
        "not_met_months": 0,
    }


def language_rule(**overrides: Any) -> dict[str, Any]:
    return {
        "type": "language",
        "language": "Portuguese",
        "met_levels": ["native", "fluent"],
        "unclear_levels": ["working"],
        "not_met_levels": ["basic", "absent"],
        **overrides,
    }


def any_language_rule(**overrides: Any) -> dict[str, Any]:
    rule = {"type": "language_any", "languages": ["Swahili", "Amharic"], "min_level": "working"}
    return {**rule, **overrides}


def draft(*criteria: dict[str, Any]) -> dict[str, Any]:
    return vacancy(*criteria, tags=TAGS)


# --- plain words ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (
            education_rule(),
            "Bachelor's or higher in: public health, epidemiology, or one of 1 related fields "
            "(other fields: a person decides)",
        ),
        (
            education_rule(fields_accepted_as_relevant=[], master_in_other_field="not_met"),
            "Bachelor's or higher in: public health, epidemiology (other fields: not met)",
        ),
        (
            education_rule(fields_listed=[], fields_accepted_as_relevant=[], min_level="master"),
            "Master's or higher in any field",
        ),
        (
            education_rule(fields_listed=[], fields_accepted_as_relevant=[], min_level="doctorate"),
            "Doctorate in any field",
        ),
        (
            education_rule(
                below_master="unclear", fields_listed=[], fields_accepted_as_relevant=[]
            ),
            "Bachelor's or higher in any field; below Bachelor's: a person decides",
        ),
        (months_rule(120), "At least 120 months in health emergencies"),
        (months_rule(180, tag=None), "At least 180 months of professional experience"),
        (
            months_rule(60, tag=SENIOR, within_tag=HEALTH),
            "At least 60 months in senior level within health emergencies",
        ),
        (
            graded_rule(48),
            "At least 48 months in health emergencies; 1 to 47 months: a person decides",
        ),
        (
            {"type": "experience_any", "tag": HEALTH},
            "Some experience in health emergencies (any length)",
        ),
        (language_rule(), "Portuguese: native or fluent; working needs a person"),
        (
            language_rule(met_levels=["native"], unclear_levels=["fluent", "working"]),
            "Portuguese: native; fluent or working need a person",
        ),
        (language_rule(unclear_levels=[]), "Portuguese: native or fluent"),
        (any_language_rule(), "At least one of Swahili, Amharic, at working level or better"),
        (
            any_language_rule(min_level="fluent", min_count=2),
            "At least 2 of Swahili, Amharic, each at fluent level or better",
        ),
        (
            any_language_rule(min_level="native"),
            "At least one of Swahili, Amharic, at native level",
        ),
    ],
)
def test_each_rule_type_reads_in_plain_words(rule, words):
    assert rf.describe_rule(rule) == words


def test_education_with_experience_in_lieu_says_both_ways():
    rule = education_rule(
        type="education_or_experience_in_lieu",
        min_level="master",
        fields_accepted_as_relevant=[],
        in_lieu={
            "degree_level": "bachelor",
            "min_qualifying_months": 24,
            "qualifying_experience_tag": HEALTH,
        },
    )
    assert rf.describe_rule(rule) == (
        "Master's or higher in: public health, epidemiology (other fields: a person decides); "
        "or Bachelor's with at least 24 months in health emergencies"
    )


def test_combined_rules_number_their_parts_and_bracket_nested_ones():
    bachelor_and_15 = {
        "type": "all_of",
        "rules": [
            education_rule(fields_listed=[], fields_accepted_as_relevant=[]),
            months_rule(180, tag=None),
        ],
    }
    master_and_10 = {
        "type": "all_of",
        "rules": [
            education_rule(min_level="master", fields_listed=[], fields_accepted_as_relevant=[]),
            months_rule(120, tag=None),
        ],
    }
    assert rf.describe_rule({"type": "any_of", "options": [bachelor_and_15, master_and_10]}) == (
        "One of: (1) [All of: (1) Bachelor's or higher in any field; and "
        "(2) At least 180 months of professional experience]; or "
        "(2) [All of: (1) Master's or higher in any field; and "
        "(2) At least 120 months of professional experience]"
    )
    assert rf.describe_rule(bachelor_and_15) == (
        "All of: (1) Bachelor's or higher in any field; and "
        "(2) At least 180 months of professional experience"
    )


@pytest.mark.parametrize(
    ("rule", "reason"),
    [
        ({"type": "years_abroad"}, "rule type 'years_abroad' is not known to the screening"),
        ({"type": "experience_months", "tag": HEALTH}, "min_months is missing or not a number"),
        ({}, "rule type '' is not known"),
        ({"type": "any_of", "options": []}, "options must be a non-empty list of rules"),
    ],
)
def test_a_rule_screening_cannot_assess_says_why(rule, reason):
    words = rf.describe_rule(rule)
    assert words.startswith("Screening cannot assess this rule: ")
    assert reason in words


# --- parameters there and back ----------------------------------------------------------------


def test_education_parameters_change_level_and_fields_and_keep_the_rest():
    rule = education_rule()
    values = rf.parameters_of(rule)
    assert values == {"min_level": "bachelor", "fields": "public health\nepidemiology"}

    edited = rf.rule_with_parameters(
        rule, {"min_level": "master", "fields": " global health \n\nepidemiology\nglobal health"}
    )
    assert edited["min_level"] == "master"
    assert edited["fields_listed"] == ["global health", "epidemiology"]
    assert edited["equivalents"] == rule["equivalents"]
    assert edited["fields_accepted_as_relevant"] == ["nursing"]
    assert rule["min_level"] == "bachelor", "the original is not changed"


def test_months_of_a_graded_rule_move_the_range_a_person_decides():
    edited = rf.rule_with_parameters(graded_rule(36), {"tag": HEALTH, "months": 48})
    assert edited["met_min_months"] == 48
    assert edited["unclear_months"] == [1, 47]
    assert rf.describe_rule(edited).endswith("1 to 47 months: a person decides")


def test_experience_parameters_set_the_tag_and_months():
    assert rf.parameters_of(months_rule(60)) == {"tag": HEALTH, "months": 60}
    assert rf.parameters_of({"type": "experience_any", "tag": None}) == {"tag": ""}
    edited = rf.rule_with_parameters(months_rule(60), {"tag": "", "months": 96})
    assert edited == {"type": "experience_months", "tag": None, "min_months": 96}


@pytest.mark.parametrize("months", [0, -3, rf.MAX_MONTHS + 1, None, True])
def test_months_out_of_range_are_refused_on_the_months(months):
    with pytest.raises(rf.RuleRefused) as refused:
        rf.rule_with_parameters(months_rule(), {"tag": HEALTH, "months": months})
    assert refused.value.parameter == "months"


def test_language_parameters_keep_the_levels_in_order_and_the_not_met_ones_in_step():
    assert rf.parameters_of(language_rule()) == {
        "language": "Portuguese",
        "met_levels": ["native", "fluent"],
        "unclear_levels": ["working"],
    }
    edited = rf.rule_with_parameters(
        language_rule(),
        {"language": " Spanish ", "met_levels": ["working", "native"], "unclear_levels": ["basic"]},
    )
    assert edited["language"] == "Spanish"
    assert edited["met_levels"] == ["native", "working"]
    assert edited["unclear_levels"] == ["basic"]
    assert edited["not_met_levels"] == ["fluent", "absent"]


@pytest.mark.parametrize(
    ("values", "parameter"),
    [
        ({"language": "", "met_levels": ["native"], "unclear_levels": []}, "language"),
        ({"language": "Spanish", "met_levels": [], "unclear_levels": ["working"]}, "met_levels"),
        (
            {"language": "Spanish", "met_levels": ["native"], "unclear_levels": ["native"]},
            "unclear_levels",
        ),
    ],
)
def test_a_language_rule_that_makes_no_sense_is_refused_on_its_field(values, parameter):
    with pytest.raises(rf.RuleRefused) as refused:
        rf.rule_with_parameters(language_rule(), values)
    assert refused.value.parameter == parameter


def test_any_language_parameters():
    assert rf.parameters_of(any_language_rule()) == {
        "languages": "Swahili\nAmharic",
        "any_level": "working",
        "min_count": 1,
    }
    edited = rf.rule_with_parameters(
        any_language_rule(),
        {"languages": "Swahili\nAmharic\nSomali", "any_level": "fluent", "min_count": 2},
    )
    assert edited == {
        "type": "language_any",
        "languages": ["Swahili", "Amharic", "Somali"],
        "min_level": "fluent",
        "min_count": 2,
    }
    with pytest.raises(rf.RuleRefused) as refused:
        rf.rule_with_parameters(
            any_language_rule(), {"languages": "Swahili", "any_level": "fluent", "min_count": 2}
        )
    assert refused.value.parameter == "min_count"
    with pytest.raises(rf.RuleRefused) as refused:
        rf.rule_with_parameters(
            any_language_rule(), {"languages": "  \n", "any_level": "fluent", "min_count": 1}
        )
    assert refused.value.parameter == "languages"


def test_a_level_off_the_rules_scale_is_refused_with_the_reason():
    with pytest.raises(rf.RuleRefused, match="min_level 'licence' is not one of the levels"):
        rf.rule_with_parameters(education_rule(), {"min_level": "licence", "fields": ""})


def test_combined_rules_have_no_form_parameters_and_are_kept_as_they_are():
    rule = {"type": "any_of", "options": [months_rule(60), months_rule(36, tag=SENIOR)]}
    assert rf.parameters_of(rule) == {}
    assert rf.rule_with_parameters(rule, {}) == rule
    assert rf.education_levels({"levels": "bachelor"}) == list(rf.DEFAULT_EDUCATION_LEVELS)


# --- a rule as JSON ---------------------------------------------------------------------------


def test_a_rule_as_json_is_read_and_checked_against_the_vacancys_tags():
    text = rf.rule_as_json({"type": "any_of", "options": [months_rule(60), graded_rule(24)]})
    assert rf.rule_from_json(text, TAGS)["type"] == "any_of"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"type": "experience_months", "tag": ', "This is not valid JSON (line 1, column"),
        ("[1, 2]", 'A rule is a JSON object with a "type"'),
        ('{"min_months": 3}', 'A rule is a JSON object with a "type"'),
        ('{"type": "years_abroad"}', "Screening cannot assess this rule: rule type 'years_abroad'"),
        (
            '{"type": "all_of", "rules": [{"type": "experience_any", "tag": "nowhere"}]}',
            "No tag of this vacancy is called nowhere",
        ),
        (
            '{"type": "language", "language": "French", "met_levels": ["superb"]}',
            "met_levels holds unknown levels",
        ),
    ],
)
def test_a_rule_as_json_that_screening_could_not_assess_is_refused(text, message):
    with pytest.raises(rf.RuleRefused, match=message.replace("(", r"\(").replace("[", r"\[")):
        rf.rule_from_json(text, TAGS)


def test_the_tags_of_a_rule_include_its_parts_and_the_in_lieu_clause():
    in_lieu = education_rule(
        type="education_or_experience_in_lieu",
        in_lieu={
            "degree_level": "bachelor",
            "min_qualifying_months": 24,
            "qualifying_experience_tag": HEALTH,
        },
    )
    rule = {
        "type": "any_of",
        "options": [months_rule(60, tag=SENIOR, within_tag=HEALTH), in_lieu, "not a rule"],
    }
    assert rf.tags_of_rule(rule) == [SENIOR, HEALTH]
    assert rf.tags_of_rule(None) == []


# --- edited copies of the draft ---------------------------------------------------------------


def test_a_criterion_is_replaced_and_its_quote_place_dropped_once_its_text_changes():
    quoted = {**criterion("EXP", months_rule(60)), "source": {"start": 10, "end": 40}}
    criteria = draft(criterion("EDU", education_rule()), quoted)

    same_text = rf.with_criterion(criteria, "EXP", text=quoted["text"], mandatory=False)
    assert rf.criterion_in(same_text, "EXP")["source"] == {"start": 10, "end": 40}
    assert rf.criterion_in(same_text, "EXP")["mandatory"] is False

    edited = rf.with_criterion(criteria, "EXP", text="Five years", rule=months_rule(96))
    changed = rf.criterion_in(edited, "EXP")
    assert "source" not in changed
    assert changed["text"] == "Five years"
    assert changed["rule"]["min_months"] == 96
    assert [c["id"] for c in edited["criteria"]] == ["EDU", "EXP"]
    assert rf.criterion_in(criteria, "EXP")["rule"]["min_months"] == 60
    check_criteria(edited)


def test_a_criterion_is_removed_and_an_unknown_one_is_a_key_error():
    criteria = draft(criterion("EDU", education_rule()), criterion("EXP", months_rule()))
    assert [c["id"] for c in rf.without_criterion(criteria, "EDU")["criteria"]] == ["EXP"]
    with pytest.raises(KeyError):
        rf.without_criterion(criteria, "LANG")
    with pytest.raises(KeyError):
        rf.with_criterion(criteria, "LANG", text="x")


def test_a_tags_terms_are_replaced_and_an_empty_list_removed():
    criteria = {**draft(criterion("EXP", months_rule())), "synonyms": {SENIOR: ["manager"]}}
    edited = rf.with_tag_terms(criteria, HEALTH, ["epidemic response"], ["emergency health"])
    assert edited["synonyms"] == {SENIOR: ["manager"], HEALTH: ["epidemic response"]}
    assert edited["excluded_terms"] == {HEALTH: ["emergency health"]}
    cleared = rf.with_tag_terms(edited, HEALTH, [], [])
    assert cleared["synonyms"] == {SENIOR: ["manager"]}
    assert cleared["excluded_terms"] == {}
    with pytest.raises(KeyError):
        rf.with_tag_terms(criteria, "nowhere", ["x"], [])
    assert rule_from_dict(edited["criteria"][0]["rule"]).tag == HEALTH


def test_struck_terms_must_be_proposed_ones_as_the_matcher_compares_them():
    proposed = ["outbreak response", "head/chief of unit"]
    assert rf.unknown_struck_terms(["Outbreak  Response", "head chief of unit"], proposed) == []
    assert rf.unknown_struck_terms(["surveillance"], proposed) == ["surveillance"]


def test_terms_one_per_line():
    assert rf.lines(" a \n\n b\na\r\nc ") == ["a", "b", "c"]
    assert rf.as_lines(["a", "b"]) == "a\nb"
    assert rf.as_lines(None) == ""


def test_competencies_are_replaced_added_and_removed_keeping_what_the_form_does_not_show():
    competencies = [
        {"name": "Leadership", "kind": "core", "indicators": ["Sets goals"], "anchors": [1, 2]},
        {"name": "Communication", "weight": 1.0},
    ]
    changed = rf.competency_from_values("Leading people ", "", 2.0, "Sets goals\n\nDelegates")
    assert changed == {
        "name": "Leading people",
        "kind": None,
        "description": None,
        "indicators": ["Sets goals", "Delegates"],
        "weight": 2.0,
    }
    edited = rf.with_competency(competencies, 0, changed)
    assert edited[0]["anchors"] == [1, 2]
    assert edited[0]["name"] == "Leading people"
    assert competencies[0]["name"] == "Leadership"
    assert [c["name"] for c in rf.with_competency(competencies, None, changed)][-1] == (
        "Leading people"
    )
    assert [c["name"] for c in rf.without_competency(competencies, 0)] == ["Communication"]
    with pytest.raises(IndexError):
        rf.with_competency(competencies, 2, changed)
    with pytest.raises(IndexError):
        rf.without_competency(competencies, -1)
