"""What changed between two criteria versions, as the secretariat reads it, and what a
re-screen changed for one application."""

import copy
from datetime import UTC, datetime

from services.screening.domain.vacancies import ScreenedApplication, VerdictOverride
from services.screening.domain.versions import RescreenJob, criteria_changes, screening_change

OLD = {
    "tor": "director",
    "reference_date": "2022-05-31",
    "tags": {
        "international_relations": "work in international relations",
        "conflict": "conflict prevention or recovery work",
    },
    "synonyms": {"conflict": ["peacebuilding"]},
    "criteria": [
        {
            "id": "EDU",
            "kind": "education",
            "mandatory": True,
            "text": "A master's degree.",
            "rule": {
                "type": "education",
                "min_level": "master",
                "fields_listed": ["international relations", "law"],
            },
        },
        {
            "id": "EXP_IR",
            "kind": "experience",
            "mandatory": True,
            "text": "A minimum of 10 years in international relations.",
            "rule": {
                "type": "experience_months",
                "tag": "international_relations",
                "min_months": 120,
            },
        },
        {
            "id": "LANG_FR",
            "kind": "language",
            "mandatory": False,
            "text": "French is an asset.",
            "rule": {"type": "language", "language": "French"},
        },
    ],
}


def edited(change):
    new = copy.deepcopy(OLD)
    change(new)
    return new


def criterion(criteria, criterion_id):
    return next(c for c in criteria["criteria"] if c["id"] == criterion_id)


def descriptions(old, new):
    return [change.description for change in criteria_changes(old, new)]


def test_the_same_criteria_have_no_changes():
    assert criteria_changes(OLD, copy.deepcopy(OLD)) == []


def test_a_rule_parameter_shows_its_old_and_new_value():
    new = edited(lambda c: criterion(c, "EXP_IR")["rule"].update(min_months=96))

    [change] = criteria_changes(OLD, new)

    assert (change.subject, change.id, change.change) == ("criterion", "EXP_IR", "changed")
    assert [(f.field, f.old, f.new) for f in change.fields] == [("min_months", 120, 96)]
    assert change.description == "EXP_IR: min_months: 120 → 96"


def test_text_and_mandatory_changes_are_named():
    def soften(criteria):
        criterion(criteria, "EXP_IR")["mandatory"] = False
        criterion(criteria, "EXP_IR")["text"] = "Experience in international relations."

    assert descriptions(OLD, edited(soften)) == [
        'EXP_IR: text: "A minimum of 10 years in international relations." → '
        '"Experience in international relations.", mandatory: yes → no'
    ]


def test_a_list_parameter_says_what_was_added_and_removed():
    new = edited(
        lambda c: criterion(c, "EDU")["rule"].update(
            fields_listed=["international relations", "political science"]
        )
    )

    assert descriptions(OLD, new) == ['EDU: fields_listed: added "political science"; removed law']


def test_a_new_rule_type_and_its_parameters_are_shown():
    def graded(criteria):
        criterion(criteria, "EXP_IR")["rule"] = {
            "type": "experience_months_graded",
            "tag": "international_relations",
            "met_min_months": 120,
        }

    [change] = criteria_changes(OLD, edited(graded))

    assert [(f.field, f.old, f.new) for f in change.fields] == [
        ("rule.type", "experience_months", "experience_months_graded"),
        ("min_months", 120, None),
        ("met_min_months", None, 120),
    ]


def test_nested_rule_parameters_are_named_by_their_path():
    def in_lieu(criteria):
        criterion(criteria, "EDU")["rule"]["in_lieu"] = {"min_qualifying_months": 180}

    old = edited(in_lieu)
    new = copy.deepcopy(old)
    criterion(new, "EDU")["rule"]["in_lieu"]["min_qualifying_months"] = 120

    assert descriptions(old, new) == ["EDU: in_lieu.min_qualifying_months: 180 → 120"]


