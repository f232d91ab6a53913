"""The candidate's journey through intake's HTTP API over a real database (SQLite and
PostgreSQL): consent, applying once, the profile read from the CV confirmed or corrected
before screening, replacing the CV, withdrawing, and the secretariat's view of it all.

The app is intake's own (`create_app`) on a database brought to the newest revision by the
migrations, with the real CV reader on the sample CVs; intake's own events (a CV to read)
are handed to its handlers as its consumer would (inbox row, handler, commit in one unit
of work), without a broker. What the other services would receive is read from the outbox.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.intake.adapters.tables import MESSAGING
from services.intake.bootstrap import SERVICE, IntakeRuntime, bootstrap
from services.intake.entrypoints import handlers
from services.intake.entrypoints.app import create_app
from services.intake.service_layer import equal_opportunity, services
from shared import audit
from shared.auth.tokens import Principal, TokenSigner
from shared.config import Settings
from shared.db import upgrade
from shared.messaging.contracts import parse_envelope
from shared.messaging.events import EVENTS

pytestmark = pytest.mark.integration
CVS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "cvs"
ANNA = CVS / "dev-002-anna-uvarova.docx"
BOMA = CVS / "dev-004-boma-wanjala.pdf"
OWN_EVENTS = ("application.received", "cv.replaced", "cv.reread.requested")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'intake.db'}"
    return request.getfixturevalue("postgres_databases").create("intake")


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings.from_env(
        {
            "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
            "SHORTLIST_INTAKE_DATABASE_URL": database_url,
            "SHORTLIST_SECRET_KEY": "test-secret",
        }
    )


@pytest.fixture
def runtime(settings: Settings, database_url: str) -> Iterator[IntakeRuntime]:
    upgrade(database_url, SERVICE.migrations)
    built = bootstrap(settings)
    publish(built, "vac-1")
    yield built
    built.engine.dispose()


def publish(runtime: IntakeRuntime, vacancy_id: str, closing: date | None = None) -> None:
    services.record_vacancy_published(
        runtime.uow(),
        {
            "vacancy_id": vacancy_id,
            "reference": f"REF-{vacancy_id}",
            "title": "Director, Implementation Support Unit",
            "tor_text": "Terms of Reference",
            "closing_date": closing or date.today() + timedelta(days=30),
            "criteria_version": 1,
        },
    )


@pytest.fixture
def client(runtime: IntakeRuntime) -> Any:
    return create_app(runtime).test_client()


@pytest.fixture
def sam(runtime: IntakeRuntime) -> dict[str, str]:
    principal = Principal("sam", frozenset({"secretariat"}), "Sam")
    token = TokenSigner(runtime.settings.secret_key).access_token(principal)
    return {"Authorization": f"Bearer {token}"}


def apply(client: Any, cv: Path = ANNA, **form: Any) -> Any:
    data = {
        "candidate_name": "Anna Uvarova",
        "candidate_email": "anna@example.org",
        "consent": "true",
        **form,
    }
    data["cv"] = (BytesIO(cv.read_bytes()), cv.name)
    return client.post(
        "/intake/api/vacancies/vac-1/applications", data=data, content_type="multipart/form-data"
    )


def link_of(runtime: IntakeRuntime, application_id: str) -> str:
    return "/intake/api/status/" + runtime.signer.candidate_link_token(application_id)


def run_own_events(runtime: IntakeRuntime) -> None:
    """Hand intake's own events (CVs to read) to its handlers, each once, as its consumer."""
    with runtime.engine.connect() as connection:
        bodies = connection.execute(
            sa.select(MESSAGING.outbox.c.body)
            .where(MESSAGING.outbox.c.name.in_(OWN_EVENTS))
            .order_by(MESSAGING.outbox.c.position)
        ).scalars()
        envelopes = [parse_envelope(body, EVENTS) for body in bodies]
    for envelope in envelopes:
        with runtime.uow() as uow:
            if uow.mark_handled("intake", envelope):
                handlers.for_runtime(runtime)[envelope.name](uow, envelope)
                uow.commit()


def emitted(runtime: IntakeRuntime, name: str) -> list[dict[str, Any]]:
    with runtime.engine.connect() as connection:
        bodies = connection.execute(
            sa.select(MESSAGING.outbox.c.body)
            .where(MESSAGING.outbox.c.name == name)
            .order_by(MESSAGING.outbox.c.position)
        ).scalars()
        return [body["payload"] for body in bodies]


def applicants(client: Any, sam: dict[str, str]) -> list[dict[str, Any]]:
    response = client.get("/intake/api/vacancies/vac-1/applications", headers=sam)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- what the candidate gives -------------------------------------------------------------


