"""The debrief over a real database (SQLite and PostgreSQL, migrated to the newest
revision), through scoring's own app: who may see it and when, its figures, a consensus
rating recorded by the chair and kept in the audit trail, and the printable PDF with the
candidates' names in its text.

Three members (kim chairs) score three candidates on two competencies; max declares a
conflict with Cy, so Cy has two sheets and the round is complete with eight.
"""

from __future__ import annotations

import io
import re
from typing import Any

import pypdfium2
import pytest
from flask.testing import FlaskClient

from services.scoring.adapters.tables import AUDIT
from services.scoring.bootstrap import ScoringRuntime
from services.scoring.entrypoints.app import create_app
from services.scoring.service_layer import panel_round, services
from shared import audit
from shared.auth.tokens import Principal, TokenSigner

VACANCY = "5d1b2c3e-0000-4000-8000-000000000001"
ANA = "5d1b2c3e-0000-4000-8000-0000000000a1"
BEN = "5d1b2c3e-0000-4000-8000-0000000000b1"
CY = "5d1b2c3e-0000-4000-8000-0000000000c1"
NAMES = {ANA: "Ana Example", BEN: "Ben Sample", CY: "Cy Placeholder"}
FRAMEWORK = [{"name": "Leadership", "weight": 2.0}, {"name": "Communication", "weight": 1.0}]
# (Leadership, Communication); weighted = (2 L + C) / 3
SHEETS = {
    ANA: {"kim": (5, 4), "lee": (4, 4), "max": (4, 2)},  # weighted 14/3, 4, 10/3
    BEN: {"kim": (3, 3), "lee": (2, 5), "max": (3, 3)},  # weighted 3, 3, 3
    CY: {"kim": (2, 2), "lee": (5, 5)},  # max recused; Communication 2 vs 5: flagged
}
DEBRIEF = f"/scoring/api/vacancies/{VACANCY}/debrief"


@pytest.fixture
def round_in_progress(runtime: ScoringRuntime) -> ScoringRuntime:
    uow = runtime.uow
    services.record_vacancy(
        uow(), {"vacancy_id": VACANCY, "title": "Director", "competencies": FRAMEWORK}
    )
    for application_id, name in NAMES.items():
        services.record_shortlisted(
            uow(),
            {
                "vacancy_id": VACANCY,
                "application_id": application_id,
                "candidate_name": name,
                "shortlisted_by": "sam",
            },
        )
    services.appoint_panel(uow(), VACANCY, ["kim", "lee", "max"], "kim", "sam")
    for member in ("kim", "lee"):
        panel_round.declare(uow(), VACANCY, member, {a: (False, "") for a in NAMES})
    panel_round.declare(
        uow(), VACANCY, "max", {ANA: (False, ""), BEN: (False, ""), CY: (True, "My cousin.")}
    )
    submit(runtime, ANA, "kim")
    return runtime


@pytest.fixture
def complete(round_in_progress: ScoringRuntime) -> ScoringRuntime:
    for application_id, by_member in SHEETS.items():
        for member in by_member:
            if (application_id, member) != (ANA, "kim"):
                submit(round_in_progress, application_id, member)
    return round_in_progress


def submit(runtime: ScoringRuntime, application_id: str, member: str) -> None:
    leadership, communication = SHEETS[application_id][member]
    services.submit_sheet(
        runtime.uow(),
        VACANCY,
        application_id,
        member,
        {"Leadership": leadership, "Communication": communication},
    )


def client_as(runtime: ScoringRuntime, username: str, role: str) -> FlaskClient:
    app = create_app(runtime)
    app.config["WTF_CSRF_ENABLED"] = False
    client = app.test_client()
    principal = Principal(username, frozenset({role}), username.title())
    token = TokenSigner(runtime.settings.secret_key).access_token(principal)
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    return client


def by_name(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["candidate_name"]: row for row in body["ranking"]}


def test_the_secretariat_sees_a_provisional_debrief_and_the_panel_waits(
    round_in_progress: ScoringRuntime,
):
    secretariat = client_as(round_in_progress, "sam", "secretariat")
    response = secretariat.get(DEBRIEF)
    assert response.status_code == 200, response.text
    body = response.json
    assert (body["complete"], body["submitted_sheets"], body["expected_sheets"]) == (False, 1, 8)
    assert [row["candidate_name"] for row in body["ranking"]] == ["Ana Example"]

    waiting = client_as(round_in_progress, "lee", "panel").get(DEBRIEF)
    assert waiting.status_code == 409
    assert "1 of 8" in waiting.json["message"]
    assert client_as(round_in_progress, "zoe", "panel").get(DEBRIEF).status_code == 404
    assert secretariat.get(DEBRIEF.replace(VACANCY, "no-such-vacancy")).status_code == 404


