"""The candidate's status page follows scoring's interview and decision events, over a real
database (SQLite and PostgreSQL, brought to the newest revision by the migrations).

Scoring's events are handed to intake's handlers as its consumer would (inbox row,
handler, commit in one unit of work), each body first parsed against the event catalogue
as it would be off the wire; no broker is needed to see what the candidate reads, so the
test does not depend on intake's subscriptions in the topology.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from services.intake.bootstrap import SERVICE, IntakeRuntime, bootstrap
from services.intake.entrypoints import handlers
from services.intake.entrypoints.app import create_app
from shared.config import Settings
from shared.db import upgrade
from shared.messaging.contracts import Contract, parse_envelope
from shared.messaging.events import (
    CANDIDATE_SHORTLISTED,
    EVENTS,
    INTERVIEW_CANCELLED,
    INTERVIEW_RESCHEDULED,
    INTERVIEW_SCHEDULED,
    PANEL_DECIDED,
    SLOTS_PROPOSED,
)
from tests.integration.intake.test_candidate_journey_api import apply, publish, run_own_events

pytestmark = pytest.mark.integration
# as scoring sends it: the slot's wall-clock time in its own zone (09:00 UTC, 05:00 in New York)
STARTS = datetime(2030, 3, 12, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))
PICKING_URL = "https://shortlist.example/scoring/pick/very-secret-token"
REASON = "Weaker than the others on budget oversight; scored 2.8 of 5."


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intake.db'}"
    return request.getfixturevalue("postgres_databases").create("intake")


@pytest.fixture
def runtime(tmp_path: Path, database_url: str) -> Iterator[IntakeRuntime]:
    upgrade(database_url, SERVICE.migrations)
    built = bootstrap(
        Settings.from_env(
            {
                "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
                "SHORTLIST_INTAKE_DATABASE_URL": database_url,
                "SHORTLIST_SECRET_KEY": "test-secret",
            }
        )
    )
    publish(built, "vac-1")
    yield built
    built.engine.dispose()


@pytest.fixture
def client(runtime: IntakeRuntime) -> Any:
    return create_app(runtime).test_client()


def deliver(runtime: IntakeRuntime, contract: Contract, payload: dict[str, Any]) -> Any:
    """Hand one event to intake's handler as its consumer would; the envelope, to resend."""
    sent = contract.envelope(payload, producer="scoring", correlation_id=str(uuid.uuid4()))
    received = parse_envelope(sent.to_message(), EVENTS)
    handle(runtime, received)
    return received


def handle(runtime: IntakeRuntime, envelope: Any) -> None:
    with runtime.uow() as uow:
        if uow.mark_handled("intake", envelope):
            handlers.for_runtime(runtime)[envelope.name](uow, envelope)
            uow.commit()


def interview(application_id: str, sequence: int, starts_at: datetime, zone: str) -> dict:
    return {
        "vacancy_id": "vac-1",
        "vacancy_title": "Director, Implementation Support Unit",
        "application_id": application_id,
        "candidate_name": "Anna Uvarova",
        "starts_at": starts_at,
        "time_zone": zone,
        "duration_minutes": 90,
        "location": "Room 4B, Palais des Nations",
        "calendar_uid": f"interview-vac-1-{application_id}@shortlist",
        "sequence": sequence,
    }


def decision(application_id: str, outcome: str) -> dict:
    return {
        "vacancy_id": "vac-1",
        "vacancy_title": "Director, Implementation Support Unit",
        "decided_at": STARTS + timedelta(days=3),
        "decisions": [
            {
                "application_id": application_id,
                "candidate_name": "Anna Uvarova",
                "outcome": outcome,
                "reason": REASON,
            }
        ],
    }