def test_the_privacy_notice_is_served_with_its_version(client):
    notice = client.get("/intake/api/privacy-notice").get_json()

    assert notice["version"] and "diversity" in notice["text"].lower()
    assert client.get("/intake/api/privacy-notice?version=1999-1").status_code == 404


def test_without_consent_the_application_is_refused_with_a_clear_message(client, runtime):
    unticked = apply(client, consent="false")
    missing = apply_without_consent(client)

    for refused in (unticked, missing):
        assert refused.status_code == 422
        body = refused.get_json()
        assert body["errors"]["reason"] == "consent_required"
        assert "consent" in body["message"]
    assert emitted(runtime, "application.received") == []


def apply_without_consent(client: Any) -> Any:
    data = {
        "candidate_name": "Anna Uvarova",
        "candidate_email": "anna@example.org",
        "cv": (BytesIO(ANNA.read_bytes()), ANNA.name),
    }
    return client.post(
        "/intake/api/vacancies/vac-1/applications", data=data, content_type="multipart/form-data"
    )


def test_the_secretariat_sees_consent_cover_letter_and_never_the_diversity_answers(
    client, runtime, sam
):
    created = apply(
        client,
        cover_letter="Dear panel, I am applying.",
        gender="non_binary",
        nationality="ke",
        region="african",
    )
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["application_id"]
    run_own_events(runtime)

    record = client.get(f"/intake/api/applications/{application_id}", headers=sam).get_json()

    assert record["cover_letter"] == "Dear panel, I am applying."
    assert record["privacy_notice_version"] and record["consent_given_at"]
    everything = repr(record) + repr(applicants(client, sam))
    for name in ("application.received", "application.submitted", "cv.parsed"):
        everything += repr(emitted(runtime, name))
    assert "non_binary" not in everything and "african" not in everything
    report = equal_opportunity.diversity_of_vacancy(runtime.uow(), "vac-1")
    assert report.applications == 1 and report.questions["gender"].suppressed_groups == 1


def test_a_diversity_answer_off_the_choices_is_refused_naming_the_question(client):
    refused = apply(client, gender="robot")

    assert refused.status_code == 422
    assert refused.get_json()["errors"]["reason"] == "invalid_gender"


# --- applying twice -----------------------------------------------------------------------


def test_applying_again_with_the_same_email_or_cv_is_refused_and_no_second_applicant_appears(
    client, runtime, sam
):
    assert apply(client).status_code == 201

    same_email = apply(client, cv=BOMA, candidate_email="  ANNA@example.org ")
    same_cv = apply(client, candidate_email="anna.u@example.org")

    for refused in (same_email, same_cv):
        assert refused.status_code == 409
        body = refused.get_json()
        assert body["errors"]["reason"] == "already_applied"
        assert "already applied" in body["message"] and "replace your CV" in body["message"]
    assert len(applicants(client, sam)) == 1
    assert len(emitted(runtime, "application.submitted")) == 1


# --- the profile confirmed before screening -----------------------------------------------


def test_a_draft_is_screened_only_once_its_candidate_confirms_the_corrected_profile(
    client, runtime, sam
):
    created = apply(client, review_profile="true")
    assert created.status_code == 201, created.get_json()
    body = created.get_json()
    assert body["stage"] == "draft" and body["submitted"] is False
    link = body["status_url"][body["status_url"].index("/intake/status/") :].replace(
        "/intake/status/", "/intake/api/status/"
    )
    assert client.get(link + "/profile").get_json()["state"] == "pending"

    run_own_events(runtime)
    seen = client.get(link + "/profile").get_json()
    assert seen["state"] == "read" and seen["can_submit"], seen
    assert emitted(runtime, "cv.parsed") == [] and emitted(runtime, "application.submitted") == []
    assert applicants(client, sam) == [], "a draft is not an applicant"
    positions = seen["profile"]["positions"]
    assert len(positions) >= 2, seen["profile"]

    malformed = client.post(
        link + "/profile", json={"positions": [{"title": "X", "start": "June 2019"}]}
    )
    assert malformed.status_code == 422
    fields = malformed.get_json()["errors"]["fields"]
    assert "YYYY-MM" in fields["positions[1].start"][0]
    assert "ended" in fields["positions[1].end"][0]
    assert client.get(link).get_json()["stage"] == "draft", "the draft is kept"

    assert (positions[1]["start"], positions[1]["end"]) == ("2014-02", "2017-08")
    corrected = [dict(p) for p in positions]
    corrected[1]["end"] = "2018-08"
    submitted = client.post(link + "/profile", json={"positions": corrected})
    assert submitted.status_code == 200, submitted.get_json()
    assert submitted.get_json()["corrected"] is True

    [parsed] = emitted(runtime, "cv.parsed")
    assert parsed["candidate_confirmed"] and parsed["candidate_corrected"]
    assert parsed["profile"]["positions"][1]["end"] == "2018-08"
    assert len(emitted(runtime, "application.submitted")) == 1
    [row] = applicants(client, sam)
    record = client.get(f"/intake/api/applications/{row['id']}", headers=sam).get_json()
    descriptions = [c["description"] for c in record["profile_review"]["changes"]]
    assert descriptions == ["Position 2: end changed from 2017-08 to 2018-08"]
    assert record["profile_review"]["profile_as_read"]["positions"][1]["end"] == "2017-08"
    assert record["profile"]["positions"][1]["end"] == "2018-08"
    again = client.post(link + "/profile", json={})
    assert again.status_code == 409 and again.get_json()["errors"]["reason"] == "already_submitted"


