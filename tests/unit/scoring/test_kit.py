"""The interview kit: built from the competency framework, edited, locked by the first sheet."""

import pytest

from services.scoring.domain.kit import InterviewKit, KitCompetency, KitLocked, default_kit
from services.scoring.domain.panel import Competency, InvalidRoundSetup

FRAMEWORK = [
    {
        "name": "Leadership",
        "weight": 2.0,
        "kind": "functional",
        "description": "Leads a small team.",
        "indicators": ["Sets clear goals", "Delegates"],
    },
    {"name": "Communication", "weight": 1.0, "indicators": []},
]


def test_the_default_kit_takes_names_weights_and_indicators_from_the_framework():
    kit = default_kit(FRAMEWORK)

    leadership, communication = kit.competencies
    assert (leadership.name, leadership.weight, leadership.kind) == (
        "Leadership",
        2.0,
        "functional",
    )
    assert len(leadership.questions) == 2 and "sets clear goals" in leadership.questions[0]
    assert sorted(leadership.anchors) == [1, 2, 3, 4, 5]
    assert "Sets clear goals; Delegates" in leadership.anchor(5)
    assert len(communication.questions) == 1
    assert kit.scoring_competencies() == (
        Competency("Leadership", 2.0),
        Competency("Communication"),
    )


def test_a_kit_survives_its_stored_form():
    kit = default_kit(FRAMEWORK)

    again = InterviewKit.from_list(kit.to_list())

    assert again == kit
    assert again.competencies[0].anchor(3) == kit.competencies[0].anchor(3)


@pytest.mark.parametrize(
    "competencies, message",
    [
        ([], "at least one competency"),
        ([{"name": "A"}, {"name": "A"}], "listed twice"),
        ([{"name": "A", "weight": 0}], "positive number"),
        ([{"name": "A", "anchors": {"6": "beyond"}}], "no level 6"),
        ([{"name": " "}], "needs a name"),
    ],
)
def test_a_kit_that_cannot_be_scored_is_refused_with_a_reason(competencies, message):
    with pytest.raises(InvalidRoundSetup, match=message):
        InterviewKit.from_list(competencies)


def test_empty_questions_are_dropped():
    assert KitCompetency("A", questions=("Why?", "  ", "")).questions == ("Why?",)


def test_the_kit_is_locked_once_a_sheet_is_in():
    from services.scoring.domain.kit import ensure_editable

    ensure_editable(0)
    with pytest.raises(KitLocked, match="locked"):
        ensure_editable(1)
