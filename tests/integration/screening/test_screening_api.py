"""Screening's HTTP API over a real database (SQLite and PostgreSQL), as the secretariat
uses it: ToR import, drafts and versions, screening and re-screening, overrides,
rejections and the history.

The app is the service's own (`create_app`) on a database brought to the newest revision
by the migrations; the events screening consumes are handed to its own handlers as its
consumer would (inbox row, handler and commit in one unit of work), so that a re-screen
runs batch by batch exactly as in production, without a broker.
"""

from __future__ import annotations

import copy
import json
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from services.screening.adapters.tables import MESSAGING
from services.screening.bootstrap import SERVICE, ScreeningRuntime, bootstrap
from services.screening.entrypoints import handlers
from services.screening.entrypoints.app import create_app
from shared.auth.tokens import Principal, TokenSigner
from shared.db import upgrade
from shared.messaging.contracts import Envelope, parse_envelope
from shared.messaging.events import CV_PARSED, EVENTS
from tests.unit.screening.factories import DIRECTOR_CRITERIA

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CRITERIA = DIRECTOR_CRITERIA
COMPETENCIES = [
    {
        "name": "Leadership",
        "kind": "core",
        "description": "Leads a small team through change.",
        "indicators": ["Sets clear goals", "Delegates"],
        "weight": 2.0,
    },
    {"name": "Communication", "weight": 1.0},
]


class Api:
    """The test client with a signed-in user."""

    def __init__(self, runtime: ScreeningRuntime, username: str, *roles: str) -> None:
        self.client = create_app(runtime).test_client()
        principal = Principal(username, frozenset(roles), username.title())
        token = TokenSigner(runtime.settings.secret_key).access_token(principal)
        self.headers = {"Authorization": f"Bearer {token}"}

    def __getattr__(self, method: str) -> Any:
        def call(path: str, **kwargs: Any) -> Any:
            return getattr(self.client, method)(
                f"/screening/api{path}", headers=self.headers, **kwargs
            )

        return call


@pytest.fixture
def sam(runtime: ScreeningRuntime) -> Api:
    return Api(runtime, "sam", "secretariat")


def deliver(runtime: ScreeningRuntime, envelope: Envelope) -> None:
    """What screening's consumer does with one message: inbox, handler, commit."""
    received = parse_envelope(envelope.to_message(), EVENTS)
    with runtime.uow() as uow:
        if uow.mark_handled("screening", received):
            handlers.for_runtime(runtime)[received.name](uow, received)
            uow.commit()


def run_own_events(runtime: ScreeningRuntime) -> int:
    """Hand screening's own unhandled events (re-screen batches) to its handlers."""
    outbox = MESSAGING.outbox
    with runtime.engine.connect() as connection:
        bodies = connection.execute(
            sa.select(outbox.c.body)
            .where(outbox.c.name == "screening.rescreen.requested")
            .order_by(outbox.c.position)
        ).scalars()
        envelopes = [parse_envelope(body, EVENTS) for body in bodies]
    for envelope in envelopes:
        deliver(runtime, envelope)
    return len(envelopes)


def profile(degree_level: str = "master") -> dict[str, Any]:
    return {
        "education": [
            {
                "level": degree_level,
                "degree_as_written": "MA" if degree_level == "master" else "BA",
                "field": "international relations",
                "field_as_written": "International Relations",
            }
        ],
        "positions": [
            {
                "title": "Mine Action Programme Manager",
                "employer": "UNMAS",
                "start": "2015-01",
                "end": "2020-12",
                "bullets": ["Managed the mine action programme"],
            }
        ],
        "languages": [{"language": "English", "level": "fluent"}],
    }


def cv_parsed(
    runtime: ScreeningRuntime, vacancy_id: str, application_id: str, degree: str = "master"
) -> None:
    payload = {
        "application_id": application_id,
        "vacancy_id": vacancy_id,
        "candidate_name": f"Candidate {application_id}",
        "parser_version": "1.0",
        "needs_attention": False,
        "attention_reason": None,
        "profile": profile(degree),
    }
    deliver(runtime, CV_PARSED.envelope(payload, producer="intake", correlation_id="test"))