def test_a_profile_body_that_is_not_an_object_is_refused_without_losing_the_draft(client, runtime):
    created = apply(client, review_profile="true").get_json()
    link = link_of(runtime, created["application_id"])
    run_own_events(runtime)

    refused = client.post(link + "/profile", json=["not", "a", "profile"])

    assert refused.status_code == 422 and refused.get_json()["message"]
    assert client.get(link).get_json()["awaiting_confirmation"] is True


def test_unconfirmed_drafts_are_submitted_as_read_after_the_closing_date(client, runtime, sam):
    created = apply(client, review_profile="true").get_json()
    run_own_events(runtime)
    still_open = client.post("/intake/api/vacancies/vac-1/drafts/submit", headers=sam)
    assert still_open.status_code == 409

    publish(runtime, "vac-1", closing=date.today() - timedelta(days=1))
    done = client.post("/intake/api/vacancies/vac-1/drafts/submit", headers=sam)

    assert done.status_code == 200 and done.get_json() == {"submitted": 1}
    record = client.get(
        f"/intake/api/applications/{created['application_id']}", headers=sam
    ).get_json()
    assert "did not confirm" in record["submission_note"]
    assert [p["candidate_confirmed"] for p in emitted(runtime, "cv.parsed")] == [False]
    assert client.post("/intake/api/vacancies/vac-1/drafts/submit").status_code == 401


# --- replacing the CV and withdrawing -----------------------------------------------------


def test_a_candidate_replaces_the_cv_and_is_screened_again_as_the_same_applicant(
    client, runtime, sam
):
    application_id = apply(client).get_json()["application_id"]
    link = link_of(runtime, application_id)
    run_own_events(runtime)

    replaced = client.post(
        link + "/cv",
        data={"cv": (BytesIO(BOMA.read_bytes()), BOMA.name)},
        content_type="multipart/form-data",
    )
    assert replaced.status_code == 200, replaced.get_json()
    run_own_events(runtime)

    assert [p["application_id"] for p in emitted(runtime, "cv.parsed")] == [application_id] * 2
    [row] = applicants(client, sam)
    assert row["id"] == application_id and row["cv_filename"] == BOMA.name
    record = client.get(f"/intake/api/applications/{application_id}", headers=sam).get_json()
    assert [cv["filename"] for cv in record["replaced_cvs"]] == [ANNA.name]
    not_a_cv = client.post(
        link + "/cv",
        data={"cv": (BytesIO(b"\x00\x01 nothing"), "cv.pdf")},
        content_type="multipart/form-data",
    )
    assert not_a_cv.status_code == 422 and not_a_cv.get_json()["errors"]["reason"]


