"""Scoring's use cases around the scores, with fakes: declarations, the kit, amendments,
closing the round and its progress."""

import pytest

from services.scoring.domain.conflicts import DeclarationLocked, DeclarationsOutstanding, Recused
from services.scoring.domain.kit import KitLocked
from services.scoring.domain.panel import CannotClose, NotOnPanel
from services.scoring.service_layer import panel_round, services
from tests.unit.fakes import FakeScoringUnitOfWork
from tests.unit.scoring.test_services import ANA, BEN, VACANCY, shortlisted

FRAMEWORK = [
    {"name": "Leadership", "weight": 2.0, "indicators": ["Sets clear goals"]},
    {"name": "Communication", "weight": 1.0},
]
PANEL = ["kim", "lee", "max"]


@pytest.fixture
def uow():
    """A vacancy, two shortlisted candidates and a panel of three chaired by kim."""
    uow = FakeScoringUnitOfWork()
    services.record_vacancy(
        uow, {"vacancy_id": VACANCY, "title": "Director", "competencies": FRAMEWORK}
    )
    services.record_shortlisted(uow, shortlisted(ANA, "Ana Example"))
    services.record_shortlisted(uow, shortlisted(BEN, "Ben Example"))
    services.appoint_panel(uow, VACANCY, PANEL, "kim", "sam")
    return uow


def no_conflict(uow, member):
    panel_round.declare(uow, VACANCY, member, {ANA: (False, ""), BEN: (False, "")})


def submit(uow, member, application_id, leadership=3, communication=3):
    scores = {"Leadership": leadership, "Communication": communication}
    return services.submit_sheet(uow, VACANCY, application_id, member, scores)


def test_before_declaring_a_member_sees_only_the_names_and_cannot_open_a_file(uow):
    seen = panel_round.declarations_of(uow, VACANCY, "kim")

    assert [c["candidate_name"] for c in seen["candidates"]] == ["Ana Example", "Ben Example"]
    assert not seen["declared_all"]
    with pytest.raises(DeclarationsOutstanding):
        panel_round.candidate_file(uow, VACANCY, ANA, "kim")
    with pytest.raises(DeclarationsOutstanding):
        submit(uow, "kim", ANA)


def test_declarations_are_audited_with_before_and_after(uow):
    no_conflict(uow, "max")
    panel_round.declare(uow, VACANCY, "max", {ANA: (True, "My cousin.")})

    entries = [r for r in uow.audit if r.action == "conflict.declared" and ANA in r.entity_id]
    assert [e.after for e in entries] == [
        {"conflict": False, "note": ""},
        {"conflict": True, "note": "My cousin."},
    ]
    assert entries[1].before == {"conflict": False, "note": ""}
    assert entries[1].actor == "max"


def test_a_recused_member_cannot_open_score_or_see_the_candidate(uow):
    panel_round.declare(uow, VACANCY, "max", {ANA: (True, "My cousin."), BEN: (False, "")})
    no_conflict(uow, "kim")
    submit(uow, "kim", ANA)

    for attempt in (
        lambda: panel_round.candidate_file(uow, VACANCY, ANA, "max"),
        lambda: submit(uow, "max", ANA),
        lambda: services.sheets_visible_to(uow, VACANCY, ANA, "max"),
    ):
        with pytest.raises(Recused):
            attempt()
    assert panel_round.candidate_file(uow, VACANCY, BEN, "max").candidate.display_name == (
        "Ben Example"
    )


def test_the_round_completes_without_the_recused_sheets(uow):
    panel_round.declare(uow, VACANCY, "max", {ANA: (True, "My cousin."), BEN: (False, "")})
    for member in ("kim", "lee"):
        no_conflict(uow, member)
        submit(uow, member, ANA, 4, 4)
        submit(uow, member, BEN, 2, 2)
    assert not uow.events_named("panel.completed")

    submit(uow, "max", BEN, 3, 3)

    [completed] = uow.events_named("panel.completed")
    assert completed.payload["expected_sheets"] == 5
    assert completed.payload["outstanding_sheets"] == 0
    assert completed.payload["closed_by_chair"] is False
    ana = next(r for r in completed.payload["results"] if r["application_id"] == ANA)
    assert ana["sheet_count"] == 2


def test_a_declaration_cannot_change_after_scoring(uow):
    no_conflict(uow, "lee")
    submit(uow, "lee", ANA)

    with pytest.raises(DeclarationLocked):
        panel_round.declare(uow, VACANCY, "lee", {ANA: (True, "Late thought.")})
    assert not panel_round.declarations_of(uow, VACANCY, "lee")["candidates"][0]["conflict"]


