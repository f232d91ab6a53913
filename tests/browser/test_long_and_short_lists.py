"""The secretariat reviews in blind mode and builds the long and short lists in the browser
(journey 4, to its end): a screened candidate is opened by its neutral code, a verdict is
overridden with a reason, the candidate goes to the long list and then to the short list,
each move is kept in the history with its reason, the list's stage filter follows, and the
short list reaches the scoring service, which is what the panel will score.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, check_accessible, sign_in
from tests.e2e.slice import SliceClient, wait_for

CVS = {
    "Boma Wanjala": "dev-004-boma-wanjala.pdf",
    "Chuki Kipkorir": "dev-010-chuki-kipkorir.pdf",
}


@pytest.fixture(scope="module")
def screened(site: Site) -> dict[str, Any]:
    client = SliceClient(lambda _path: site.origin)
    token = client.login("secretariat", "secretariat-demo")
    vacancy, applications = client.vacancy_with_screened_cvs(token, CVS, "lists")
    return {
        "client": client,
        "token": token,
        "vacancy": vacancy,
        "applications": {a["candidate_name"]: a for a in applications},
    }


def move(page: Page, to: str, reason: str) -> None:
    form = page.locator("#decision form").filter(has=page.get_by_label("Move to"))
    form.get_by_label("Move to").select_option(label=to)
    form.get_by_label("Reason").fill(reason)
    form.get_by_role("button", name="Move", exact=True).click()
    expect(page.get_by_role("status").filter(has_text=f"Moved to {to}.")).to_be_visible()


def test_the_secretariat_reviews_blind_and_builds_the_long_and_short_lists(
    site: Site, browser_page: Page, screened: dict[str, Any]
):
    page = browser_page
    vacancy_id = screened["vacancy"]["id"]
    list_path = f"/screening/vacancies/{vacancy_id}/applicants"
    sign_in(page, site, "secretariat", "secretariat-demo", list_path)
    page.get_by_role("button", name="Hide names (blind mode)").click()
    expect(page.get_by_role("button", name="Show names")).to_be_visible()

    boma = screened["applications"]["Boma Wanjala"]
    row = page.locator("table.applicants tbody tr").filter(
        has=page.locator(f"a[href$='/screening/applications/{boma['application_id']}']")
    )
    code = row.locator("th[scope=row] a").inner_text()
    assert re.fullmatch(r"C-[0-9A-F]{8}", code), code
    row.get_by_role("link", name=code).click()
    expect(page.get_by_role("heading", name=code, level=1)).to_be_visible()
    main = page.locator("main")
    for name in CVS:
        expect(main).not_to_contain_text(name)

    # a verdict the machine left open is settled by a person, with the reason kept
    verdict = next(v for v in boma["verdicts"] if v["verdict"] != "met")
    criterion = verdict["criterion_id"]
    card = page.locator("article.verdict-card").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^{criterion}\b"))
    )
    card.get_by_text("Override this verdict").click()
    card.get_by_label("New verdict").select_option("met")
    card.get_by_label("Reason").fill("Confirmed with the referee named on page 2.")
    card.get_by_role("button", name=f"Override the verdict on {criterion}").click()
    expect(
        page.get_by_role("status").filter(has_text=f"The verdict on {criterion}")
    ).to_be_visible()

    move(page, "the long list", "Meets every mandatory criterion after review.")
    move(page, "the short list", "Agreed with the panel on 12 May.")
    check_accessible(page)

    history = page.locator("section").filter(has=page.get_by_role("heading", name="History"))
    moves = history.locator("tr").filter(has_text="→")
    expect(moves.filter(has_text="Agreed with the panel on 12 May.")).to_have_count(1)
    expect(moves.filter(has_text="Meets every mandatory criterion after review.")).to_have_count(1)
    expect(history).not_to_contain_text("Boma")

    # the list's stage filter shows the short list: this candidate alone, still by code
    page.goto(site.url(f"{list_path}?stage=short_list"))
    rows = page.locator("table.applicants tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(code)
    expect(page.locator("table.applicants")).not_to_contain_text("Boma")
    check_accessible(page)

    # the short list reaches the scoring service: the panel's round lists the candidate
    client: SliceClient = screened["client"]
    client.appoint_panel(screened["token"], vacancy_id, ["panel1", "panel2"], "panel1")
    panel1 = client.login("panel1", "panel-demo")

    def shortlisted() -> list[str] | None:
        response = client.request("GET", f"/scoring/api/vacancies/{vacancy_id}/round", panel1)
        names = [c["application_id"] for c in response.json().get("candidates", [])]
        return names if response.ok and names else None

    assert wait_for(shortlisted, what="the short list to reach scoring") == [boma["application_id"]]
