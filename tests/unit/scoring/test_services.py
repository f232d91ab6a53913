"""Scoring's use cases with fakes: the round's setup, sheets, secrecy, completion."""

import pytest

from services.scoring.domain.panel import (
    AlreadySubmitted,
    IncompleteScores,
    NotOnPanel,
    ScoringError,
)
from services.scoring.service_layer import panel_round, services
from services.scoring.service_layer.services import PanelLocked, UnknownVacancy
from tests.unit.fakes import FakeScoringUnitOfWork

VACANCY = "vac-1"
PANEL = ["kim", "lee"]
ANA, BEN = "app-ana", "app-ben"
COMPETENCIES = [{"name": "Leadership", "weight": 2.0}, {"name": "Communication", "weight": 1.0}]


def shortlisted(application_id, name, vacancy_id=VACANCY):
    return {
        "vacancy_id": vacancy_id,
        "application_id": application_id,
        "candidate_name": name,
        "shortlisted_by": "sam",
    }


@pytest.fixture
def uow():
    """A vacancy with two shortlisted candidates and no panel yet."""
    uow = FakeScoringUnitOfWork()
    services.record_vacancy(
        uow, {"vacancy_id": VACANCY, "title": "Director", "competencies": COMPETENCIES}
    )
    services.record_shortlisted(uow, shortlisted(ANA, "Ana Example"))
    services.record_shortlisted(uow, shortlisted(BEN, "Ben Example"))
    return uow


@pytest.fixture
def ready(uow):
    """The panel appointed, and each member has declared no conflict of interest."""
    services.appoint_panel(uow, VACANCY, PANEL, "kim", "sam")
    for member in PANEL:
        panel_round.declare(uow, VACANCY, member, {ANA: (False, ""), BEN: (False, "")})
    uow.events.clear()  # the appointment's own `panel.appointed`, tested apart
    return uow


def submit(uow, member, application_id, leadership=3, communication=3):
    return services.submit_sheet(
        uow,
        VACANCY,
        application_id,
        member,
        {"Leadership": leadership, "Communication": communication},
    )


def submit_every_sheet(uow):
    submit(uow, "kim", ANA, 5, 4)
    submit(uow, "lee", ANA, 4, 4)
    submit(uow, "kim", BEN, 3, 3)
    submit(uow, "lee", BEN, 2, 4)


def completed(uow):
    return uow.events_named("panel.completed")


# --- setting the round up -----------------------------------------------------------------


def test_a_shortlisted_candidate_of_an_unknown_vacancy_is_refused():
    uow = FakeScoringUnitOfWork()

    with pytest.raises(UnknownVacancy):
        services.record_shortlisted(uow, shortlisted(ANA, "Ana Example", "no-such-vacancy"))


def test_a_candidate_shortlisted_twice_is_scored_once(ready):
    services.record_shortlisted(ready, shortlisted(ANA, "Ana Example"))

    seen = services.round_for_member(ready, VACANCY, "kim")
    assert [c["application_id"] for c in seen["candidates"]] == [ANA, BEN]


def test_a_panel_member_sees_the_candidates_still_to_score(ready):
    seen = services.round_for_member(ready, VACANCY, "lee")

    assert seen["title"] == "Director"
    assert seen["competencies"] == ["Leadership", "Communication"]
    assert [(c["candidate_name"], c["submitted"]) for c in seen["candidates"]] == [
        ("Ana Example", False),
        ("Ben Example", False),
    ]


def test_someone_off_the_panel_sees_no_round(ready):
    with pytest.raises(NotOnPanel):
        services.round_for_member(ready, VACANCY, "mallory")


def test_appointing_the_panel_is_audited(ready):
    [entry] = [r for r in ready.audit if r.action == "panel.appointed"]

    assert entry.actor == "sam"
    assert entry.after == {"members": PANEL, "chair": "kim"}


def test_the_panel_can_change_before_the_first_sheet(ready):
    services.appoint_panel(ready, VACANCY, ["kim", "lee", "max"], None, "sam")

    assert services.round_for_member(ready, VACANCY, "max")["candidates"]


def test_the_panel_cannot_change_after_the_first_sheet(ready):
    submit(ready, "kim", ANA)

    with pytest.raises(PanelLocked):
        services.appoint_panel(ready, VACANCY, ["kim", "max"], None, "sam")

    with pytest.raises(NotOnPanel):
        services.round_for_member(ready, VACANCY, "max")
    assert services.round_for_member(ready, VACANCY, "lee")