def test_the_kit_is_built_from_the_framework_edited_and_then_used_for_scoring(uow):
    kit, locked = panel_round.interview_kit(uow, VACANCY)
    assert not locked and [c.name for c in kit.competencies] == ["Leadership", "Communication"]

    edited = [dict(c, weight=1.0) for c in kit.to_list()]
    edited[1]["questions"] = ["How do you brief a minister?"]
    panel_round.edit_kit(uow, VACANCY, edited, "sam")

    kit, _ = panel_round.interview_kit(uow, VACANCY)
    assert kit.competencies[1].questions == ("How do you brief a minister?",)
    assert [r.action for r in uow.audit].count("kit.edited") == 1
    for member in PANEL:
        no_conflict(uow, member)
    submit(uow, "kim", ANA, 5, 1)
    assert services.results(uow, VACANCY).ranking[0].weighted_mean == 3.0  # equal weights now


def test_the_kit_is_locked_once_the_first_sheet_is_in(uow):
    no_conflict(uow, "kim")
    submit(uow, "kim", ANA)

    kit, locked = panel_round.interview_kit(uow, VACANCY)
    assert locked
    with pytest.raises(KitLocked):
        panel_round.edit_kit(uow, VACANCY, kit.to_list(), "sam")


def test_an_amendment_is_recorded_and_the_results_use_it(uow):
    no_conflict(uow, "kim")
    submit(uow, "kim", ANA, 2, 2)

    panel_round.amend_sheet(
        uow, VACANCY, ANA, "kim", {"Leadership": 5, "Communication": 2}, "", "Misread my notes."
    )

    file = panel_round.candidate_file(uow, VACANCY, ANA, "kim")
    assert file.my_sheet.scores["Leadership"] == 5
    assert [a.reason for a in file.amendments] == ["Misread my notes."]
    [entry] = [r for r in uow.audit if r.action == "score.amended"]
    assert entry.before["scores"] == {"Leadership": 2, "Communication": 2}
    assert entry.after["reason"] == "Misread my notes."
    assert services.results(uow, VACANCY).ranking[0].weighted_mean == 4.0


def test_the_others_sheets_and_amendments_stay_hidden_until_a_member_submits(uow):
    no_conflict(uow, "kim")
    no_conflict(uow, "lee")
    submit(uow, "kim", ANA, 2, 2)
    panel_round.amend_sheet(
        uow, VACANCY, ANA, "kim", {"Leadership": 3, "Communication": 2}, "", "Second look."
    )

    before = panel_round.candidate_file(uow, VACANCY, ANA, "lee")
    assert before.sheets == () and before.amendments == () and before.my_sheet is None


def test_the_chair_closes_the_round_and_the_result_says_so(uow):
    no_conflict(uow, "kim")
    submit(uow, "kim", ANA)
    with pytest.raises(CannotClose):
        panel_round.close_round(uow, VACANCY, "lee", "Tired.")
    with pytest.raises(NotOnPanel):
        panel_round.close_round(uow, VACANCY, "mallory", "Let me.")

    panel_round.close_round(uow, VACANCY, "kim", "Lee and Max cannot be reached.")

    [completed] = uow.events_named("panel.completed")
    assert completed.payload["closed_by_chair"] is True
    assert completed.payload["closed_by"] == "kim"
    assert completed.payload["outstanding_sheets"] == 5
    assert completed.payload["close_reason"] == "Lee and Max cannot be reached."
    assert panel_round.progress(uow, VACANCY)["closure"]["outstanding"] == 5


def test_the_progress_shows_who_declared_and_scored_without_scores(uow):
    no_conflict(uow, "kim")
    panel_round.declare(uow, VACANCY, "max", {ANA: (True, "My cousin.")})
    submit(uow, "kim", ANA, 5, 5)

    progress = panel_round.progress(uow, VACANCY)

    rows = {row["member"]: row for row in progress["rows"]}
    assert rows["kim"] == {
        "member": "kim",
        "declared": 2,
        "recused": 0,
        "expected": 2,
        "submitted": 1,
    }
    assert rows["max"]["declared"] == 1 and rows["max"]["recused"] == 1
    assert (progress["submitted_sheets"], progress["expected_sheets"]) == (1, 5)


def test_a_member_lists_only_the_vacancies_of_their_panels(uow):
    services.record_vacancy(
        uow, {"vacancy_id": "vac-2", "title": "Other", "competencies": FRAMEWORK}
    )

    assert [v["vacancy_id"] for v in panel_round.vacancies(uow, "kim")] == [VACANCY]
    assert panel_round.vacancies(uow, "nobody") == []
    assert len(panel_round.vacancies(uow)) == 2
