"""Blind mode in screening's JSON API, over a real database (SQLite and PostgreSQL): when
the vacancy is blind, when the caller asks (`?blind=true`) or when the signed-in user chose
it on the pages, the applications the API returns carry the neutral code the pages show
instead of the name, and a profile without the contact details; otherwise the name and
the contact are there, and every application carries its code."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from services.screening.bootstrap import ScreeningRuntime
from services.screening.domain.applicants import neutral_code
from services.screening.entrypoints.blind_choice import BLIND_COOKIE
from shared.messaging.events import CV_PARSED
from tests.integration.screening.test_screening_api import (
    CRITERIA,
    Api,
    create_vacancy,
    deliver,
    profile,
    publish,
)

pytestmark = pytest.mark.integration
NAME = "Dana Visible"
EMAIL = "dana@example.org"


def applied(runtime: ScreeningRuntime, vacancy_id: str, application_id: str) -> None:
    payload = {
        "application_id": application_id,
        "vacancy_id": vacancy_id,
        "candidate_name": NAME,
        "parser_version": "1.0",
        "profile": {
            **profile(),
            "contact": {"name": NAME, "email": EMAIL, "phone": "+41 22 000 00 00"},
        },
    }
    deliver(runtime, CV_PARSED.envelope(payload, producer="intake", correlation_id="test"))


def shows_the_person(application: dict[str, Any]) -> bool:
    text = repr(application)
    return NAME in text or EMAIL in text


@pytest.fixture
def sam(runtime: ScreeningRuntime) -> Api:
    return Api(runtime, "sam", "secretariat")


@pytest.fixture
def vacancy(runtime: ScreeningRuntime, sam: Api) -> dict[str, Any]:
    created = create_vacancy(sam)
    publish(sam, created["id"])
    applied(runtime, created["id"], "app-1")
    return created


def test_without_blind_mode_the_api_names_the_candidate(sam, vacancy):
    listed = sam.get(f"/vacancies/{vacancy['id']}/applications").get_json()
    one = sam.get("/applications/app-1").get_json()

    assert [a["candidate_name"] for a in listed] == [NAME]
    assert listed[0]["candidate_code"] == neutral_code("app-1")
    assert one["candidate_name"] == NAME
    assert one["profile"]["contact"]["email"] == EMAIL
    assert one["profile"]["positions"][0]["employer"] == "UNMAS"


def test_asking_for_blind_mode_hides_who_the_candidate_is(sam, vacancy):
    listed = sam.get(f"/vacancies/{vacancy['id']}/applications?blind=true").get_json()
    one = sam.get("/applications/app-1?blind=true").get_json()
    moved = sam.put(
        "/applications/app-1/list?blind=true", json={"list": "long_list", "reason": "strong"}
    )

    assert [a["candidate_name"] for a in listed] == [neutral_code("app-1")]
    assert one["candidate_name"] == neutral_code("app-1") == one["candidate_code"]
    assert "contact" not in one["profile"]
    assert one["profile"]["positions"][0]["employer"] == "UNMAS"  # what is judged stays
    assert [v["verdict"] for v in one["verdicts"]]  # and so do the verdicts
    assert moved.status_code == 200
    assert moved.get_json()["list_stage"] == "long_list"
    for answer in (listed[0], one, moved.get_json()):
        assert not shows_the_person(answer)


def test_the_blind_mode_chosen_on_the_pages_holds_in_the_api(runtime, sam, vacancy):
    sam.client.set_cookie(BLIND_COOKIE, "sam")
    assert sam.get("/applications/app-1").get_json()["candidate_name"] == neutral_code("app-1")

    someone_else = Api(runtime, "kim", "secretariat")
    someone_else.client.set_cookie(BLIND_COOKIE, "sam")  # another user's choice is not kim's
    assert someone_else.get("/applications/app-1").get_json()["candidate_name"] == NAME


def test_a_blind_vacancy_is_blind_in_the_api_whatever_is_asked(runtime, sam):
    blind_criteria = copy.deepcopy(CRITERIA)
    blind_criteria["settings"] = {"blind": True}
    created = create_vacancy(sam, criteria=blind_criteria)
    publish(sam, created["id"])
    applied(runtime, created["id"], "app-9")

    listed = sam.get(f"/vacancies/{created['id']}/applications?blind=false").get_json()
    one = sam.get("/applications/app-9").get_json()
    overridden = sam.post(
        "/applications/app-9/overrides",
        json={"criterion_id": one["verdicts"][0]["criterion_id"], "verdict": "met", "reason": "ok"},
    )

    assert listed[0]["candidate_name"] == neutral_code("app-9")
    assert one["candidate_name"] == neutral_code("app-9")
    assert overridden.status_code == 201
    for answer in (listed[0], one, overridden.get_json()):
        assert not shows_the_person(answer)


def test_a_blind_that_is_neither_yes_nor_no_gets_a_sentence(sam, vacancy):
    answer = sam.get("/applications/app-1?blind=perhaps")

    assert answer.status_code == 422
    assert "true or false" in answer.get_json()["message"]
