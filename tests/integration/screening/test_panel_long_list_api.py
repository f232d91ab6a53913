"""The panel on the long list through screening's API, over a real database (SQLite and
PostgreSQL) migrated to the newest revision: scoring's `panel.appointed` handed to
screening's handlers as its consumer would, the members' view of the long and short list
(blind on request), their comments, the secretariat reading them, who gets a 404, and
what `candidate.erased` leaves of a comment.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from services.screening.adapters.tables import AUDIT, metadata
from services.screening.bootstrap import ScreeningRuntime
from services.screening.domain.applicants import neutral_code
from services.screening.domain.panel_review import ERASED_COMMENT, MAX_COMMENT
from shared.messaging.events import CANDIDATE_ERASED, PANEL_APPOINTED
from tests.integration.screening.test_screening_api import (
    Api,
    create_vacancy,
    cv_parsed,
    deliver,
    publish,
)

APPOINTED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
OUR_TABLES = {"panel_members", "long_list_comments"}


def appoint(runtime: ScreeningRuntime, vacancy_id: str, members: list[str], at: datetime) -> None:
    payload = {
        "vacancy_id": vacancy_id,
        "members": members,
        "chair": members[0],
        "appointed_at": at,
    }
    deliver(runtime, PANEL_APPOINTED.envelope(payload, producer="scoring", correlation_id="t"))


@pytest.fixture
def sam(runtime: ScreeningRuntime) -> Api:
    return Api(runtime, "sam", "secretariat")


@pytest.fixture
def panel1(runtime: ScreeningRuntime) -> Api:
    return Api(runtime, "panel1", "panel")


@pytest.fixture
def listed(runtime: ScreeningRuntime, sam: Api) -> dict[str, Any]:
    """A published vacancy: app-1 on the long list, app-2 on the short list, app-3 on none;
    panel1 and panel2 on its panel."""
    vacancy = create_vacancy(sam)
    publish(sam, vacancy["id"])
    for application_id in ("app-1", "app-2", "app-3"):
        cv_parsed(runtime, vacancy["id"], application_id)
    for application_id, stage in (("app-1", "long_list"), ("app-2", "long_list")):
        moved = sam.put(f"/applications/{application_id}/list", json={"list": stage})
        assert moved.status_code == 200, moved.get_json()
    moved = sam.put("/applications/app-2/list", json={"list": "short_list"})
    assert moved.status_code == 200, moved.get_json()
    appoint(runtime, vacancy["id"], ["panel1", "panel2"], APPOINTED)
    return vacancy


def test_the_migration_makes_the_tables_the_code_uses(runtime: ScreeningRuntime):
    with runtime.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), metadata)
    ours = [d for d in differences if OUR_TABLES & _tables_named(d)]
    assert ours == []


def test_a_member_sees_the_long_and_short_list_with_verdicts(listed, panel1: Api):
    [mine] = panel1.get("/panel/vacancies").get_json()
    assert (mine["vacancy_id"], mine["long_listed"], mine["short_listed"], mine["chair"]) == (
        listed["id"],
        1,
        1,
        True,
    )

    listing = panel1.get(f"/panel/vacancies/{listed['id']}/long-list").get_json()
    assert [(e["application_id"], e["list_stage"]) for e in listing["entries"]] == [
        ("app-2", "short_list"),
        ("app-1", "long_list"),
    ]
    assert listing["entries"][1]["candidate"] == "Candidate app-1"
    assert set(listing["entries"][1]["verdicts"]) == set(listing["criteria"])

    blind = panel1.get(f"/panel/vacancies/{listed['id']}/long-list?blind=true").get_json()
    assert [e["candidate"] for e in blind["entries"]] == [
        neutral_code("app-2"),
        neutral_code("app-1"),
    ]

    candidate = panel1.get("/panel/applications/app-1?blind=true").get_json()
    assert candidate["candidate"] == neutral_code("app-1")
    assert "Candidate app-1" not in str(candidate)
    assert {v["criterion_id"] for v in candidate["verdicts"]} == set(listing["criteria"])
    assert any(v["figure"] for v in candidate["verdicts"])


def test_a_comment_reaches_the_secretariat_and_is_audited(runtime, listed, panel1: Api, sam: Api):
    written = panel1.post("/panel/applications/app-1/comments", json={"text": " Strong. "})
    assert written.status_code == 201, written.get_json()
    assert (written.get_json()["author"], written.get_json()["text"]) == ("panel1", "Strong.")

    panel2 = Api(runtime, "panel2", "panel")
    assert [c["text"] for c in panel2.get("/panel/applications/app-1/comments").get_json()] == [
        "Strong."
    ]
    seen = sam.get("/applications/app-1/comments").get_json()
    assert [(c["author"], c["text"]) for c in seen] == [("panel1", "Strong.")]
    listing = panel1.get(f"/panel/vacancies/{listed['id']}/long-list").get_json()
    assert {e["application_id"]: e["comment_count"] for e in listing["entries"]} == {
        "app-1": 1,
        "app-2": 0,
    }
    with runtime.engine.connect() as connection:
        entries = connection.execute(
            sa.select(AUDIT.entries).where(AUDIT.entries.c.action == "application.commented")
        ).mappings()
        assert [(e["actor"], e["entity_id"], e["after"]["comment"]) for e in entries] == [
            ("panel1", "app-1", "Strong.")
        ]


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_COMMENT + 1)])
def test_an_empty_or_too_long_comment_is_refused_and_nothing_is_kept(
    listed, panel1: Api, sam: Api, text: str
):
    refused = panel1.post("/panel/applications/app-1/comments", json={"text": text})
    assert refused.status_code == 422
    assert sam.get("/applications/app-1/comments").get_json() == []


def test_outside_the_panel_or_the_lists_everything_is_a_404(runtime, listed, panel1: Api, sam):
    panel3 = Api(runtime, "panel3", "panel")
    assert panel3.get("/panel/vacancies").get_json() == []
    assert panel3.get(f"/panel/vacancies/{listed['id']}/long-list").status_code == 404
    assert panel3.get("/panel/applications/app-1").status_code == 404
    assert panel3.post("/panel/applications/app-1/comments", json={"text": "Hi"}).status_code == 404
    for path in ("/panel/applications/app-3", "/panel/applications/nope"):
        assert panel1.get(path).status_code == 404
    assert panel1.get("/panel/vacancies/nope/long-list").status_code == 404
    # the panel comments; it does not move anyone, nor read the secretariat's API
    assert panel1.put("/applications/app-1/list", json={"list": "short_list"}).status_code == 403
    assert panel1.get("/applications/app-1/comments").status_code == 403
    assert sam.get(f"/panel/vacancies/{listed['id']}/long-list").status_code == 403


def test_a_later_appointment_replaces_the_panel_and_an_older_one_does_not(
    runtime, listed, panel1: Api
):
    appoint(runtime, listed["id"], ["panel3"], APPOINTED + timedelta(hours=1))
    appoint(runtime, listed["id"], ["panel1"], APPOINTED - timedelta(hours=1))

    assert panel1.get(f"/panel/vacancies/{listed['id']}/long-list").status_code == 404
    panel3 = Api(runtime, "panel3", "panel")
    assert panel3.get(f"/panel/vacancies/{listed['id']}/long-list").status_code == 200


def test_erasure_replaces_the_comment_text_and_keeps_author_and_time(
    runtime, listed, panel1: Api, sam: Api
):
    panel1.post("/panel/applications/app-1/comments", json={"text": "Candidate app-1 is strong."})
    before = sam.get("/applications/app-1/comments").get_json()

    erased = {"application_id": "app-1", "vacancy_id": listed["id"]}
    deliver(runtime, CANDIDATE_ERASED.envelope(erased, producer="intake", correlation_id="t"))

    after = sam.get("/applications/app-1/comments").get_json()
    assert [(c["author"], c["written_at"], c["text"]) for c in after] == [
        ("panel1", before[0]["written_at"], ERASED_COMMENT)
    ]
    refused = panel1.post("/panel/applications/app-1/comments", json={"text": "More."})
    assert refused.status_code == 422


def _tables_named(difference: Any) -> set[str]:
    """The names of the tables an autogenerate difference is about."""
    items = difference if isinstance(difference, list) else [difference]
    names = set()
    for item in items:
        for part in item if isinstance(item, tuple) else ():
            for candidate in (part, getattr(part, "table", None)):
                if isinstance(candidate, sa.Table):
                    names.add(candidate.name)
            if isinstance(part, str) and part in OUR_TABLES:
                names.add(part)
    return names


def test_the_pages_hide_names_when_the_member_chose_blind_mode(runtime, listed, panel1: Api):
    pages = panel1.client
    pages.set_cookie("shortlist_blind", "panel1")
    blind = pages.get(f"/screening/panel/vacancies/{listed['id']}", headers=panel1.headers)
    assert blind.status_code == 200
    assert neutral_code("app-1") in blind.text and "Candidate app-1" not in blind.text
    assert ">Move<" not in blind.text

    pages.delete_cookie("shortlist_blind")
    named = pages.get("/screening/panel/applications/app-1", headers=panel1.headers)
    assert named.status_code == 200
    assert "Candidate app-1" in named.text
    assert (
        pages.get("/screening/panel/applications/app-3", headers=panel1.headers).status_code == 404
    )


def test_the_secretariat_candidate_page_shows_the_panels_comments(listed, panel1: Api, sam: Api):
    panel1.post("/panel/applications/app-1/comments", json={"text": "Ask about the ISU budget."})

    page = sam.client.get("/screening/applications/app-1", headers=sam.headers)

    assert page.status_code == 200
    assert "Ask about the ISU budget." in page.text and "panel1" in page.text
