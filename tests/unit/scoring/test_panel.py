from datetime import UTC, datetime

import pytest

from services.scoring.domain.panel import (
    AlreadySubmitted,
    Competency,
    IncompleteScores,
    InvalidRoundSetup,
    NotOnPanel,
    Panel,
    PanelCompleted,
    ScoreOutOfScale,
    ScoreSheet,
    ScoreSubmitted,
    ScoringRound,
    ShortlistedCandidate,
    UnknownCandidate,
    UnknownCompetency,
    WrongVacancy,
)
from tests.unit.scoring.declaring import no_conflicts

VACANCY = "vac-1"
WHEN = datetime(2025, 3, 4, 10, 0, tzinfo=UTC)
COMPETENCIES = (Competency("Leadership", 2), Competency("Communication", 1))


def new_round(sheets=()):
    """A round whose members have declared no conflict (as each must before scoring)."""
    return ScoringRound(
        vacancy_id=VACANCY,
        panel=Panel(members=("alice", "bob"), chair="alice"),
        competencies=COMPETENCIES,
        shortlist=(ShortlistedCandidate("app-1", "Ana"), ShortlistedCandidate("app-2", "Ben")),
        sheets=sheets,
        declarations=no_conflicts(VACANCY, ("alice", "bob"), ("app-1", "app-2")),
    )


def sheet(member="alice", application_id="app-1", scores=None, vacancy_id=VACANCY):
    return ScoreSheet(
        vacancy_id=vacancy_id,
        application_id=application_id,
        member=member,
        scores={"Leadership": 4, "Communication": 3} if scores is None else scores,
        submitted_at=WHEN,
        notes="Clear examples.",
    )


def submit_all_but_last(scoring_round):
    scoring_round.submit(sheet("alice", "app-1"))
    scoring_round.submit(sheet("alice", "app-2"))
    scoring_round.submit(sheet("bob", "app-1"))


# --- validation -------------------------------------------------------------------------


def test_a_valid_sheet_is_accepted_and_announced():
    scoring_round = new_round()

    events = scoring_round.submit(sheet())

    assert events == [ScoreSubmitted(VACANCY, "app-1", "alice", WHEN)]
    assert scoring_round.has_submitted("alice", "app-1")


def test_someone_not_on_the_panel_cannot_submit():
    with pytest.raises(NotOnPanel, match="'mallory' is not a member of the interview panel"):
        new_round().submit(sheet(member="mallory"))


def test_a_member_cannot_submit_twice_for_the_same_candidate():
    scoring_round = new_round()
    scoring_round.submit(sheet())

    with pytest.raises(AlreadySubmitted, match="cannot be changed"):
        scoring_round.submit(sheet(scores={"Leadership": 1, "Communication": 1}))

    assert scoring_round.sheets_for("app-1")[0].scores["Leadership"] == 4


def test_every_competency_must_be_scored():
    with pytest.raises(IncompleteScores, match="Missing: Communication") as raised:
        new_round().submit(sheet(scores={"Leadership": 4}))

    assert raised.value.missing == ("Communication",)


def test_a_competency_of_another_vacancy_is_refused():
    scores = {"Leadership": 4, "Communication": 3, "Charisma": 5}

    with pytest.raises(UnknownCompetency, match="not competencies of this vacancy: Charisma"):
        new_round().submit(sheet(scores=scores))


@pytest.mark.parametrize("bad", [0, 6, -1, 3.5, 4.0, "4", None, True])
def test_scores_must_be_whole_numbers_from_one_to_five(bad):
    with pytest.raises(ScoreOutOfScale, match="whole numbers from 1 to 5") as raised:
        sheet(scores={"Leadership": bad, "Communication": 3})

    assert raised.value.invalid == {"Leadership": bad}


def test_a_candidate_not_on_the_short_list_cannot_be_scored():
    with pytest.raises(UnknownCandidate, match="'app-9' is not on the short list"):
        new_round().submit(sheet(application_id="app-9"))


def test_a_sheet_for_another_vacancy_is_refused():
    with pytest.raises(WrongVacancy):
        new_round().submit(sheet(vacancy_id="vac-2"))


def test_a_refused_sheet_leaves_no_trace():
    scoring_round = new_round()

    with pytest.raises(IncompleteScores):
        scoring_round.submit(sheet(scores={"Leadership": 4}))

    assert not scoring_round.has_submitted("alice", "app-1")
    scoring_round.submit(sheet())  # the member can still correct and submit


def test_a_submitted_sheet_cannot_be_altered_afterwards():
    scores = {"Leadership": 4, "Communication": 3}
    submitted = sheet(scores=scores)
    scores["Leadership"] = 5

    with pytest.raises(TypeError):
        submitted.scores["Leadership"] = 5  # type: ignore[index]
    assert submitted.scores["Leadership"] == 4
    assert len({submitted, sheet()}) == 1


