"""Screening on `candidate.erased` and `application.withdrawn`, with fakes.

After erasure nothing screening keeps holds the candidate's name or a word of their CV
(profile, figures, evidence, passages, reasons that may quote it); the verdict codes,
proposals, decisions and list moves stay; asking again, or about an application screening
never heard of, changes nothing; an erased application is never screened again."""

import pytest

from services.screening.domain.vacancies import CannotShortlist, Decision, ListStage
from services.screening.service_layer import erasure, services
from shared.messaging.events import ERASED_NAME
from tests.unit.fakes import FakeScreeningUnitOfWork
from tests.unit.screening.test_services import SECRETARIAT, create, cv_parsed

NAME = "Ana Example"
CV_WORDS = ("UNMAS", "Managed the mine action programme", "Somewhere University")


@pytest.fixture
def uow():
    return FakeScreeningUnitOfWork()


@pytest.fixture
def published(uow):
    vacancy = create(uow)
    return services.publish_vacancy(uow, SECRETARIAT, vacancy.id)


def kept_by_screening(uow) -> str:
    return "\n".join(repr(repository.__dict__) for repository in uow.repositories())


@pytest.fixture
def screened(uow, published):
    screened = services.screen_cv(uow, cv_parsed(published.id))
    criterion = screened.verdicts[0]["criterion_id"]
    services.override_verdict(
        uow,
        SECRETARIAT,
        "app-1",
        criterion_id=criterion,
        verdict="met",
        reason="Ana Example's MA at Somewhere University counts",
    )
    services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.LONG_LIST, "UNMAS experience")
    return services.application(uow, "app-1")


def erase(uow, application_id="app-1", vacancy_id="vac"):
    return erasure.erase_candidate(
        uow, {"application_id": application_id, "vacancy_id": vacancy_id}
    )


def test_nothing_of_the_person_is_left_in_screening(uow, screened):
    kept = kept_by_screening(uow)
    assert NAME in kept and all(word in kept for word in CV_WORDS)

    assert erase(uow) is True

    kept = kept_by_screening(uow)
    assert NAME not in kept
    for word in CV_WORDS:
        assert word not in kept
    application = services.application(uow, "app-1")
    assert application.candidate_name == ERASED_NAME and application.profile == {}


def test_the_anonymised_record_keeps_verdict_codes_proposal_and_lists(uow, screened):
    erase(uow)

    application = services.application(uow, "app-1")
    assert [v["verdict"] for v in application.verdicts] == [v["verdict"] for v in screened.verdicts]
    assert {key for v in application.verdicts for key in v} <= {
        "criterion_id",
        "mandatory",
        "verdict",
    }
    assert application.proposal == screened.proposal
    assert application.effective_proposal == screened.effective_proposal
    assert application.list_stage is ListStage.LONG_LIST
    assert [m.to_stage for m in uow.applications.list_moves("app-1")] == [ListStage.LONG_LIST]
    assert len(uow.applications.history("app-1")) == 1
    assert [a.application_id for a in services.applications(uow, screened.vacancy_id)] == ["app-1"]


def test_a_second_erasure_or_one_for_an_unknown_application_changes_nothing(uow, screened):
    erase(uow)
    before, audit = kept_by_screening(uow), len(uow.audit)

    assert erase(uow) is False
    assert erase(uow, "never-heard-of") is False

    assert kept_by_screening(uow) == before and len(uow.audit) == audit


def test_an_erased_application_is_not_screened_again(uow, screened):
    erase(uow)
    late = cv_parsed(screened.vacancy_id)

    assert erasure.is_erased(uow, late)
    assert erasure.is_erased(
        uow, cv_parsed(screened.vacancy_id, "app-2", candidate_name=ERASED_NAME)
    )
    assert not erasure.is_erased(uow, cv_parsed(screened.vacancy_id, "app-2"))


def test_a_withdrawal_is_a_final_decision_that_takes_it_off_the_list(uow, screened):
    payload = {"application_id": "app-1", "vacancy_id": screened.vacancy_id}

    assert erasure.record_withdrawal(uow, payload) is True
    assert erasure.record_withdrawal(uow, payload) is False
    assert erasure.record_withdrawal(uow, payload | {"application_id": "nobody"}) is False

    application = services.application(uow, "app-1")
    assert application.decision is Decision.WITHDRAWN
    assert application.list_stage is ListStage.NONE
    assert [d.action for d in uow.applications.decisions("app-1")] == ["withdrawn"]
    with pytest.raises(CannotShortlist):
        services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.SHORT_LIST)