def create_vacancy(api: Api, **extra: Any) -> dict[str, Any]:
    body = {
        "reference": "REF-1",
        "title": "Director",
        "tor_text": "Terms of Reference",
        "criteria": CRITERIA,
        "competencies": COMPETENCIES,
        "closing_date": "2024-12-31",
        "contact_email": "recruitment@example.org",
        **extra,
    }
    created = api.post("/vacancies", json=body)
    assert created.status_code == 201, created.get_json()
    return created.get_json()


def publish(api: Api, vacancy_id: str) -> dict[str, Any]:
    published = api.post(f"/vacancies/{vacancy_id}/publish")
    assert published.status_code == 200, published.get_json()
    return published.get_json()


def bachelor_accepted() -> dict[str, Any]:
    criteria = copy.deepcopy(CRITERIA)
    criteria["criteria"][0]["rule"]["min_level"] = "bachelor"
    return criteria


def verdict(application: dict[str, Any], criterion_id: str) -> dict[str, Any]:
    return next(v for v in application["verdicts"] if v["criterion_id"] == criterion_id)


# --- drafts and versions ------------------------------------------------------------------


def test_a_published_version_stays_as_published_while_the_draft_is_edited(sam):
    vacancy = create_vacancy(sam)
    assert vacancy["competencies"][0]["indicators"] == ["Sets clear goals", "Delegates"]
    assert (vacancy["status"], vacancy["version"], vacancy["warnings"]) == ("draft", 0, [])
    publish(sam, vacancy["id"])

    unassessable = bachelor_accepted()
    unassessable["criteria"][2]["rule"] = {"type": "years_of_wisdom"}
    edited = sam.put(
        f"/vacancies/{vacancy['id']}/draft",
        json={"criteria": unassessable, "title": "Director (re-advertised)"},
    )

    assert edited.status_code == 200, edited.get_json()
    draft = edited.get_json()
    assert (draft["title"], draft["version"]) == ("Director (re-advertised)", 1)
    [warning] = draft["warnings"]
    assert warning.startswith("EXP_MINE: rule type 'years_of_wisdom' is not known")
    version_1 = sam.get(f"/vacancies/{vacancy['id']}/versions/1").get_json()
    assert version_1["title"] == "Director"
    assert version_1["criteria"] == CRITERIA
    assert version_1["competencies"][0]["kind"] == "core"

    assert publish(sam, vacancy["id"])["version"] == 2
    versions = sam.get(f"/vacancies/{vacancy['id']}/versions").get_json()
    assert [(v["version"], v["published_by"]) for v in versions] == [(1, "sam"), (2, "sam")]
    changes = sam.get(f"/vacancies/{vacancy['id']}/versions/2/changes").get_json()
    assert (changes["from_version"], changes["to_version"]) == (1, 2)
    assert [c["description"] for c in changes["changes"]] == [
        "EDU: min_level: master → bachelor",
        "EXP_MINE: rule.type: experience_any → years_of_wisdom, tag: mine_action → (none)",
    ]
    assert changes["changes"][0]["fields"] == [
        {
            "field": "min_level",
            "old": "master",
            "new": "bachelor",
            "description": "min_level: master → bachelor",
        }
    ]
    backwards = sam.get(f"/vacancies/{vacancy['id']}/versions/1/changes?from=2").get_json()
    assert backwards["changes"][0]["description"] == "EDU: min_level: bachelor → master"