def test_withdrawing_is_final_idempotent_and_shown_on_the_status(client, runtime):
    application_id = apply(client).get_json()["application_id"]
    link = link_of(runtime, application_id)

    first = client.post(link + "/withdraw", json={"reason": "I accepted another offer."})
    second = client.post(link + "/withdraw")

    assert first.status_code == 200 and second.status_code == 200, second.get_json()
    assert first.get_json() == second.get_json()
    status = client.get(link).get_json()
    assert status["stage"] == "withdrawn" and status["withdrawn_at"]
    assert "withdrawn" in status["description"]
    assert emitted(runtime, "application.withdrawn") == [
        {"application_id": application_id, "vacancy_id": "vac-1"}
    ]
    refused = client.post(
        link + "/cv",
        data={"cv": (BytesIO(BOMA.read_bytes()), BOMA.name)},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 409 and refused.get_json()["errors"]["reason"] == "withdrawn"
    assert "withdrawn" in refused.get_json()["message"]


def test_a_forged_link_leads_nowhere(client):
    for path in ("", "/profile"):
        assert client.get(f"/intake/api/status/forged{path}").status_code == 404
    for path in ("/profile", "/withdraw"):
        assert client.post(f"/intake/api/status/forged{path}", json={}).status_code == 404
    upload = {"cv": (BytesIO(BOMA.read_bytes()), BOMA.name)}
    replaced = client.post(
        "/intake/api/status/forged/cv", data=upload, content_type="multipart/form-data"
    )
    assert replaced.status_code == 404


def test_every_step_is_in_an_intact_audit_trail_without_personal_data(client, runtime):
    application_id = apply(client, review_profile="true").get_json()["application_id"]
    link = link_of(runtime, application_id)
    run_own_events(runtime)
    assert client.post(link + "/profile", json={}).status_code == 200
    client.post(link + "/withdraw", json={"reason": "Personal reasons"})

    with runtime.engine.connect() as connection:
        assert audit.verify(connection, SERVICE.audit).intact
        rows = connection.execute(sa.select(SERVICE.audit.entries)).mappings().all()
    actions = {row["action"] for row in rows}
    assert {"consent.given", "profile.confirmed", "application.submitted"} <= actions
    assert "application.withdrawn" in actions
    trail = repr([(row["before"], row["after"]) for row in rows])
    assert "Anna" not in trail and "anna@example.org" not in trail and "Personal" not in trail


def test_the_api_document_describes_the_candidate_endpoints(client):
    document = client.get("/intake/api/openapi.json").get_json()

    for path in ("/profile", "/cv", "/withdraw"):
        assert f"/intake/api/status/{{token}}{path}" in document["paths"]


# --- the migration with applications already there ----------------------------------------


def test_upgrading_keeps_existing_applications_submitted_and_their_readings_current(
    settings, database_url
):
    config = Config()
    config.set_main_option("script_location", str(SERVICE.migrations))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "0003")
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO vacancies (id, reference, title, tor_text, closing_date,"
                " criteria_version) VALUES ('v-1', 'R', 'Director', 'ToR', NULL, 1)"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO applications (id, vacancy_id, candidate_name, candidate_email,"
                " consent_given_at, received_at, stage, cv_filename, cv_path, cv_sha256,"
                " cv_size, cv_kind) VALUES ('a-1', 'v-1', 'Ana', 'ana@example.org',"
                " '2024-01-06 10:00:00', '2024-01-06 10:00:00', 'under_review', 'ana.pdf',"
                " 'a-1/abc.pdf', 'abc', 10, 'pdf')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO cv_readings (application_id, parser_version, text, profile,"
                " attention_reason, read_at) VALUES ('a-1', '0.9', 'text', '{}', NULL,"
                " '2024-01-06 10:01:00')"
            )
        )
    engine.dispose()

    upgrade(database_url, SERVICE.migrations)

    runtime = bootstrap(settings)
    try:
        [application] = services.applications_of_vacancy(runtime.uow(), "v-1")
        assert application.is_submitted and application.submitted_at is not None
        assert not application.review_profile and not application.awaiting_confirmation
        assert application.privacy_notice_version is None
        with runtime.uow() as uow:
            assert services.current_reading(uow, application)["parser_version"] == "0.9"
    finally:
        runtime.engine.dispose()


def test_hostile_text_gets_a_clear_refusal_or_is_kept_tidied_never_a_crash(client, runtime, sam):
    too_long = apply(client, candidate_name="A" * 400)
    assert too_long.status_code == 422
    assert too_long.get_json()["errors"]["reason"] == "name_too_long"

    data = {
        "candidate_name": "Anna\x00 Uvarova",
        "candidate_email": "anna@example.org",
        "consent": "true",
        "cover_letter": "Dear panel\x00, hello",
        "cv": (BytesIO(ANNA.read_bytes()), "x" * 400 + ".docx"),
    }
    created = client.post(
        "/intake/api/vacancies/vac-1/applications", data=data, content_type="multipart/form-data"
    )
    assert created.status_code == 201, created.get_json()
    record = client.get(
        f"/intake/api/applications/{created.get_json()['application_id']}", headers=sam
    ).get_json()
    assert record["candidate_name"] == "Anna Uvarova"
    assert record["cover_letter"] == "Dear panel, hello"
    assert record["cv_filename"].endswith(".docx") and len(record["cv_filename"]) <= 200
