"""The debrief's use cases with fakes: who sees the debrief and when, and a consensus
recorded with its audit entry (and nothing kept when it is refused)."""

import pytest

from services.scoring.domain.consensus import ConsensusRating, ConsensusRefused, NotChair
from services.scoring.domain.panel import NotOnPanel
from services.scoring.service_layer import debrief, panel_round, services
from services.scoring.service_layer.services import UnknownVacancy
from tests.unit.fakes import FakeRoundRepository, FakeScoringUnitOfWork

VACANCY = "vac-1"
ANA, BEN, CY = "app-ana", "app-ben", "app-cy"
COMPETENCIES = [{"name": "Leadership", "weight": 2.0}, {"name": "Communication", "weight": 1.0}]


class FakeDebriefRoundRepository(FakeRoundRepository):
    """The scoring fake with the consensus ratings the debrief stores."""

    def __init__(self) -> None:
        super().__init__()
        self.consensus: dict[tuple[str, str, str], ConsensusRating] = {}

    def save_consensus(self, consensus: ConsensusRating) -> ConsensusRating | None:
        key = (consensus.vacancy_id, consensus.application_id, consensus.competency)
        replaced = self.consensus.get(key)
        self.consensus[key] = consensus
        return replaced

    def consensus_ratings(self, vacancy_id: str) -> list[ConsensusRating]:
        return [c for (vid, _, _), c in self.consensus.items() if vid == vacancy_id]


class FakeDebriefUnitOfWork(FakeScoringUnitOfWork):
    def __init__(self) -> None:
        super().__init__()
        self.rounds = FakeDebriefRoundRepository()


@pytest.fixture
def uow():
    """Kim (chair), Lee and Max; Max is recused from Cy; every sheet but Lee's on Ben."""
    uow = FakeDebriefUnitOfWork()
    services.record_vacancy(
        uow, {"vacancy_id": VACANCY, "title": "Director", "competencies": COMPETENCIES}
    )
    for application_id, name in ((ANA, "Ana"), (BEN, "Ben"), (CY, "Cy")):
        services.record_shortlisted(
            uow,
            {
                "vacancy_id": VACANCY,
                "application_id": application_id,
                "candidate_name": name,
                "shortlisted_by": "sam",
            },
        )
    services.appoint_panel(uow, VACANCY, ["kim", "lee", "max"], "kim", "sam")
    for member in ("kim", "lee"):
        panel_round.declare(uow, VACANCY, member, {a: (False, "") for a in (ANA, BEN, CY)})
    panel_round.declare(
        uow, VACANCY, "max", {ANA: (False, ""), BEN: (False, ""), CY: (True, "My cousin.")}
    )
    for application_id, member, scores in (
        (ANA, "kim", (5, 4)),
        (ANA, "lee", (4, 4)),
        (ANA, "max", (3, 2)),
        (BEN, "kim", (3, 3)),
        (BEN, "max", (3, 3)),
        (CY, "kim", (2, 2)),
        (CY, "lee", (5, 5)),
    ):
        submit(uow, application_id, member, scores)
    return uow


def submit(uow, application_id, member, scores):
    leadership, communication = scores
    services.submit_sheet(
        uow,
        VACANCY,
        application_id,
        member,
        {"Leadership": leadership, "Communication": communication},
    )


def record(uow, actor, rating=5, *, secretariat=False):
    return debrief.record_consensus(
        uow, VACANCY, BEN, "Communication", rating, " Agreed. ", actor, is_secretariat=secretariat
    )


def test_the_secretariat_sees_the_provisional_debrief_and_members_wait(uow):
    view = debrief.debrief_of(uow, VACANCY, "sam", is_secretariat=True)

    assert not view.debrief.complete
    assert (view.debrief.submitted_sheets, view.debrief.expected_sheets) == (7, 8)
    assert not view.may_record_consensus
    with pytest.raises(debrief.DebriefNotReady, match="7 of 8"):
        debrief.debrief_of(uow, VACANCY, "lee", is_secretariat=False)


def test_strangers_and_unknown_vacancies_are_refused(uow):
    with pytest.raises(NotOnPanel):
        debrief.debrief_of(uow, VACANCY, "zoe", is_secretariat=False)
    with pytest.raises(UnknownVacancy):
        debrief.debrief_of(uow, "vac-unknown", "sam", is_secretariat=True)


def test_members_see_the_debrief_once_complete_without_their_recusals(uow):
    submit(uow, BEN, "lee", (4, 3))

    kim = debrief.debrief_of(uow, VACANCY, "kim", is_secretariat=False)
    max_ = debrief.debrief_of(uow, VACANCY, "max", is_secretariat=False)

    assert kim.debrief.complete and kim.may_record_consensus
    assert [r.candidate_name for r in kim.debrief.results.ranking] == ["Ana", "Cy", "Ben"]
    assert [r.candidate_name for r in max_.debrief.results.ranking] == ["Ana", "Ben"]
    assert (max_.hidden_candidates, max_.may_record_consensus) == (1, False)


def test_the_chair_records_a_consensus_with_an_audit_entry(uow):
    submit(uow, BEN, "lee", (4, 3))

    record(uow, "kim", 4)
    record(uow, "kim", 5)

    entries = [entry for entry in uow.audit if entry.action == "consensus.recorded"]
    assert [(e.before and e.before["rating"], e.after["rating"]) for e in entries] == [
        (None, 4),
        (4, 5),
    ]
    ben = next(
        r
        for r in debrief.debrief_of(
            uow, VACANCY, "sam", is_secretariat=True
        ).debrief.results.ranking
        if r.candidate_name == "Ben"
    )
    assert ben.competencies[1].consensus == 5
    assert ben.competencies[1].consensus_reason == "Agreed."


def test_a_refused_consensus_keeps_nothing(uow):
    with pytest.raises(ConsensusRefused, match="once every expected score sheet is in"):
        record(uow, "sam", secretariat=True)
    submit(uow, BEN, "lee", (4, 3))
    with pytest.raises(NotChair):
        record(uow, "lee")
    with pytest.raises(NotOnPanel):
        record(uow, "zoe")

    assert uow.rounds.consensus == {}
    assert not [entry for entry in uow.audit if entry.action == "consensus.recorded"]