# --- sheets -------------------------------------------------------------------------------


def test_a_sheet_emits_score_submitted(ready):
    submit(ready, "kim", ANA)

    [event] = ready.events_named("score.submitted")
    assert event.payload["panel_member"] == "kim"
    assert event.payload["application_id"] == ANA
    assert completed(ready) == []


def test_submitting_takes_the_rounds_lock(ready):
    submit(ready, "kim", ANA)

    assert VACANCY in ready.rounds.locked


def test_a_member_sees_that_they_have_scored_a_candidate(ready):
    submit(ready, "kim", ANA)

    seen = services.round_for_member(ready, VACANCY, "kim")
    assert [c["submitted"] for c in seen["candidates"]] == [True, False]


def test_a_member_cannot_see_another_members_sheet_before_submitting(ready):
    submit(ready, "kim", ANA, 5, 5)

    assert services.sheets_visible_to(ready, VACANCY, ANA, "lee") == []


def test_after_submitting_a_member_sees_every_sheet_for_the_candidate(ready):
    submit(ready, "kim", ANA, 5, 5)
    submit(ready, "lee", ANA, 2, 2)

    sheets = services.sheets_visible_to(ready, VACANCY, ANA, "lee")
    assert sorted(sheet.member for sheet in sheets) == ["kim", "lee"]


def test_a_submitted_sheet_cannot_be_submitted_again(ready):
    submit(ready, "kim", ANA, 5, 5)

    with pytest.raises(AlreadySubmitted):
        submit(ready, "kim", ANA, 1, 1)

    assert len(ready.events_named("score.submitted")) == 1
    [sheet] = services.sheets_visible_to(ready, VACANCY, ANA, "kim")
    assert dict(sheet.scores) == {"Leadership": 5, "Communication": 5}


def test_a_sheet_missing_a_competency_is_refused_and_not_kept(ready):
    with pytest.raises(IncompleteScores, match="Communication"):
        services.submit_sheet(ready, VACANCY, ANA, "kim", {"Leadership": 4})

    assert ready.events == []
    assert ready.rounds.sheets == {}


def test_someone_off_the_panel_cannot_submit_a_sheet(ready):
    with pytest.raises(NotOnPanel):
        submit(ready, "mallory", ANA)

    assert ready.events == []


@pytest.mark.parametrize("use_case", ["submit_sheet", "results", "sheets_visible_to"])
def test_before_a_panel_is_appointed_the_round_refuses_with_a_scoring_error(uow, use_case):
    calls = {
        "submit_sheet": lambda: submit(uow, "kim", ANA),
        "results": lambda: services.results(uow, VACANCY),
        "sheets_visible_to": lambda: services.sheets_visible_to(uow, VACANCY, ANA, "kim"),
    }

    with pytest.raises(ScoringError):
        calls[use_case]()


# --- completion ---------------------------------------------------------------------------


def test_the_last_sheet_completes_the_panel_exactly_once(ready):
    submit_every_sheet(ready)

    assert len(completed(ready)) == 1
    assert len(ready.events_named("score.submitted")) == 4
    assert ready.rounds.rounds[VACANCY]["completed_at"] is not None


def test_no_sheet_before_the_last_completes_the_panel(ready):
    submit(ready, "kim", ANA)
    submit(ready, "lee", ANA)
    submit(ready, "kim", BEN)

    assert completed(ready) == []


def test_the_completed_panel_announces_the_results_ranked(ready):
    submit_every_sheet(ready)

    [event] = completed(ready)
    results = event.payload["results"]
    assert event.payload["vacancy_title"] == "Director"
    assert [(r["candidate_name"], r["rank"]) for r in results] == [
        ("Ana Example", 1),
        ("Ben Example", 2),
    ]
    assert results[0]["weighted_mean"] == pytest.approx((14 / 3 + 4) / 2)
    assert results[0]["sheet_count"] == 2


def test_the_results_are_complete_once_every_sheet_is_in(ready):
    submit_every_sheet(ready)

    results = services.results(ready, VACANCY)
    assert results.complete
    assert [c.application_id for c in results.ranking] == [ANA, BEN]


def test_results_before_the_end_show_who_is_not_scored_yet(ready):
    submit(ready, "kim", ANA)

    results = services.results(ready, VACANCY)
    assert not results.complete
    assert [c.application_id for c in results.unscored] == [BEN]
