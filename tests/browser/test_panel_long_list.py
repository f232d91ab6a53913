"""The panel reads the long list and comments on it in the browser (journey 4, "in
consultation with the panel"): the secretariat puts screened candidates of a blind vacancy
on the long list and appoints the panel through scoring's API; a member finds the vacancy
under "My vacancies", sees the long list with neutral codes and no names, opens a
candidate, comments (an empty comment is refused with a message); the secretariat sees the
comment on its own candidate page and a count in its applicants list. A member of another
panel gets a 404, an anonymous visitor the sign-in page, and axe-core finds nothing
serious on any of the panel's pages.
"""

from __future__ import annotations

import copy
import json
import re
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, check_accessible, sign_in
from tests.e2e.slice import COMPETENCIES, SHARED_DATA, SliceClient, wait_for

CVS = {
    "Boma Wanjala": "dev-004-boma-wanjala.pdf",
    "Anna Uvarova": "dev-002-anna-uvarova.docx",
}
COMMENT = "Strong field record in victim assistance; worth a short-list interview."


def publish_blind_vacancy(client: SliceClient, token: str) -> dict[str, Any]:
    criteria = json.loads((SHARED_DATA / "tor" / "ccm-isu-director.criteria.json").read_text())
    criteria = copy.deepcopy(criteria) | {"settings": {"blind": True}}
    body = {
        "reference": "PANEL-001",
        "title": "Director (panel review)",
        "tor_text": "Terms of Reference (see the original document).",
        "criteria": criteria,
        "competencies": COMPETENCIES,
        "closing_date": (date.today() + timedelta(days=30)).isoformat(),
        "contact_email": "recruitment@secretariat.example",
    }
    created = client.request("POST", "/screening/api/vacancies", token, json=body)
    assert created.status_code == 201, created.text
    vacancy_id = created.json()["id"]
    published = client.request("POST", f"/screening/api/vacancies/{vacancy_id}/publish", token)
    assert published.status_code == 200, published.text
    return published.json()


@pytest.fixture(scope="module")
def long_listed(site: Site) -> dict[str, Any]:
    """A blind vacancy, both candidates on its long list, panel1 and panel2 on its panel,
    and screening told so (the panel's own API lists the vacancy)."""
    client = SliceClient(lambda _path: site.origin)
    token = client.login("secretariat", "secretariat-demo")
    vacancy = publish_blind_vacancy(client, token)
    client.wait_until_open(vacancy["id"])
    for number, (name, filename) in enumerate(CVS.items()):
        response = client.apply(
            vacancy["id"], name, f"panel-list{number}@example.org", SHARED_DATA / "cvs" / filename
        )
        assert response.status_code == 201, response.text
    applications = client.screened(token, vacancy["id"], len(CVS), timeout=180)
    for application in applications:
        moved = client.request(
            "PUT",
            f"/screening/api/applications/{application['application_id']}/list",
            token,
            json={"list": "long_list", "reason": "meets the mandatory criteria"},
        )
        assert moved.status_code == 200, moved.text

    client.appoint_panel(token, vacancy["id"], ["panel1", "panel2"], "panel1")
    panel1 = client.login("panel1", "panel-demo")

    def screening_knows_the_panel() -> bool | None:
        response = client.request("GET", "/screening/api/panel/vacancies", panel1)
        return any(v["vacancy_id"] == vacancy["id"] for v in response.json()) or None

    wait_for(screening_knows_the_panel, what="screening to hear of the panel")
    return {
        "vacancy": vacancy,
        # the API names the candidates of a blind vacancy by their codes too
        "applications": applications,
    }


def test_a_member_reads_the_blind_long_list_and_comments_and_the_secretariat_sees_it(
    site: Site, browser_page: Page, long_listed: dict[str, Any]
):
    page = browser_page
    vacancy = long_listed["vacancy"]
    sign_in(page, site, "panel1", "panel-demo", "/screening/panel")

    expect(page.get_by_role("heading", name="My vacancies", level=1)).to_be_visible()
    row = page.locator("tbody tr").filter(has_text=vacancy["title"])
    expect(row).to_contain_text("chair")
    check_accessible(page)
    row.get_by_role("link", name=vacancy["title"]).click()

    expect(page.get_by_role("heading", name="Long list", level=1)).to_be_visible()
    expect(page.get_by_text("This vacancy is reviewed blind")).to_be_visible()
    rows = page.locator("table.panel-long-list tbody tr")
    expect(rows).to_have_count(len(CVS))
    main = page.locator("main")
    for name in CVS:
        expect(main).not_to_contain_text(name)
    codes = rows.locator("th[scope=row] a").all_inner_texts()
    assert all(re.fullmatch(r"C-[0-9A-F]{8}", code) for code in codes), codes
    expect(page.get_by_role("button", name="Move")).to_have_count(0)
    check_accessible(page)

    first = long_listed["applications"][0]
    link = page.locator(f"a[href$='/screening/panel/applications/{first['application_id']}']")
    code = link.inner_text()
    link.click()
    expect(page.get_by_role("heading", name=code, level=1)).to_be_visible()
    expect(page.locator("article.verdict-card")).to_have_count(len(first["verdicts"]))
    for name in CVS:
        expect(main).not_to_contain_text(name)
    expect(page.get_by_label("Move to")).to_have_count(0)
    check_accessible(page)

    # an empty comment is refused where it was written; a real one is kept
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_text("Write a comment first")).to_be_visible()
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_role("button", name="Add the comment").click()
    expect(page.get_by_role("status").filter(has_text="Your comment is kept")).to_be_visible()
    comments = page.locator("#comments")
    expect(comments).to_contain_text(COMMENT)
    expect(comments).to_contain_text("panel1")
    check_accessible(page)

    # the secretariat reads it on its candidate page and sees a count in the list
    page.context.clear_cookies()
    sign_in(
        page,
        site,
        "secretariat",
        "secretariat-demo",
        f"/screening/applications/{first['application_id']}",
    )
    expect(page.locator("#comments")).to_contain_text(COMMENT)
    expect(page.locator("#comments")).to_contain_text("panel1")
    check_accessible(page)
    page.goto(site.url(f"/screening/vacancies/{vacancy['id']}/applicants"))
    boma_row = page.locator("table.applicants tbody tr").filter(
        has=page.locator(f"a[href$='/screening/applications/{first['application_id']}']")
    )
    expect(boma_row).to_contain_text("1 panel comment")


def test_a_member_of_another_panel_gets_a_404_and_a_visitor_the_sign_in_page(
    site: Site, browser_page: Page, long_listed: dict[str, Any]
):
    page = browser_page
    vacancy_id = long_listed["vacancy"]["id"]
    first = long_listed["applications"][0]

    response = page.goto(site.url("/screening/panel"))
    expect(page).to_have_url(re.compile(r"/auth/login\?next=/screening/panel"))
    assert response is not None

    sign_in(page, site, "panel3", "panel-demo", "/screening/panel")
    expect(page.get_by_role("heading", name="My vacancies", level=1)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(long_listed["vacancy"]["title"])
    for path in (
        f"/screening/panel/vacancies/{vacancy_id}",
        f"/screening/panel/applications/{first['application_id']}",
    ):
        response = page.goto(site.url(path))
        assert response is not None and response.status == 404, path
    check_accessible(page)
    # nor may a member of any panel use the secretariat's candidate page
    response = page.goto(site.url(f"/screening/applications/{first['application_id']}"))
    assert response is not None and response.status == 403
