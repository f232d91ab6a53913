"""The debrief in the browser (journey 6): while sheets are outstanding the secretariat sees
a provisional debrief and a panel member is told to wait; once every sheet is in, the
panel sees the ranking with ties shown as ties, the agreement figures with their reading,
and the charts (inline SVG with a text alternative and the table they draw); the chair
records a consensus rating through the form and sees it beside the raters' mean; the
printable report link returns a PDF. axe runs on every page.

The short list is real: a published vacancy, two sample CVs through intake, screened and
moved to the short list through screening's API; the three members declare and score
through scoring's API (the score form itself is tested in test_panel_scoring.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, check_accessible, screenshot, sign_in
from tests.e2e.slice import COMPETENCIES, SliceClient, wait_for

CVS = {
    "Anna Uvarova": "dev-002-anna-uvarova.docx",
    "Boma Wanjala": "dev-004-boma-wanjala.pdf",
}
MEMBERS = ("panel1", "panel2", "panel3")
# Levels per competency (in COMPETENCIES' order) per candidate and member. Both candidates
# end with the same weighted mean (38/12 each), so they tie for rank 1.
LEVELS = {
    "Anna Uvarova": {"panel1": (4, 3, 2), "panel2": (3, 3, 3), "panel3": (3, 4, 3)},
    "Boma Wanjala": {"panel1": (3, 4, 3), "panel2": (4, 3, 2), "panel3": (3, 3, 3)},
}


@pytest.fixture(scope="module")
def scored(site: Site) -> dict[str, Any]:
    """A vacancy whose three members have declared and scored all but one sheet."""
    client = SliceClient(lambda _path: site.origin)
    token = client.login("secretariat", "secretariat-demo")
    vacancy, applications = client.vacancy_with_screened_cvs(token, CVS, "debrief")
    ids = {a["candidate_name"]: a["application_id"] for a in applications}
    client.appoint_panel(token, vacancy["id"], list(MEMBERS), "panel1")
    for application_id in ids.values():
        moved = client.request(
            "PUT",
            f"/screening/api/applications/{application_id}/list",
            token,
            json={"list": "short_list"},
        )
        assert moved.status_code == 200, moved.text
    tokens = {member: client.login(member, "panel-demo") for member in MEMBERS}
    declarations = f"/scoring/api/vacancies/{vacancy['id']}/declarations"

    def short_list_in_scoring() -> bool:
        response = client.request("GET", declarations, tokens["panel1"])
        return response.ok and len(response.json()["candidates"]) == len(CVS)

    wait_for(short_list_in_scoring, what="the short list to reach scoring")
    for member_token in tokens.values():
        body = {
            "declarations": [
                {"application_id": a, "conflict": False, "note": ""} for a in ids.values()
            ]
        }
        declared = client.request("PUT", declarations, member_token, json=body)
        assert declared.status_code == 200, declared.text
    scored = {"vacancy": vacancy, "ids": ids, "tokens": tokens, "client": client}
    for name, by_member in LEVELS.items():
        for member in by_member:
            if (name, member) != ("Boma Wanjala", "panel3"):
                submit(scored, name, member)
    return scored


def submit(scored: dict[str, Any], name: str, member: str) -> None:
    levels = LEVELS[name][member]
    scores = {c["name"]: level for c, level in zip(COMPETENCIES, levels, strict=True)}
    path = f"/scoring/api/vacancies/{scored['vacancy']['id']}/candidates/{scored['ids'][name]}"
    response = scored["client"].request(
        "POST", f"{path}/sheets", scored["tokens"][member], json={"scores": scores}
    )
    assert response.status_code == 201, response.text


def test_the_debrief_appears_when_all_sheets_are_in_with_its_charts_and_report(
    site: Site, browser_page: Page, scored: dict[str, Any]
):
    page = browser_page
    debrief_path = f"/scoring/vacancies/{scored['vacancy']['id']}/debrief"

    # one sheet outstanding: the panel waits, the secretariat sees a provisional debrief
    sign_in(page, site, "panel2", "panel-demo", debrief_path)
    expect(
        page.get_by_text("The debrief opens to the panel when every score sheet is in")
    ).to_be_visible()
    expect(page.get_by_text("5 of 6 so far")).to_be_visible()
    expect(page.get_by_role("heading", name="Ranking")).to_have_count(0)
    check_accessible(page)
    page.context.clear_cookies()
    sign_in(page, site, "secretariat", "secretariat-demo", debrief_path)
    expect(page.get_by_text("Provisional: 5 of 6 sheets in.")).to_be_visible()
    check_accessible(page)
    page.context.clear_cookies()

    # the last sheet: the chair sees the whole debrief
    submit(scored, "Boma Wanjala", "panel3")
    sign_in(page, site, "panel1", "panel-demo", debrief_path)
    expect(page.get_by_role("heading", name="Ranking", exact=True)).to_be_visible()
    expect(page.get_by_text("Provisional")).to_have_count(0)
    ranking = page.locator("table.debrief-ranking tbody tr")
    expect(ranking).to_have_count(2)
    for row in range(2):  # equal weighted means: a tie, both ranked first
        expect(ranking.nth(row).locator("td").first).to_have_text("1= (tied)")
    agreement = page.locator("table.debrief-agreement")
    for name in ("Kendall's W", "ICC(2,1)", "ICC(2,k)", "Krippendorff's alpha"):
        expect(agreement.get_by_role("rowheader", name=name, exact=False)).to_be_visible()
    expect(
        agreement.get_by_text("Not computable: it needs at least three candidates").first
    ).to_be_visible()

    charts = page.locator("svg[role=img]")
    expect(charts).to_have_count(1 + len(CVS))
    expect(
        page.get_by_role("img", name="Ranking with each candidate's spread across raters")
    ).to_be_visible()
    for name in CVS:
        expect(
            page.get_by_role("img", name=f"Scores given to {name} per competency")
        ).to_be_visible()
    expect(page.locator("figure figcaption").first).to_contain_text("The table below gives")
    check_accessible(page)
    screenshot(page, "debrief")

    # the chair records a consensus; the raters' mean stays beside it
    form = page.locator("#consensus form")
    form.get_by_label("Candidate").select_option(label="Anna Uvarova")
    form.get_by_label("Competency").select_option(COMPETENCIES[0]["name"])
    form.get_by_label("Consensus rating").select_option("5")
    form.get_by_role("button", name="Record the consensus").click()
    expect(page.get_by_text("Give the reason for the consensus")).to_be_visible()
    check_accessible(page)
    form = page.locator("#consensus form")
    form.get_by_label("Consensus rating").select_option("5")
    form.get_by_label("Reason").fill("The panel agreed her examples were the strongest.")
    form.get_by_role("button", name="Record the consensus").click()
    expect(page.get_by_text("The consensus rating is recorded.")).to_be_visible()
    anna = page.locator("table.debrief-ranking tbody tr").first
    expect(anna.locator("th")).to_have_text("Anna Uvarova")
    expect(anna.locator("td").first).to_have_text("1")
    expect(anna).to_contain_text("(with consensus)")
    expect(page.get_by_text("The panel agreed her examples were the strongest.")).to_be_visible()
    check_accessible(page)

    # the printable report
    link = page.get_by_role("link", name="Printable report (PDF)")
    response = page.request.get(site.url(link.get_attribute("href")))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")