def test_bad_drafts_and_unknown_versions_get_a_sentence(sam):
    vacancy = create_vacancy(sam)

    empty = sam.put(f"/vacancies/{vacancy['id']}/draft", json={"criteria": {"criteria": []}})
    assert empty.status_code == 422
    assert empty.get_json()["message"] == "The criteria must list at least one criterion."
    no_version = sam.get(f"/vacancies/{vacancy['id']}/versions/1")
    assert no_version.status_code == 404
    assert no_version.get_json()["message"] == "This vacancy has no published version yet."
    publish(sam, vacancy["id"])
    beyond = sam.get(f"/vacancies/{vacancy['id']}/versions/3/changes")
    assert (
        beyond.get_json()["message"] == "Version 3 of this vacancy does not exist; the latest is 1."
    )
    assert sam.put("/vacancies/nope/draft", json={"title": "x"}).status_code == 404
    bad_file = sam.put(f"/vacancies/{vacancy['id']}/draft", json={"tor_file": "../../etc/passwd"})
    assert bad_file.status_code == 422


def test_only_the_secretariat_edits_reviews_and_decides(runtime, sam):
    vacancy = create_vacancy(sam)
    panel = Api(runtime, "pat", "panel")
    anonymous = create_app(runtime).test_client()

    assert panel.put(f"/vacancies/{vacancy['id']}/draft", json={"title": "x"}).status_code == 403
    assert panel.post("/applications/a/overrides", json={}).status_code == 403
    assert panel.post(f"/vacancies/{vacancy['id']}/rescreens", json={}).status_code == 403
    assert anonymous.post("/screening/api/applications/a/rejection").status_code == 401
    assert anonymous.get(f"/screening/api/vacancies/{vacancy['id']}/versions").status_code == 401


# --- screening and re-screening -----------------------------------------------------------


def test_new_cvs_use_the_latest_version_and_a_rescreen_shows_what_changed(runtime, sam):
    vacancy = create_vacancy(sam)
    publish(sam, vacancy["id"])
    cv_parsed(runtime, vacancy["id"], "app-1", degree="bachelor")
    sam.put(f"/vacancies/{vacancy['id']}/draft", json={"criteria": bachelor_accepted()})
    publish(sam, vacancy["id"])
    cv_parsed(runtime, vacancy["id"], "app-2", degree="bachelor")

    before = {
        a["application_id"]: a
        for a in sam.get(f"/vacancies/{vacancy['id']}/applications").get_json()
    }
    assert (before["app-1"]["criteria_version"], before["app-1"]["proposal"]) == (1, "not_eligible")
    assert (before["app-2"]["criteria_version"], before["app-2"]["proposal"]) == (2, "long_list")

    requested = sam.post(f"/vacancies/{vacancy['id']}/rescreens", json={})
    assert requested.status_code == 202, requested.get_json()
    job = requested.get_json()
    assert (job["criteria_version"], job["total"], job["done"], job["finished"]) == (2, 2, 0, False)
    assert run_own_events(runtime) == 1

    progress = sam.get(f"/rescreens/{job['id']}").get_json()
    assert (progress["done"], progress["changed"], progress["percent"], progress["finished"]) == (
        2,
        1,
        100,
        True,
    )
    [change] = sam.get(f"/rescreens/{job['id']}/changes").get_json()
    assert (change["application_id"], change["from_version"], change["to_version"]) == (
        "app-1",
        1,
        2,
    )
    assert (change["old_proposal"], change["new_proposal"]) == ("not_eligible", "long_list")
    assert change["verdicts"] == [
        {
            "criterion_id": "EDU",
            "old": "not_met",
            "new": "met",
            "old_machine": "not_met",
            "new_machine": "met",
            "override_dropped": False,
        }
    ]
    assert len(sam.get(f"/rescreens/{job['id']}/changes?all=true").get_json()) == 2
    screenings = sam.get("/applications/app-1/screenings").get_json()
    assert [(s["criteria_version"], s["requested_by"]) for s in screenings] == [
        (1, None),
        (2, "sam"),
    ]
    run_own_events(runtime)  # a redelivered batch changes nothing
    assert len(sam.get("/applications/app-1/screenings").get_json()) == 2


