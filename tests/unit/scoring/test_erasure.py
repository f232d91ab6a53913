"""Scoring on `candidate.erased`, with fakes: the candidate's name goes wherever scoring
keeps it; the panel's scores stay, and the results still count the candidate."""

from services.scoring.service_layer import services
from shared.messaging.events import ERASED_NAME
from tests.unit.scoring.test_services import ANA, VACANCY, ready, submit_every_sheet, uow

__all__ = ["ready", "uow"]  # fixtures


def erase(uow, application_id=ANA):
    return services.erase_candidate(uow, {"application_id": application_id, "vacancy_id": VACANCY})


def kept_by_scoring(uow) -> str:
    return "\n".join(repr(repository.__dict__) for repository in uow.repositories())


def test_the_name_is_gone_and_the_scores_stay(ready):
    submit_every_sheet(ready)
    before = services.results(ready, VACANCY)

    assert erase(ready) is True

    assert "Ana Example" not in kept_by_scoring(ready)
    assert "Ben Example" in kept_by_scoring(ready)
    after = services.results(ready, VACANCY)
    names = {r.application_id: r.candidate_name for r in after.ranking}
    assert names[ANA] == ERASED_NAME
    assert [r.weighted_mean for r in after.ranking] == [r.weighted_mean for r in before.ranking]
    assert len(ready.rounds.sheets) == 4


def test_a_second_erasure_or_one_for_a_stranger_changes_nothing(ready):
    erase(ready)
    before, audit = kept_by_scoring(ready), len(ready.audit)

    assert erase(ready) is False
    assert erase(ready, "never-shortlisted") is False

    assert kept_by_scoring(ready) == before and len(ready.audit) == audit
