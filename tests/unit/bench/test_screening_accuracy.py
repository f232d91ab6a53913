"""The measuring rules of the screening-accuracy bench on tiny invented truths and outcomes.

Three CVs and three criteria (two mandatory, one desirable) are enough to check what each
figure counts: the confusion matrix, exact agreement, the unclear rate, which disagreements
are false rejections, long-list precision and recall (None, printed "n/a", when nothing is
there to divide), and how proposed criteria are paired with the truth's by the ToR sentence
they quote. No file is read and no CV is parsed.
"""

from types import SimpleNamespace

import pytest

from bench.screening_accuracy import (
    MISSING,
    CriteriaPlan,
    CvOutcome,
    MachineVerdict,
    outcome_from_result,
    pair_by_quoted_text,
    report_lines,
    score_screenings,
    unreadable_outcome,
)

CRITERIA = ["EDU", "EXP_IR", "LANG_UN"]
MANDATORY = {"EDU": True, "EXP_IR": True, "LANG_UN": False}


def truth(file, eligible, **verdicts):
    return {
        "file": file,
        "screening": {
            cid: {"verdict": verdict, "why": f"{cid} is {verdict} for {file}", "months": 130}
            for cid, verdict in verdicts.items()
        },
        "eligible_for_long_list": eligible,
    }


TRUTHS = {
    "a.pdf": truth("a.pdf", True, EDU="met", EXP_IR="met", LANG_UN="met"),
    "b.docx": truth("b.docx", False, EDU="not_met", EXP_IR="met", LANG_UN="not_met"),
    "c.pdf": truth("c.pdf", "needs_review", EDU="unclear", EXP_IR="met", LANG_UN="met"),
}


def outcome(proposal, **verdicts):
    return CvOutcome(
        proposal,
        {
            cid: MachineVerdict(verdict, MANDATORY[cid], figure=f"machine {cid} {verdict}")
            for cid, verdict in verdicts.items()
        },
    )


def perfect_outcomes():
    return {
        "a.pdf": outcome("long_list", EDU="met", EXP_IR="met", LANG_UN="met"),
        "b.docx": outcome("not_eligible", EDU="not_met", EXP_IR="met", LANG_UN="not_met"),
        "c.pdf": outcome("needs_review", EDU="unclear", EXP_IR="met", LANG_UN="met"),
    }


def test_a_perfect_screening_agrees_everywhere():
    report = score_screenings(perfect_outcomes(), TRUTHS, CRITERIA, mandatory=MANDATORY)

    assert report.overall_agreement == 1.0
    assert {cid: s.agreement for cid, s in report.per_criterion.items()} == dict.fromkeys(
        CRITERIA, 1.0
    )
    assert report.false_rejections == 0
    assert report.unclear_rate == pytest.approx(1 / 9)
    assert (report.longlist_precision, report.longlist_recall) == (1.0, 1.0)
    assert report.not_eligible_kept_share == 0.0
    assert report.proposals["true"] == {"long_list": 1, "not_eligible": 0, "needs_review": 0}
    assert report.targets()["zero_false_rejections"]["met"]
    assert report.targets()["agreement_per_criterion"]["met"]
    assert report.targets()["unclear_rate"]["met"]


def test_the_confusion_matrix_has_truth_rows_and_machine_columns():
    outcomes = perfect_outcomes()
    outcomes["a.pdf"] = outcome("needs_review", EDU="unclear", EXP_IR="met", LANG_UN="met")
    outcomes["c.pdf"] = outcome("not_eligible", EDU="not_met", EXP_IR="met", LANG_UN="met")

    report = score_screenings(outcomes, TRUTHS, CRITERIA, mandatory=MANDATORY)

    edu = report.per_criterion["EDU"]
    assert edu.confusion == {
        "met": {"met": 0, "not_met": 0, "unclear": 1, MISSING: 0},
        "not_met": {"met": 0, "not_met": 1, "unclear": 0, MISSING: 0},
        "unclear": {"met": 0, "not_met": 1, "unclear": 0, MISSING: 0},
    }
    assert edu.agreement == pytest.approx(1 / 3)
    assert report.overall_agreement == pytest.approx(7 / 9)
    # truth unclear, machine not_met: wrong, but not a false rejection
    assert edu.false_rejections == []
    assert report.unclear_rate == pytest.approx(1 / 9)