def test_a_rescreen_needs_a_published_version(sam):
    vacancy = create_vacancy(sam)

    refused = sam.post(f"/vacancies/{vacancy['id']}/rescreens", json={})
    assert refused.status_code == 409
    publish(sam, vacancy["id"])
    unknown = sam.post(f"/vacancies/{vacancy['id']}/rescreens", json={"criteria_version": 7})
    assert unknown.status_code == 422
    assert unknown.get_json()["message"].startswith("Version 7 of this vacancy does not exist")
    assert sam.get("/rescreens/no-such-job").status_code == 404


# --- overrides, rejections, history -------------------------------------------------------


def test_an_override_with_a_reason_makes_a_candidate_eligible_and_history_keeps_it(runtime, sam):
    vacancy = create_vacancy(sam)
    publish(sam, vacancy["id"])
    cv_parsed(runtime, vacancy["id"], "app-1", degree="bachelor")

    no_reason = sam.post(
        "/applications/app-1/overrides",
        json={"criterion_id": "EDU", "verdict": "met", "reason": " "},
    )
    assert no_reason.status_code == 422
    unknown = sam.post(
        "/applications/app-1/overrides",
        json={"criterion_id": "EXP_IR", "verdict": "met", "reason": "seen in the CV"},
    )
    assert unknown.status_code == 422
    assert unknown.get_json()["message"].startswith("EXP_IR is not a criterion of version 1")

    reason = "The honours BA is accepted as equivalent for this post."
    overridden = sam.post(
        "/applications/app-1/overrides",
        json={"criterion_id": "EDU", "verdict": "met", "reason": reason},
    )

    assert overridden.status_code == 201, overridden.get_json()
    application = overridden.get_json()
    assert (application["proposal"], application["machine_proposal"]) == (
        "long_list",
        "not_eligible",
    )
    edu = verdict(application, "EDU")
    assert (edu["machine_verdict"], edu["verdict"]) == ("not_met", "met")
    assert (edu["override"]["by"], edu["override"]["reason"]) == ("sam", reason)
    assert verdict(application, "LANG_EN")["override"] is None
    history = sam.get("/applications/app-1/history").get_json()
    assert [entry["kind"] for entry in history] == ["screening", "override"]
    override = history[1]
    assert (
        override["machine_verdict"],
        override["verdict"],
        override["by"],
        override["reason"],
    ) == (
        "not_met",
        "met",
        "sam",
        reason,
    )
    assert override["at"].endswith("+00:00") and override["applied"] is True


def test_rejection_is_confirmed_by_a_person_and_can_be_reversed(runtime, sam):
    vacancy = create_vacancy(sam)
    publish(sam, vacancy["id"])
    cv_parsed(runtime, vacancy["id"], "app-1", degree="bachelor")
    cv_parsed(runtime, vacancy["id"], "app-2")
    assert sam.get("/applications/app-1").get_json()["decision"] == "pending"

    eligible = sam.post("/applications/app-2/rejection", json={"reason": "Too many applicants."})
    assert eligible.status_code == 409
    assert "Override the verdict first" in eligible.get_json()["message"]
    assert sam.post("/applications/app-1/rejection", json={"reason": ""}).status_code == 422

    rejected = sam.post("/applications/app-1/rejection", json={"reason": "No master's degree."})
    assert rejected.status_code == 200, rejected.get_json()
    body = rejected.get_json()
    assert body["decision"] == "rejected"
    assert (body["rejection"]["by"], body["rejection"]["reason"]) == ("sam", "No master's degree.")
    to_list = sam.put("/applications/app-1/list", json={"list": "long_list"})
    assert to_list.status_code == 409
    assert "reverse the rejection" in to_list.get_json()["message"]

    reversed_ = sam.delete("/applications/app-1/rejection", json={"reason": "MA found on p. 3."})
    assert reversed_.status_code == 200 and reversed_.get_json()["decision"] == "pending"
    moved = sam.put("/applications/app-1/list", json={"list": "long_list", "reason": "MA found"})
    assert moved.status_code == 200
    history = sam.get("/applications/app-1/history").get_json()
    assert [(e["kind"], e["by"], e["reason"]) for e in history[1:]] == [
        ("rejected", "sam", "No master's degree."),
        ("rejection_reversed", "sam", "MA found on p. 3."),
        ("list_move", "sam", "MA found"),
    ]
    assert history[1]["machine_proposal"] == "not_eligible"
    on_list = sam.post("/applications/app-1/rejection", json={"reason": "No master's degree."})
    assert "take it off the list first" in on_list.get_json()["message"]


