"""The panel scores in the browser (journey 5): each member declares conflicts of interest
seeing only the short list's names, two members score the same candidate and neither sees
the other's scores before submitting, then both see both; a member who declares a
conflict is recused and gets a 404 page for that candidate. The secretariat's round page
(progress without scores) and kit editor are checked too, and axe runs on every page.

The short list is real: a published vacancy, two sample CVs sent through intake, screened,
moved to the short list by the secretariat through screening's API, as journey 4 would.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Site, check_accessible, screenshot, sign_in
from tests.e2e.slice import COMPETENCIES, SliceClient, wait_for

CVS = {
    "Anna Uvarova": "dev-002-anna-uvarova.docx",
    "Boma Wanjala": "dev-004-boma-wanjala.pdf",
}
NOTE_1 = "Panel one: strong examples of leading a team"
NOTE_2 = "Panel two: answers stayed general"


@pytest.fixture(scope="module")
def shortlisted(site: Site) -> dict[str, Any]:
    """A vacancy with a panel of three (panel1 chairs) and two shortlisted candidates."""
    client = SliceClient(lambda _path: site.origin)
    token = client.login("secretariat", "secretariat-demo")
    vacancy, applications = client.vacancy_with_screened_cvs(token, CVS, "panel-test")
    client.appoint_panel(token, vacancy["id"], ["panel1", "panel2", "panel3"], "panel1")
    for application in applications:
        moved = client.request(
            "PUT",
            f"/screening/api/applications/{application['application_id']}/list",
            token,
            json={"list": "short_list"},
        )
        assert moved.status_code == 200, moved.text
    panel = client.login("panel1", "panel-demo")

    def both_reached_scoring() -> bool:
        response = client.request(
            "GET", f"/scoring/api/vacancies/{vacancy['id']}/declarations", panel
        )
        return response.ok and len(response.json()["candidates"]) == len(CVS)

    wait_for(both_reached_scoring, what="the short list to reach scoring")
    return {
        "vacancy": vacancy,
        "applications": {a["candidate_name"]: a["application_id"] for a in applications},
    }


@pytest.fixture
def other_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    try:
        yield context.new_page()
    finally:
        context.close()


def declare(page: Page, site: Site, vacancy_id: str, conflicts: dict[str, str]) -> None:
    """Declare on the declaration page: `conflicts` maps a candidate's name to a note."""
    page.goto(site.url(f"/scoring/vacancies/{vacancy_id}/declarations"))
    expect(page.get_by_role("heading", name="Conflicts of interest")).to_be_visible()
    check_accessible(page)
    for name in CVS:
        group = page.get_by_role("group", name=name)
        if name in conflicts:
            group.get_by_label("I have a conflict").check()
            group.get_by_label("If you have a conflict").fill(conflicts[name])
        else:
            group.get_by_label("No conflict").check()
    page.get_by_role("button", name="Record my declarations").click()
    expect(page.get_by_role("heading", name="Candidates to score")).to_be_visible()
    check_accessible(page)


def score(page: Page, levels: list[int], note: str) -> None:
    for number, level in enumerate(levels):
        page.locator(f"input[name='score-score_{number}'][value='{level}']").check()
    page.get_by_label("Notes").fill(note)
    page.get_by_role("button", name="Submit my scores").click()
    expect(page.get_by_text("Your scores are submitted.")).to_be_visible()


