"""Erasure through intake's API on SQLite and PostgreSQL: the candidate asks from their
status link; the CV is gone from disk, no intake table holds their name or email (the
outbox included), the link answers "erased", and asking again changes nothing."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from services.intake.adapters.tables import metadata
from services.intake.bootstrap import IntakeRuntime
from tests.integration.intake.test_candidate_journey_api import (
    apply,
    client,
    database_url,
    emitted,
    link_of,
    run_own_events,
    runtime,
    settings,
)

__all__ = ["client", "database_url", "runtime", "settings"]  # fixtures
NAME, EMAIL = "Anna Uvarova", "anna@example.org"


def tables_holding(runtime: IntakeRuntime, *needles: str) -> list[str]:
    found = []
    with runtime.engine.connect() as connection:
        for table in metadata.sorted_tables:
            rows = connection.execute(sa.select(table)).all()
            text = repr(rows).lower()
            if any(needle.lower() in text for needle in needles):
                found.append(table.name)
    return found


def test_erasure_from_the_status_link(client: Any, runtime: IntakeRuntime) -> None:
    created = apply(client, cover_letter="Dear panel")
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["application_id"]
    run_own_events(runtime)
    files = [p for p in runtime.settings.uploads_dir.rglob("*") if p.is_file()]
    assert files and "cv_readings" in tables_holding(runtime, "Uvarova")
    link = link_of(runtime, application_id)

    refused = client.post(link + "/erasure", json={})
    assert refused.status_code == 422
    assert "cannot be undone" in refused.get_json()["message"]
    assert client.get(link + "/erasure").get_json()["erased"] is False

    erased = client.post(link + "/erasure", json={"confirm": True})
    assert erased.status_code == 200, erased.get_json()
    assert erased.get_json()["erased"] is True

    assert not any(path.exists() for path in files)
    assert tables_holding(runtime, NAME, EMAIL, "Dear panel") == []
    status = client.get(link).get_json()
    assert status["stage"] == "withdrawn" and status["candidate_name"] == "Erased candidate"
    assert emitted(runtime, "candidate.erased") == [
        {"application_id": application_id, "vacancy_id": "vac-1"}
    ]
    again = client.post(link + "/erasure", json={"confirm": True})
    assert again.get_json()["erased_at"] == erased.get_json()["erased_at"]
    assert len(emitted(runtime, "candidate.erased")) == 1
    assert apply(client).status_code == 201  # the same person may apply afresh
