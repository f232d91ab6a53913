"""Scoring tells the other services who sits on a vacancy's panel (`panel.appointed`), so
that screening can show its members the long list; a refused appointment tells nobody."""

import pytest

from services.scoring.service_layer import services
from services.scoring.service_layer.services import UnknownVacancy
from shared.messaging.events import PANEL_APPOINTED
from tests.unit.fakes import FakeScoringUnitOfWork

VACANCY = "vac-1"
PANEL = ["kim", "lee"]
COMPETENCIES = [{"name": "Leadership", "weight": 2.0}]


@pytest.fixture
def uow():
    uow = FakeScoringUnitOfWork()
    services.record_vacancy(
        uow, {"vacancy_id": VACANCY, "title": "Director", "competencies": COMPETENCIES}
    )
    return uow


def test_appointing_a_panel_announces_its_members_and_chair(uow):
    services.appoint_panel(uow, VACANCY, PANEL, "kim", "sam")

    [event] = uow.events_named(PANEL_APPOINTED.name)
    assert event.payload["vacancy_id"] == VACANCY
    assert event.payload["members"] == PANEL
    assert event.payload["chair"] == "kim"
    assert event.payload["appointed_at"]


def test_each_change_of_the_panel_is_announced_in_full(uow):
    services.appoint_panel(uow, VACANCY, PANEL, "kim", "sam")
    services.appoint_panel(uow, VACANCY, ["kim", "max"], None, "sam")

    announced = [e.payload["members"] for e in uow.events_named(PANEL_APPOINTED.name)]
    assert announced == [PANEL, ["kim", "max"]]


def test_a_panel_for_an_unknown_vacancy_is_refused_and_announces_nothing(uow):
    with pytest.raises(UnknownVacancy):
        services.appoint_panel(uow, "no-such-vacancy", PANEL, None, "sam")

    assert uow.events_named(PANEL_APPOINTED.name) == []