def test_a_batch_rejection_is_all_or_nothing(runtime, sam):
    vacancy = create_vacancy(sam)
    publish(sam, vacancy["id"])
    for application_id, degree in (
        ("app-1", "bachelor"),
        ("app-2", "bachelor"),
        ("app-3", "master"),
    ):
        cv_parsed(runtime, vacancy["id"], application_id, degree=degree)
    path = f"/vacancies/{vacancy['id']}/rejections"

    refused = sam.post(path, json={"application_ids": ["app-1", "app-3", "zz"], "reason": "No MA"})

    assert refused.status_code == 409
    assert set(refused.get_json()["errors"]["applications"]) == {"app-3", "zz"}
    assert {
        a["decision"] for a in sam.get(f"/vacancies/{vacancy['id']}/applications").get_json()
    } == {"pending"}
    done = sam.post(path, json={"application_ids": ["app-1", "app-2"], "reason": "No MA"})
    assert [a["decision"] for a in done.get_json()] == ["rejected", "rejected"]


# --- the ToR ------------------------------------------------------------------------------


def test_a_tor_is_imported_into_a_vacancy_and_its_original_is_offered(runtime, sam):
    tor = SHARED_DATA / "tor" / "ccm-isu-director.docx"
    imported = sam.post(
        "/tor-imports",
        data={"file": (tor.open("rb"), "ToR Director ISU.docx")},
        content_type="multipart/form-data",
    )

    assert imported.status_code == 201, imported.get_json()
    proposal = imported.get_json()
    assert "Implementation Support Unit" in proposal["tor_text"]
    assert proposal["criteria"]["criteria"], "some criteria are proposed"
    assert isinstance(proposal["competencies"], list) and isinstance(proposal["notes"], list)
    vacancy = create_vacancy(
        sam,
        tor_text=proposal["tor_text"],
        tor_file=proposal["tor_file"],
        tor_filename=proposal["tor_filename"],
    )
    anyone = create_app(runtime).test_client()
    assert anyone.get(f"/screening/api/vacancies/{vacancy['id']}/tor-file").status_code == 404
    publish(sam, vacancy["id"])

    original = anyone.get(f"/screening/api/vacancies/{vacancy['id']}/tor-file")

    assert original.status_code == 200
    assert original.data == tor.read_bytes()
    assert "ToR Director ISU.docx" in original.headers["Content-Disposition"]
    draft = anyone.get(f"/screening/api/vacancies/{vacancy['id']}/tor-file?draft=true")
    assert draft.status_code == 401


def test_a_tor_that_cannot_be_read_is_refused_with_the_reason(sam):
    refused = sam.post(
        "/tor-imports",
        data={"file": (BytesIO(b"%PDF-1.7\n\x00\x01 this is no PDF at all"), "tor.pdf")},
        content_type="multipart/form-data",
    )

    assert refused.status_code == 422
    assert refused.get_json()["message"]


# --- the migration with data already there ------------------------------------------------