def test_added_and_removed_criteria_are_listed_new_order_first():
    def swap(criteria):
        criteria["criteria"] = [
            criterion(criteria, "EXP_IR"),
            {
                "id": "EXP_MGMT",
                "kind": "experience",
                "mandatory": True,
                "text": "Management.",
                "rule": {"type": "experience_any", "tag": "management"},
            },
            criterion(criteria, "EDU"),
        ]

    changes = criteria_changes(OLD, edited(swap))

    assert [(c.id, c.change) for c in changes] == [
        ("EXP_MGMT", "added"),
        ("LANG_FR", "removed"),
    ]


def test_tag_descriptions_synonyms_and_settings_are_compared_too():
    def retag(criteria):
        criteria["tags"]["conflict"] = "conflict prevention, stabilisation or recovery work"
        criteria["tags"]["management"] = "managing staff and budgets"
        del criteria["tags"]["international_relations"]
        criteria["synonyms"] = {"conflict": ["peacebuilding", "DDR"], "management": ["head of"]}
        criteria["reference_date"] = "2023-01-31"

    changes = criteria_changes(OLD, edited(retag))

    assert [(c.subject, c.id, c.change) for c in changes] == [
        ("tag", "conflict", "changed"),
        ("tag", "international_relations", "removed"),
        ("tag", "management", "added"),
        ("synonyms", "conflict", "changed"),
        ("synonyms", "management", "added"),
        ("setting", "reference_date", "changed"),
    ]
    assert changes[3].description == "synonyms of conflict: phrases: added DDR"
    assert changes[-1].description == "reference_date: 2022-05-31 → 2023-01-31"


def test_criteria_without_a_list_compare_as_empty():
    changes = criteria_changes({}, OLD)

    assert [(c.id, c.change) for c in changes if c.subject == "criterion"] == [
        ("EDU", "added"),
        ("EXP_IR", "added"),
        ("LANG_FR", "added"),
    ]


# --- re-screens ---------------------------------------------------------------------------

NOW = datetime(2025, 1, 10, 9, 30, tzinfo=UTC)


def screened(version, edu, lang="met", overrides=()):
    verdicts = [
        {"criterion_id": "EDU", "mandatory": True, "verdict": edu, "figure": "", "evidence": []},
        {"criterion_id": "LANG", "mandatory": False, "verdict": lang, "figure": "", "evidence": []},
    ]
    proposal = "long_list" if edu == "met" else "not_eligible"
    application = ScreenedApplication("app-1", "vac-1", "Ana Example", {}, overrides=overrides)
    return application.screened(version, proposal, verdicts, NOW)


def test_a_rescreen_change_names_each_verdict_and_the_proposal_old_to_new():
    change = screening_change("job-1", screened(1, "not_met"), screened(2, "met"))

    assert change.changed
    assert (change.from_version, change.to_version) == (1, 2)
    assert (change.old_proposal, change.new_proposal) == ("not_eligible", "long_list")
    [edu] = change.verdicts
    assert (edu.criterion_id, edu.old, edu.new, edu.override_dropped) == (
        "EDU",
        "not_met",
        "met",
        False,
    )


def test_a_rescreen_that_changes_nothing_says_so():
    change = screening_change("job-1", screened(1, "met"), screened(2, "met"))

    assert not change.changed and change.verdicts == ()


def test_an_override_of_the_old_version_is_shown_as_dropped():
    override = VerdictOverride("app-1", "EDU", 1, "not_met", "", "met", "kim", NOW, "equivalent")
    before = screened(1, "not_met", overrides=(override,))
    after = screened(2, "not_met", overrides=(override,))

    change = screening_change("job-1", before, after)

    assert (change.old_proposal, change.new_proposal) == ("long_list", "not_eligible")
    [edu] = change.verdicts
    assert (edu.old, edu.new, edu.old_machine, edu.new_machine, edu.override_dropped) == (
        "met",
        "not_met",
        "not_met",
        "not_met",
        True,
    )


def test_a_job_counts_progress_and_finishes_with_its_last_batch():
    job = RescreenJob.start("vac-1", 2, 5, "sam", NOW)

    job = job.advanced(3, 1, NOW)
    assert (job.done, job.changed, job.percent, job.finished) == (3, 1, 60, False)
    job = job.advanced(2, 0, NOW)
    assert (job.done, job.changed, job.percent, job.finished) == (5, 1, 100, True)