def page(client: Any, runtime: IntakeRuntime, application_id: str) -> str:
    token = runtime.signer.candidate_link_token(application_id)
    response = client.get(f"/intake/status/{token}", headers={"Accept-Language": "en"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def api_status(client: Any, runtime: IntakeRuntime, application_id: str) -> dict[str, Any]:
    token = runtime.signer.candidate_link_token(application_id)
    response = client.get(f"/intake/api/status/{token}")
    assert response.status_code == 200
    return response.get_json()


@pytest.fixture
def shortlisted(client: Any, runtime: IntakeRuntime) -> str:
    created = apply(client)
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["application_id"]
    run_own_events(runtime)
    deliver(
        runtime,
        CANDIDATE_SHORTLISTED,
        {
            "application_id": application_id,
            "vacancy_id": "vac-1",
            "candidate_name": "Anna Uvarova",
            "shortlisted_by": "sam",
        },
    )
    return application_id


def test_the_status_page_follows_the_interview_then_tells_the_outcome_without_the_reason(
    client, runtime, shortlisted
):
    proposed = {
        "vacancy_id": "vac-1",
        "vacancy_title": "Director, Implementation Support Unit",
        "application_id": shortlisted,
        "candidate_name": "Anna Uvarova",
        "picking_url": PICKING_URL,
        "free_slots": 3,
        "proposed_at": STARTS - timedelta(days=10),
    }
    deliver(runtime, SLOTS_PROPOSED, proposed)
    shown = page(client, runtime, shortlisted)
    assert "Interview: choose your time." in shown
    assert f'href="{PICKING_URL}"' in shown

    booked = deliver(
        runtime, INTERVIEW_SCHEDULED, interview(shortlisted, 0, STARTS, "Europe/Zurich")
    )
    shown = page(client, runtime, shortlisted)
    assert "at 10:00" in shown and "Europe/Zurich" in shown and "at 9:00" not in shown
    assert "1 hour 30 minutes" in shown and "Room 4B, Palais des Nations" in shown
    assert PICKING_URL not in shown

    moved = deliver(
        runtime,
        INTERVIEW_RESCHEDULED,
        interview(shortlisted, 1, STARTS + timedelta(days=1), "America/New_York"),
    )
    handle(runtime, booked)  # the first booking redelivered: already handled
    deliver(runtime, INTERVIEW_SCHEDULED, interview(shortlisted, 0, STARTS, "Europe/Zurich"))
    shown = page(client, runtime, shortlisted)
    assert "America/New_York" in shown and "at 5:00" in shown and "Europe/Zurich" not in shown
    status = api_status(client, runtime, shortlisted)
    assert status["interview"]["time_zone"] == "America/New_York"
    assert status["interview"]["local_start"].startswith("2030-03-13T05:00:00-04:00")
    assert status["picking_url"] is None

    handle(runtime, moved)
    deliver(
        runtime,
        PANEL_DECIDED,
        decision(shortlisted, "reserve"),
    )
    deliver(runtime, PANEL_DECIDED, decision(shortlisted, "reserve"))  # announced again
    shown = page(client, runtime, shortlisted)
    assert "reserve list" in shown
    assert REASON not in shown and "budget" not in shown and "2.8 of 5" not in shown
    status = api_status(client, runtime, shortlisted)
    assert status["outcome"] == "reserve" and "reserve list" in status["description"]
    assert "budget" not in repr(status)


def test_a_cancelled_interview_asks_the_candidate_to_choose_again(client, runtime, shortlisted):
    deliver(
        runtime,
        SLOTS_PROPOSED,
        {
            "vacancy_id": "vac-1",
            "vacancy_title": "Director, Implementation Support Unit",
            "application_id": shortlisted,
            "candidate_name": "Anna Uvarova",
            "picking_url": PICKING_URL,
            "free_slots": 2,
            "proposed_at": STARTS - timedelta(days=10),
        },
    )
    deliver(runtime, INTERVIEW_SCHEDULED, interview(shortlisted, 0, STARTS, "Europe/Zurich"))

    deliver(runtime, INTERVIEW_CANCELLED, interview(shortlisted, 1, STARTS, "Europe/Zurich"))

    shown = page(client, runtime, shortlisted)
    assert "Interview: choose your time." in shown and PICKING_URL in shown
    assert "Room 4B" not in shown
    assert api_status(client, runtime, shortlisted)["picking_url"] == PICKING_URL


def test_an_erased_candidate_keeps_no_interview_and_ignores_later_news(
    client, runtime, shortlisted
):
    deliver(runtime, INTERVIEW_SCHEDULED, interview(shortlisted, 0, STARTS, "Europe/Zurich"))
    token = runtime.signer.candidate_link_token(shortlisted)
    erased = client.post(f"/intake/api/status/{token}/erasure", json={"confirm": True})
    assert erased.status_code < 300, erased.get_json()

    deliver(runtime, INTERVIEW_RESCHEDULED, interview(shortlisted, 1, STARTS, "Asia/Tokyo"))
    deliver(runtime, PANEL_DECIDED, decision(shortlisted, "selected"))

    shown = page(client, runtime, shortlisted)
    assert "Room 4B" not in shown and "Interview on" not in shown and "selected you" not in shown
    with runtime.uow() as uow:
        assert uow.interviews.get(shortlisted) is None


def test_a_guessed_link_is_not_found(client, runtime, shortlisted):
    deliver(runtime, INTERVIEW_SCHEDULED, interview(shortlisted, 0, STARTS, "Europe/Zurich"))
    token = runtime.signer.candidate_link_token(shortlisted)
    guessed = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")

    assert client.get(f"/intake/status/{guessed}").status_code == 404
    assert client.get(f"/intake/api/status/{guessed}").status_code == 404
    assert client.get(f"/intake/status/{uuid.uuid4()}").status_code == 404