@pytest.mark.parametrize(
    ("panel", "competencies", "message"),
    [
        (lambda: Panel(members=()), COMPETENCIES, "at least one member"),
        (lambda: Panel(members=("alice", "alice")), COMPETENCIES, "listed twice: alice"),
        (lambda: Panel(members=("alice",), chair="zoe"), COMPETENCIES, "chair 'zoe'"),
        (lambda: Panel(members=("alice",)), (), "at least one competency"),
        (
            lambda: Panel(members=("alice",)),
            (Competency("A"), Competency("A")),
            "Competencies listed twice: A",
        ),
    ],
)
def test_an_unusable_round_setup_is_refused(panel, competencies, message):
    with pytest.raises(InvalidRoundSetup, match=message):
        ScoringRound(VACANCY, panel(), competencies, (ShortlistedCandidate("app-1", "Ana"),))


@pytest.mark.parametrize("weight", [0, -1, True, "2", float("nan"), float("inf")])
def test_a_competency_weight_must_be_positive(weight):
    with pytest.raises(InvalidRoundSetup, match="must be a positive number"):
        Competency("Leadership", weight)


# --- visibility -------------------------------------------------------------------------


def test_a_member_sees_no_sheets_for_a_candidate_before_submitting_their_own():
    scoring_round = new_round()
    scoring_round.submit(sheet("alice", "app-1"))

    assert scoring_round.sheets_visible_to("bob", "app-1") == ()


def test_a_member_sees_everyone_s_sheets_for_a_candidate_after_submitting():
    scoring_round = new_round()
    scoring_round.submit(sheet("alice", "app-1"))
    scoring_round.submit(sheet("bob", "app-1"))

    visible = scoring_round.sheets_visible_to("bob", "app-1")

    assert {s.member for s in visible} == {"alice", "bob"}


def test_submitting_for_one_candidate_does_not_reveal_another_candidate():
    scoring_round = new_round()
    scoring_round.submit(sheet("alice", "app-2"))
    scoring_round.submit(sheet("bob", "app-1"))

    assert scoring_round.sheets_visible_to("bob", "app-2") == ()


def test_someone_off_the_panel_sees_nothing():
    scoring_round = new_round()
    scoring_round.submit(sheet("alice", "app-1"))

    with pytest.raises(NotOnPanel):
        scoring_round.sheets_visible_to("mallory", "app-1")


# --- completion -------------------------------------------------------------------------


def test_the_round_is_complete_when_every_member_has_scored_every_candidate():
    scoring_round = new_round()
    assert scoring_round.expected_sheets() == 4
    submit_all_but_last(scoring_round)
    assert not scoring_round.is_complete()
    assert scoring_round.outstanding() == (("bob", "app-2"),)

    events = scoring_round.submit(sheet("bob", "app-2"))

    assert scoring_round.is_complete()
    assert events == [
        ScoreSubmitted(VACANCY, "app-2", "bob", WHEN),
        PanelCompleted(VACANCY, sheet_count=4, completed_at=WHEN, expected_sheets=4),
    ]


def test_completion_is_announced_exactly_once():
    scoring_round = new_round()
    announcements = []
    for member, application_id in [
        ("alice", "app-1"),
        ("alice", "app-2"),
        ("bob", "app-1"),
        ("bob", "app-2"),
    ]:
        events = scoring_round.submit(sheet(member, application_id))
        announcements += [e for e in events if isinstance(e, PanelCompleted)]

    with pytest.raises(AlreadySubmitted):
        scoring_round.submit(sheet("bob", "app-2"))
    assert len(announcements) == 1


def test_reloading_stored_sheets_announces_nothing_and_keeps_the_rules():
    stored = [sheet("alice", "app-1"), sheet("alice", "app-2"), sheet("bob", "app-1")]
    reloaded = new_round(sheets=stored)

    assert reloaded.sheets_visible_to("alice", "app-1") != ()
    assert [type(e) for e in reloaded.submit(sheet("bob", "app-2"))] == [
        ScoreSubmitted,
        PanelCompleted,
    ]
    with pytest.raises(AlreadySubmitted):
        new_round(sheets=[*stored, sheet("alice", "app-1")])


def test_events_serialise_for_the_broker():
    event = PanelCompleted(VACANCY, sheet_count=4, completed_at=WHEN, expected_sheets=4)

    assert event.name == "panel.completed"
    assert event.to_dict() == {
        "vacancy_id": VACANCY,
        "sheet_count": 4,
        "completed_at": "2025-03-04T10:00:00+00:00",
        "expected_sheets": 4,
        "closed_by": None,
        "reason": "",
        "outstanding": 0,
    }