def test_upgrading_a_database_with_published_vacancies_keeps_their_version(settings, database_url):
    config = Config()
    config.set_main_option("script_location", str(SERVICE.migrations))
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    config.attributes["configure_logger"] = False
    command.upgrade(config, "0002")
    engine = sa.create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO vacancies (id, reference, title, tor_text, criteria, competencies, "
                "contact_email, status, version, published_at) VALUES ('v-1', 'R', 'Director', "
                "'ToR', :criteria, '[]', 'r@example.org', 'published', 3, '2024-01-05 10:00:00')"
            ),
            {"criteria": json.dumps(CRITERIA)},
        )
        connection.execute(
            sa.text(
                "INSERT INTO applications (application_id, vacancy_id, candidate_name, profile, "
                "needs_attention, criteria_version, proposal, verdicts, screened_at, list_stage) "
                "VALUES ('a-1', 'v-1', 'Ana', '{}', false, 3, 'long_list', '[]', "
                "'2024-01-06 10:00:00', 'none')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO screenings (application_id, criteria_version, parser_version, "
                "proposal, verdicts, screened_at) VALUES ('a-1', 3, '0.9', 'long_list', '[]', "
                "'2024-01-06 10:00:00')"
            )
        )
    engine.dispose()

    upgrade(database_url, SERVICE.migrations)

    runtime = bootstrap(settings)
    try:
        sam = Api(runtime, "sam", "secretariat")
        [version] = sam.get("/vacancies/v-1/versions").get_json()
        assert (version["version"], version["published_by"]) == (3, "unknown")
        assert sam.get("/vacancies/v-1/versions/3").get_json()["criteria"] == CRITERIA
        application = sam.get("/applications/a-1").get_json()
        assert (application["parser_version"], application["decision"]) == ("0.9", "pending")
        assert publish(sam, "v-1")["version"] == 4
    finally:
        runtime.engine.dispose()


# --- what the matcher looks for -----------------------------------------------------------


def test_the_secretariat_sees_and_edits_the_terms_a_tag_is_matched_on(runtime, sam):
    criteria = copy.deepcopy(CRITERIA)
    criteria["tags"]["peace"] = "conflict prevention and peacebuilding"
    criteria["criteria"].append(
        {
            "id": "EXP_PEACE",
            "kind": "experience",
            "mandatory": False,
            "text": "Experience in conflict prevention is desirable.",
            "rule": {"type": "experience_any", "tag": "peace"},
        }
    )
    vacancy = create_vacancy(sam, criteria=criteria)

    terms = sam.get(f"/vacancies/{vacancy['id']}/matching-terms").get_json()["tags"]
    proposed = {item["term"]: item["excluded"] for item in terms["peace"]["proposed"]}
    assert proposed["reconciliation"] is False
    assert "managing mine action programme" in {t["term"] for t in terms["mine_action"]["proposed"]}

    criteria["excluded_terms"] = {"peace": ["reconciliation"]}
    criteria["synonyms"] = {"peace": ["truth commission"]}
    assert (
        sam.put(f"/vacancies/{vacancy['id']}/draft", json={"criteria": criteria}).status_code == 200
    )
    terms = sam.get(f"/vacancies/{vacancy['id']}/matching-terms").get_json()["tags"]
    proposed = {item["term"]: item["excluded"] for item in terms["peace"]["proposed"]}
    assert proposed["reconciliation"] is True
    assert terms["peace"]["synonyms"] == ["truth commission"]

    assert sam.get("/vacancies/no-such-vacancy/matching-terms").status_code == 404


def test_verdicts_cite_the_cv_passages_with_their_place(runtime, sam):
    vacancy = create_vacancy(sam)
    publish(sam, vacancy["id"])
    cv_parsed(runtime, vacancy["id"], "app-passages")

    application = sam.get("/applications/app-passages").get_json()
    mine = verdict(application, "EXP_MINE")
    assert mine["verdict"] == "met"
    assert mine["positions"] == [0]
    assert {p["text"] for p in mine["passages"]} == {"Mine Action Programme Manager, UNMAS"}
    assert all(p["entry"] == "position" and p["index"] == 0 for p in mine["passages"])
