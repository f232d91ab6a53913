"""Blind mode, with fakes: what it leaves out of an application (the name becomes the
neutral code; contact details, photo, gender, age, date of birth and nationality go),
and when the use cases that the JSON API calls apply it (asked for, or a blind vacancy)."""

import pytest

from services.screening.domain.applicants import (
    blinded,
    blinded_profile,
    neutral_code,
    shown_name,
)
from services.screening.domain.vacancies import ListStage
from services.screening.service_layer import services
from tests.unit.fakes import FakeScreeningUnitOfWork
from tests.unit.screening.test_services import CRITERIA, SECRETARIAT, create, cv_parsed, profile


@pytest.fixture
def uow():
    return FakeScreeningUnitOfWork()


def publish(uow, criteria=CRITERIA):
    return services.publish_vacancy(uow, SECRETARIAT, create(uow, criteria).id)


def personal_profile():
    return {
        **profile(),
        "contact": {"name": "Ana Example", "email": "ana@example.org", "phone": "+41 1"},
        "photo": "photo.jpg",
        "Gender": "woman",
        "age": 44,
        "date_of_birth": "1981-02-03",
        "nationality": "Swiss",
    }


def test_blind_mode_leaves_out_who_the_person_is_but_keeps_what_is_judged():
    shown = blinded_profile(personal_profile())

    assert set(shown) == {"education", "positions", "languages"}
    assert shown["positions"] == profile()["positions"]
    assert blinded_profile(None) == {}


def test_the_name_becomes_the_same_code_everywhere():
    assert shown_name("app-1", "Ana Example", True) == neutral_code("app-1")
    assert shown_name("app-1", "Ana Example", False) == "Ana Example"
    assert neutral_code("app-1") != neutral_code("app-2")


def test_a_blinded_application_keeps_its_verdicts(uow):
    vacancy = publish(uow)
    services.screen_cv(uow, cv_parsed(vacancy.id, profile=personal_profile()))
    application = services.application(uow, "app-1")

    hidden = blinded(application)

    assert hidden.candidate_name == neutral_code("app-1")
    assert "contact" not in hidden.profile and "nationality" not in hidden.profile
    assert hidden.effective_verdicts == application.effective_verdicts
    assert hidden.effective_proposal == application.effective_proposal


def test_the_use_cases_blind_when_asked(uow):
    vacancy = publish(uow)
    services.screen_cv(uow, cv_parsed(vacancy.id, profile=personal_profile()))

    assert services.application(uow, "app-1").candidate_name == "Ana Example"
    assert services.application(uow, "app-1", blind=True).candidate_name == neutral_code("app-1")
    listed = services.applications(uow, vacancy.id, blind=True)
    assert [a.candidate_name for a in listed] == [neutral_code("app-1")]
    assert "contact" not in listed[0].profile


def test_a_blind_vacancy_is_blind_whatever_the_caller_asks(uow):
    vacancy = publish(uow, {**CRITERIA, "settings": {"blind": True}})
    services.screen_cv(uow, cv_parsed(vacancy.id, profile=personal_profile()))
    moved = services.move_to_list(uow, SECRETARIAT, "app-1", ListStage.LONG_LIST)

    assert services.application(uow, "app-1", blind=False).candidate_name == neutral_code("app-1")
    assert services.applications(uow, vacancy.id)[0].candidate_name == neutral_code("app-1")
    assert services.as_shown(uow, moved).candidate_name == neutral_code("app-1")
    assert services.as_shown(uow, moved).list_stage is ListStage.LONG_LIST
