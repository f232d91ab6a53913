"""Erasure in intake, with fakes: what a candidate who asks to be forgotten cares about.

Nothing intake keeps still holds their name, email, CV (files or text), cover letter or
diversity answers; the application still counts, anonymised, in the vacancy's figures;
the audit entry names nobody; asking again changes nothing."""

from datetime import UTC, datetime

import pytest

from services.intake.domain.applications import Stage
from services.intake.domain.diversity import DiversityAnswers
from services.intake.service_layer import candidates, erasure, services
from services.intake.service_layer.services import UnknownApplication
from shared.messaging.events import ERASED_NAME
from tests.unit.intake.test_candidate_journey import READER, apply
from tests.unit.intake.test_services import EMAIL, NAME

NOW = datetime(2030, 5, 6, 7, 8, tzinfo=UTC)
COVER = "Dear panel, I am Ana Example and I apply."


def kept_by_intake(uow, store) -> str:
    """Everything intake's repositories and file store hold, as one text to search."""
    held = [repr(repository.__dict__) for repository in uow.repositories()]
    return "\n".join([*held, repr(store.files)])


@pytest.fixture
def erased(uow, store):
    application = apply(
        uow,
        store,
        cover_letter=COVER,
        diversity=DiversityAnswers(gender="woman", nationality="BR", region="latin_america"),
    )
    services.read_cv(uow, store, READER, application.id)
    candidates.replace_cv(uow, store, READER, application.id, "ana-2.pdf", b"%PDF-1.7 newer CV")
    services.read_cv(uow, store, READER, application.id)
    assert NAME in kept_by_intake(uow, store)
    erasure.erase_application(uow, store, application.id, NOW)
    return application


def test_nothing_of_the_person_is_left_in_intake(uow, store, erased):
    kept = kept_by_intake(uow, store)

    for personal in (NAME, EMAIL, "CV text", "Dear panel", "ana.pdf", "ana-2.pdf", "woman"):
        assert personal not in kept
    assert store.files == {}  # the current CV and the replaced one
    assert uow.applications.latest_reading(erased.id) is None
    assert uow.applications.latest_review(erased.id) is None
    assert uow.applications.replaced_cvs(erased.id) == []


def test_the_anonymised_application_still_counts_in_the_vacancy(uow, store, erased):
    kept = uow.applications.get(erased.id)

    assert kept.candidate_name == ERASED_NAME
    assert kept.candidate_email.endswith(".invalid")
    assert kept.stage is Stage.WITHDRAWN and kept.withdrawn_at == NOW
    assert kept.received_at == erased.received_at and kept.submitted_at == erased.submitted_at
    assert [a.id for a in uow.applications.for_vacancy("vac-1", Stage.WITHDRAWN)] == [erased.id]
    assert uow.applications.erased_at(erased.id) == NOW
    assert uow.applications.erasures[erased.id] == (NOW, Stage.CV_READ)
    # the diversity answers went with the person: the applicant counts as "not given"
    assert uow.diversity.answers("vac-1") == [DiversityAnswers()]


def test_erasure_is_announced_and_audited_without_personal_data(uow, store, erased):
    [event] = uow.events_named("candidate.erased")
    assert dict(event.payload) == {"application_id": erased.id, "vacancy_id": "vac-1"}
    [entry] = [r for r in uow.audit if r.action == "candidate.erased"]
    assert entry.actor == "candidate" and entry.entity_id == erased.id
    assert NAME not in repr(entry) and EMAIL not in repr(entry)
    assert len(uow.events_named("application.withdrawn")) == 0  # erasure says it all


def test_asking_again_changes_nothing(uow, store, erased):
    before = kept_by_intake(uow, store)
    events, audit = len(uow.events), len(uow.audit)

    again = erasure.erase_application(uow, store, erased.id, datetime(2031, 1, 1, tzinfo=UTC))

    assert again.erased_at == NOW
    assert kept_by_intake(uow, store) == before
    assert (len(uow.events), len(uow.audit)) == (events, audit)


def test_the_same_person_may_apply_again_with_their_own_email(uow, store, erased):
    again = apply(uow, store, cv_data=b"%PDF-1.7 a fresh CV")

    assert again.id != erased.id and again.candidate_email == EMAIL


def test_a_withdrawn_application_can_be_erased_too(uow, store):
    application = apply(uow, store)
    candidates.withdraw_application(uow, application.id, "I took another job at Example Ltd")

    erasure.erase_application(uow, store, application.id, NOW)

    kept = uow.applications.get(application.id)
    assert kept.withdrawal_reason is None and kept.withdrawn_at != NOW
    assert "Example Ltd" not in kept_by_intake(uow, store)


def test_an_unknown_application_cannot_be_erased(uow, store):
    with pytest.raises(UnknownApplication):
        erasure.erase_application(uow, store, "nobody", NOW)