def test_the_complete_debrief_gives_the_figures_the_ranking_and_the_flags(
    complete: ScoringRuntime,
):
    body = client_as(complete, "lee", "panel").get(DEBRIEF).json

    assert body["complete"] is True
    rows = by_name(body)
    assert rows["Ana Example"]["weighted_mean"] == pytest.approx((14 / 3 + 4 + 10 / 3) / 3)
    assert rows["Ana Example"]["min"] == pytest.approx(10 / 3)
    assert rows["Cy Placeholder"]["sheet_count"] == 2  # max is recused
    assert [(row["candidate_name"], row["rank"]) for row in body["ranking"]] == [
        ("Ana Example", 1),
        ("Cy Placeholder", 2),
        ("Ben Sample", 3),
    ]
    flagged = {(flag["candidate_name"], flag["competency"]) for flag in body["flags"]}
    assert ("Cy Placeholder", "Communication") in flagged
    assert ("Cy Placeholder", "Leadership") in flagged
    assert ("Cy Placeholder", None) in flagged  # overall 2 against 5
    leniency = {rater["rater"]: rater for rater in body["leniency"]}
    assert leniency["lee"]["mean_deviation"] > 0 > leniency["kim"]["mean_deviation"]
    statistics = {statistic["statistic"]: statistic for statistic in body["agreement"]}
    assert statistics["kendall_w"]["candidates_dropped"] == 1  # Cy lacks max's rating
    assert statistics["alpha"]["candidates_used"] == 3
    assert all(statistic["reading"] for statistic in body["agreement"])


def test_a_recused_member_does_not_see_the_candidate_in_the_debrief(complete: ScoringRuntime):
    body = client_as(complete, "max", "panel").get(DEBRIEF).json

    assert "Cy Placeholder" not in by_name(body)
    assert body["hidden_candidates"] == 1
    assert all(flag["candidate_name"] != "Cy Placeholder" for flag in body["flags"])


def test_the_chair_records_a_consensus_that_replaces_the_mean_and_is_audited(
    complete: ScoringRuntime,
):
    consensus = {
        "application_id": BEN,
        "competency": "Communication",
        "rating": 5,
        "reason": "Lee's 5 was borne out by the written test.",
    }
    refused = client_as(complete, "lee", "panel").post(f"{DEBRIEF}/consensus", json=consensus)
    assert refused.status_code == 403

    chair = client_as(complete, "kim", "panel")
    recorded = chair.post(f"{DEBRIEF}/consensus", json=consensus)
    assert recorded.status_code == 201, recorded.text
    out_of_scale = chair.post(f"{DEBRIEF}/consensus", json={**consensus, "rating": 7})
    assert out_of_scale.status_code == 422

    ben = by_name(chair.get(DEBRIEF).json)["Ben Sample"]
    communication = next(c for c in ben["competencies"] if c["competency"] == "Communication")
    assert communication["consensus"] == 5
    assert communication["mean"] == pytest.approx(11 / 3)  # the raters' mean stays
    assert ben["raters_weighted_mean"] == pytest.approx(3)
    assert ben["weighted_mean"] == pytest.approx((2 * (8 / 3) + 5) / 3)

    with complete.engine.connect() as connection:
        report = audit.verify(connection, AUDIT)
        entries = connection.execute(
            AUDIT.entries.select().where(AUDIT.entries.c.action == "consensus.recorded")
        ).all()
    assert report.intact, report.problems
    assert [(e.actor, e.after["rating"], e.before) for e in entries] == [("kim", 5, None)]


def test_the_printable_report_is_a_pdf_with_the_candidates_names(complete: ScoringRuntime):
    response = client_as(complete, "sam", "secretariat").get(
        f"/scoring/vacancies/{VACANCY}/debrief.pdf"
    )

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(io.BytesIO(response.data))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    squeezed = re.sub(r"\s+", " ", text)
    for name in NAMES.values():
        assert name in squeezed
    assert "Kendall" in squeezed and "Krippendorff" in squeezed


def test_the_debrief_page_draws_the_charts_with_their_text(complete: ScoringRuntime):
    page = client_as(complete, "sam", "secretariat").get(f"/scoring/vacancies/{VACANCY}/debrief")

    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.count('<svg role="img"') == 1 + len(NAMES)
    title = "Ranking with each candidate's spread across raters"
    assert f'<title id="chart-ranking-title">{title}</title>' in html
    for name in NAMES.values():
        assert f"Scores given to {name} per competency</title>" in html
    assert "Record a consensus rating" in html
    guessed = client_as(complete, "zoe", "panel").get(f"/scoring/vacancies/{VACANCY}/debrief")
    assert guessed.status_code == 404
