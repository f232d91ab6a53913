"""Scoring's panel and secretariat pages over a real (SQLite) database: bad input gets a
message beside the field and changes nothing, the kit editor saves, the chair (and only
the chair) closes the round from the progress page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services.scoring.bootstrap import SERVICE, ScoringRuntime, bootstrap
from services.scoring.entrypoints.app import create_app
from services.scoring.service_layer import panel_round, services
from shared.auth import accounts
from shared.auth.tokens import Principal, TokenSigner
from shared.config import Settings
from shared.db import create_engine_for, upgrade

VACANCY = "vac-pages"
ANA = "app-ana"
FRAMEWORK = [{"name": "Leadership", "weight": 2.0}, {"name": "Communication", "weight": 1.0}]


@pytest.fixture
def runtime(tmp_path: Path) -> Iterator[ScoringRuntime]:
    settings = Settings.from_env(
        {"SHORTLIST_DATA_DIR": str(tmp_path / "var"), "SHORTLIST_SECRET_KEY": "test-secret"}
    )
    upgrade(settings.database_url("scoring"), SERVICE.migrations)
    upgrade(settings.database_url("accounts"), accounts.MIGRATIONS)
    engine = create_engine_for(settings.database_url("accounts"))
    for name in ("kim", "lee"):
        accounts.create_or_update(engine, name, "pw", ["panel"], full_name=name.title())
    engine.dispose()
    built = bootstrap(settings)
    services.record_vacancy(
        built.uow(), {"vacancy_id": VACANCY, "title": "Director", "competencies": FRAMEWORK}
    )
    services.record_shortlisted(
        built.uow(),
        {
            "vacancy_id": VACANCY,
            "application_id": ANA,
            "candidate_name": "Ana Example",
            "shortlisted_by": "sam",
        },
    )
    yield built
    built.engine.dispose()


def client_for(runtime: ScoringRuntime, username: str, *roles: str) -> Any:
    client = create_app(runtime).test_client()
    token = TokenSigner(runtime.settings.secret_key).access_token(
        Principal(username, frozenset(roles), username.title())
    )
    client.set_cookie("shortlist_token", token)
    return client


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" type="hidden" value="([^"]*)"', html)
    assert found
    return found.group(1)


def test_the_secretariat_appoints_the_panel_from_the_accounts_and_edits_the_kit(runtime):
    sam = client_for(runtime, "sam", "secretariat")
    page = sam.get(f"/scoring/vacancies/{VACANCY}").get_data(as_text=True)
    assert "Kim (kim)" in page and "Lee (lee)" in page

    refused = sam.post(
        f"/scoring/vacancies/{VACANCY}/panel", data={"csrf_token": csrf(page), "chair": "kim"}
    )
    assert refused.status_code == 422 and "Choose at least one member" in refused.text
    sam.post(
        f"/scoring/vacancies/{VACANCY}/panel",
        data={"csrf_token": csrf(page), "members": ["kim", "lee"], "chair": "kim"},
    )
    assert panel_round.progress(runtime.uow(), VACANCY)["members"] == ["kim", "lee"]

    editor = sam.get(f"/scoring/vacancies/{VACANCY}/kit").get_data(as_text=True)
    form = {"csrf_token": csrf(editor), "weight_0": "abc", "weight_1": "1"}
    bad = sam.post(f"/scoring/vacancies/{VACANCY}/kit", data=form)
    assert bad.status_code == 422 and "Not a valid float value" in bad.text
    form |= {
        "weight_0": "3",
        "questions_1": "How do you brief a minister?\n",
        "anchor_1_5": "Crisp",
    }
    saved = sam.post(f"/scoring/vacancies/{VACANCY}/kit", data=form, follow_redirects=True)
    assert "The interview kit is saved." in saved.text
    kit, _ = panel_round.interview_kit(runtime.uow(), VACANCY)
    assert kit.competencies[0].weight == 3.0
    assert kit.competencies[1].questions == ("How do you brief a minister?",)
    assert kit.competencies[1].anchor(5) == "Crisp"


def test_a_conflict_without_a_note_is_refused_beside_the_field(runtime):
    services.appoint_panel(runtime.uow(), VACANCY, ["kim", "lee"], "kim", "sam")
    kim = client_for(runtime, "kim", "panel")
    page = kim.get(f"/scoring/vacancies/{VACANCY}/declarations").get_data(as_text=True)
    assert "Ana Example" in page and "Interview kit" not in page

    refused = kim.post(
        f"/scoring/vacancies/{VACANCY}/declarations",
        data={"csrf_token": csrf(page), "answer_0": "conflict", "note_0": " "},
    )

    assert refused.status_code == 422 and "Say what the conflict of interest is." in refused.text
    assert not panel_round.declarations_of(runtime.uow(), VACANCY, "kim")["declared_all"]


def test_only_the_chair_closes_the_round_and_the_page_says_what_was_missing(runtime):
    services.appoint_panel(runtime.uow(), VACANCY, ["kim", "lee"], "kim", "sam")
    lee = client_for(runtime, "lee", "panel")
    assert lee.get(f"/scoring/vacancies/{VACANCY}").status_code == 404
    kim = client_for(runtime, "kim", "panel")
    page = kim.get(f"/scoring/vacancies/{VACANCY}").get_data(as_text=True)
    assert "0 of 2 expected sheets are in" in page

    no_reason = kim.post(f"/scoring/vacancies/{VACANCY}/closure", data={"csrf_token": csrf(page)})
    assert no_reason.status_code == 422 and "Give a reason" in no_reason.text
    closed = kim.post(
        f"/scoring/vacancies/{VACANCY}/closure",
        data={"csrf_token": csrf(page), "reason": "Lee is away."},
        follow_redirects=True,
    )

    assert "closed with 2 sheets outstanding" in closed.text
    assert "Closed by the chair kim with 2 sheets outstanding: Lee is away." in closed.text