def test_only_mandatory_not_met_against_a_truth_met_is_a_false_rejection():
    outcomes = perfect_outcomes()
    # mandatory EXP_IR: met → not_met is a false rejection; desirable LANG_UN is not
    outcomes["a.pdf"] = outcome("not_eligible", EDU="met", EXP_IR="not_met", LANG_UN="not_met")
    # mandatory, met → unclear: wrong, but not a rejection
    outcomes["b.docx"] = outcome("not_eligible", EDU="not_met", EXP_IR="unclear", LANG_UN="not_met")

    report = score_screenings(outcomes, TRUTHS, CRITERIA, mandatory=MANDATORY)

    assert report.false_rejections == 1
    (case,) = report.false_rejection_cases
    assert (case.cv, case.criterion_id) == ("a.pdf", "EXP_IR")
    assert case.figure == "machine EXP_IR not_met"
    assert case.why == "EXP_IR is met for a.pdf"
    assert case.truth_months == 130
    assert len(report.per_criterion["LANG_UN"].false_rejections) == 0
    assert report.per_criterion["EXP_IR"].agreement == pytest.approx(1 / 3)
    assert not report.targets()["zero_false_rejections"]["met"]
    assert report.as_dict()["per_criterion"]["EXP_IR"]["false_rejections"] == 1


def test_the_machines_mandatory_flag_decides_a_false_rejection():
    outcomes = perfect_outcomes()
    outcomes["a.pdf"] = CvOutcome(
        "not_eligible",
        {
            "EDU": MachineVerdict("met", True),
            "EXP_IR": MachineVerdict("met", True),
            # the truth calls LANG_UN desirable, but this machine made it mandatory
            "LANG_UN": MachineVerdict("not_met", True, "none"),
        },
    )

    report = score_screenings(outcomes, TRUTHS, CRITERIA, mandatory=MANDATORY)

    assert [c.criterion_id for c in report.false_rejection_cases] == ["LANG_UN"]
    assert report.per_criterion["LANG_UN"].mandatory is False


def test_unclear_rate_is_the_share_of_the_machines_verdicts():
    outcomes = {
        name: CvOutcome("needs_review", {cid: MachineVerdict("unclear", True) for cid in CRITERIA})
        for name in TRUTHS
    }
    outcomes["a.pdf"] = outcome("long_list", EDU="met", EXP_IR="met", LANG_UN="met")

    report = score_screenings(outcomes, TRUTHS, CRITERIA, mandatory=MANDATORY)

    assert report.unclear_rate == pytest.approx(6 / 9)
    assert not report.targets()["unclear_rate"]["met"]


def test_long_list_precision_recall_and_the_not_eligible_the_truth_keeps():
    outcomes = perfect_outcomes()
    outcomes["b.docx"] = outcome("long_list", EDU="met", EXP_IR="met", LANG_UN="not_met")
    outcomes["c.pdf"] = outcome("not_eligible", EDU="not_met", EXP_IR="met", LANG_UN="met")

    report = score_screenings(outcomes, TRUTHS, CRITERIA, mandatory=MANDATORY)

    assert report.longlist_precision == 0.5
    assert report.longlist_recall == 1.0
    assert (report.not_eligible_kept, report.not_eligible_proposed) == (1, 1)
    assert report.not_eligible_kept_share == 1.0
    assert report.proposals["false"]["long_list"] == 1
    assert report.proposals["needs_review"]["not_eligible"] == 1


def test_nothing_to_divide_gives_none_printed_as_n_a():
    truths = {"b.docx": TRUTHS["b.docx"]}
    outcomes = {"b.docx": perfect_outcomes()["b.docx"]}

    report = score_screenings(outcomes, truths, CRITERIA, mandatory=MANDATORY)

    # no CV proposed for, or deserving, the long list
    assert report.longlist_precision is None
    assert report.longlist_recall is None
    assert report.as_dict()["longlist"]["precision"] is None
    text = "\n".join(report_lines(report, show_missing=False))
    assert "precision n/a, recall n/a" in text

    empty = score_screenings({}, {}, CRITERIA, mandatory=MANDATORY)
    assert empty.overall_agreement is None
    assert empty.unclear_rate is None
    assert empty.not_eligible_kept_share is None
    assert not empty.targets()["unclear_rate"]["met"]