def test_two_members_score_independently_and_a_recused_member_cannot_open_the_file(
    site: Site, browser_page: Page, other_page: Page, browser: Browser, shortlisted: dict[str, Any]
):
    vacancy_id = shortlisted["vacancy"]["id"]
    anna = shortlisted["applications"]["Anna Uvarova"]
    anna_path = f"/scoring/vacancies/{vacancy_id}/candidates/{anna}"
    first, second = browser_page, other_page

    # before declaring, a member sees only the names: the file sends them to declare
    sign_in(first, site, "panel1", "panel-demo", "/scoring/panel")
    expect(first.get_by_role("heading", name="My panels")).to_be_visible()
    check_accessible(first)
    first.goto(site.url(anna_path))
    expect(first.get_by_role("heading", name="Conflicts of interest")).to_be_visible()
    expect(first.get_by_text("Interview kit")).to_have_count(0)
    declare(first, site, vacancy_id, {})

    # the first member opens the kit and the score form, and sees no one else's scores
    first.get_by_role("link", name="Anna Uvarova").click()
    expect(first.get_by_role("heading", name="Interview kit")).to_be_visible()
    expect(first.get_by_role("group", name=COMPETENCIES[0]["name"])).to_be_visible()
    check_accessible(first)
    screenshot(first, "panel-score-form")
    score(first, [4, 3, 5], NOTE_1)
    expect(first.locator("table.sheets").get_by_text(NOTE_1)).to_be_visible()
    check_accessible(first)

    # the second member, before submitting, sees neither the first's scores nor notes
    sign_in(second, site, "panel2", "panel-demo", "/scoring/panel")
    declare(second, site, vacancy_id, {})
    second.goto(site.url(anna_path))
    expect(second.get_by_role("button", name="Submit my scores")).to_be_visible()
    assert NOTE_1 not in second.content()
    assert "panel1" not in second.locator("main").inner_text()
    expect(second.get_by_role("heading", name="The panel's sheets")).to_have_count(0)
    score(second, [2, 4, 3], NOTE_2)

    # after submitting, each sees both sheets
    expect(second.locator("table.sheets").get_by_text(NOTE_1)).to_be_visible()
    expect(second.locator("table.sheets").get_by_text(NOTE_2)).to_be_visible()
    first.reload()
    expect(first.locator("table.sheets").get_by_text(NOTE_2)).to_be_visible()
    rows = first.locator("table.sheets tbody tr")
    expect(rows).to_have_count(2)

    # a third member declares a conflict with Anna: recused, her file is a 404 page
    third_context = browser.new_context(locale="en-GB", bypass_csp=True)
    try:
        third = third_context.new_page()
        sign_in(third, site, "panel3", "panel-demo", "/scoring/panel")
        declare(third, site, vacancy_id, {"Anna Uvarova": "She reported to me until 2022."})
        expect(third.get_by_text("Recused: you declared a conflict of interest")).to_be_visible()
        expect(third.get_by_role("link", name="Anna Uvarova")).to_have_count(0)
        response = third.goto(site.url(anna_path))
        assert response is not None and response.status == 404
        assert NOTE_1 not in third.content()
        check_accessible(third)
    finally:
        third_context.close()

    # the chair sees the progress, without any score, and may close the round
    first.goto(site.url(f"/scoring/vacancies/{vacancy_id}"))
    expect(first.get_by_role("heading", name="Progress")).to_be_visible()
    assert NOTE_1 not in first.content()
    # three members by two candidates, less the one recusal: five sheets expected, two in
    expect(first.get_by_text("2 of 5 expected sheets are in")).to_be_visible()
    expect(first.get_by_text("Close the round now", exact=True)).to_be_visible()
    check_accessible(first)


def test_the_secretariat_follows_the_round_and_edits_the_kit(
    site: Site, browser_page: Page, shortlisted: dict[str, Any]
):
    page = browser_page
    vacancy_id = shortlisted["vacancy"]["id"]
    sign_in(page, site, "secretariat", "secretariat-demo", "/scoring/vacancies")
    expect(page.get_by_role("heading", name="Interview panels")).to_be_visible()
    check_accessible(page)
    page.goto(site.url(f"/scoring/vacancies/{vacancy_id}"))
    expect(page.get_by_role("heading", name="The panel")).to_be_visible()
    check_accessible(page)
    page.get_by_role("link", name="The interview kit").click()
    expect(page.get_by_role("heading", name="Interview kit")).to_be_visible()
    check_accessible(page)