def test_an_unpaired_criterion_is_wrong_everywhere_but_never_a_false_rejection():
    outcomes = {
        name: CvOutcome(
            result.proposal, {cid: v for cid, v in result.verdicts.items() if cid != "EXP_IR"}
        )
        for name, result in perfect_outcomes().items()
    }

    report = score_screenings(outcomes, TRUTHS, CRITERIA, mandatory=MANDATORY, unpaired=["EXP_IR"])

    exp_ir = report.per_criterion["EXP_IR"]
    assert exp_ir.agreement == 0.0
    assert exp_ir.confusion["met"][MISSING] == 3
    assert report.false_rejections == 0
    assert report.overall_agreement == pytest.approx(6 / 9)
    # "missing" is no verdict of the machine's: 1 unclear among 6 given
    assert report.unclear_rate == pytest.approx(1 / 6)
    assert report.as_dict()["unpaired"] == ["EXP_IR"]
    text = "\n".join(report_lines(report, show_missing=True))
    assert "UNPAIRED" in text
    assert "missing" in text


def test_a_truth_without_the_criterion_is_an_error_not_a_silent_skip():
    with pytest.raises(ValueError, match="EXP_NEXUS"):
        score_screenings(perfect_outcomes(), TRUTHS, [*CRITERIA, "EXP_NEXUS"])


TRUTH_CRITERIA = [
    {
        "id": "EDU",
        "text": "A minimum of a master's degree or equivalent in political science.",
    },
    {"id": "LANG_EN", "text": "Fluency in English, both oral and written, is required"},
    {"id": "EXP_MGMT", "text": "Proven track record of management at an international level."},
]


def test_pairing_by_containment_either_way_ignoring_case_and_spacing():
    proposed = [
        {"id": "p1", "text": "fluency in   ENGLISH, both oral and written"},
        {
            "id": "p2",
            "text": "Education: A minimum of a master's degree or equivalent in "
            "political science. Desirable: a doctorate.",
        },
    ]

    pairs = pair_by_quoted_text(proposed, TRUTH_CRITERIA)

    assert pairs["LANG_EN"] is proposed[0]
    assert pairs["EDU"] is proposed[1]
    assert pairs["EXP_MGMT"] is None


def test_pairing_falls_back_to_a_fuzzy_partial_match():
    proposed = [{"id": "p1", "text": "Proven track-record of managment at international level"}]

    pairs = pair_by_quoted_text(proposed, TRUTH_CRITERIA)

    assert pairs["EXP_MGMT"] is proposed[0]
    assert pairs["EDU"] is None


def test_pairing_uses_each_proposed_criterion_once_and_the_best_match_wins():
    proposed = [
        {"id": "short", "text": "English"},
        {"id": "whole", "text": "Fluency in English, both oral and written, is required."},
    ]
    truth = [
        {"id": "LANG_EN", "text": "Fluency in English, both oral and written, is required"},
        {"id": "LANG_EN_2", "text": "Fluency in English"},
    ]

    pairs = pair_by_quoted_text(proposed, truth)

    assert pairs["LANG_EN"] is proposed[1]
    assert pairs["LANG_EN_2"] is proposed[0]


def test_pairing_never_matches_an_empty_text():
    pairs = pair_by_quoted_text([{"id": "p", "text": "  "}], TRUTH_CRITERIA)

    assert set(pairs.values()) == {None}


def plan_with_one_unpaired():
    return CriteriaPlan(
        mode="tor",
        source="tor.pdf",
        criteria_dict={
            "criteria": [
                {"id": "P_LANG", "mandatory": False},
                {"id": "P_EDU", "mandatory": True},
            ]
        },
        truth_ids=["EDU", "EXP_IR", "LANG_UN"],
        truth_mandatory=MANDATORY,
        paired_index={"EDU": 1, "EXP_IR": None, "LANG_UN": 0},
    )


def test_a_screening_result_maps_onto_the_truth_ids_by_position():
    assessments = (
        SimpleNamespace(verdict="met", mandatory=False, figure="French: fluent", months=None),
        SimpleNamespace(verdict="not_met", mandatory=True, figure="bachelor", months=None),
    )
    result = SimpleNamespace(assessments=assessments, proposal="not_eligible")

    mapped = outcome_from_result(plan_with_one_unpaired(), result)

    assert mapped.proposal == "not_eligible"
    assert mapped.verdicts["EDU"] == MachineVerdict("not_met", True, "bachelor")
    assert mapped.verdicts["LANG_UN"].verdict == "met"
    assert "EXP_IR" not in mapped.verdicts


def test_an_unreadable_cv_is_every_verdict_unclear_and_needs_review():
    mapped = unreadable_outcome(plan_with_one_unpaired(), "scanned image, no OCR")

    assert mapped.proposal == "needs_review"
    assert {cid: v.verdict for cid, v in mapped.verdicts.items()} == {
        "EDU": "unclear",
        "LANG_UN": "unclear",
    }
    assert mapped.verdicts["EDU"].figure == "Not judged: scanned image, no OCR"
