"""The secretariat reviews a vacancy's applicants in the browser (journey 4): the list with
its filters, sort and search, the candidate page with the evidence, an override with its
reason, blind mode, and who may not look. The applicants are real: the vacancy is
published and four sample CVs are sent through intake's API, as tests/e2e/slice.py does,
and the tests wait until screening has judged them all. The expected rows are taken from
screening's JSON API, so that the pages are checked against the same use cases rather
than against numbers written here.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, check_accessible, screenshot, sign_in
from tests.e2e.slice import SliceClient

CVS = {
    "Anna Uvarova": "dev-002-anna-uvarova.docx",
    "Boma Wanjala": "dev-004-boma-wanjala.pdf",
    "Chuki Kipkorir": "dev-010-chuki-kipkorir.pdf",
    "Gloria Okafor": "dev-008-gloria-okafor.docx",
}


@pytest.fixture(scope="module")
def screened(site: Site) -> dict[str, Any]:
    """A published vacancy and its four screened applications, as the JSON API shows them."""
    client = SliceClient(lambda _path: site.origin)
    token = client.login("secretariat", "secretariat-demo")
    vacancy, applications = client.vacancy_with_screened_cvs(token, CVS, "applicant")
    return {"vacancy": vacancy, "applications": {a["candidate_name"]: a for a in applications}}


def list_path(screened: dict[str, Any]) -> str:
    return f"/screening/vacancies/{screened['vacancy']['id']}/applicants"


def candidate_names(page: Page) -> list[str]:
    return page.locator("table.applicants tbody th[scope=row] a").all_inner_texts()


def verdict_of(application: dict[str, Any], criterion_id: str) -> str:
    return next(v["verdict"] for v in application["verdicts"] if v["criterion_id"] == criterion_id)


def proposal_after(application: dict[str, Any], criterion_id: str, verdict: str) -> str:
    mandatory = {
        verdict if v["criterion_id"] == criterion_id else v["verdict"]
        for v in application["verdicts"]
        if v["mandatory"]
    }
    if "not_met" in mandatory:
        return "not_eligible"
    return "needs_review" if "unclear" in mandatory else "long_list"


def an_override_that_changes_the_proposal(
    applications: dict[str, dict[str, Any]],
) -> tuple[str, str, str, str]:
    """(name, criterion, new verdict, new proposal) of the first override that would change
    a candidate's proposal."""
    for name, application in sorted(applications.items()):
        for verdict in application["verdicts"]:
            if not verdict["mandatory"]:
                continue
            new = "met" if verdict["verdict"] != "met" else "not_met"
            proposal = proposal_after(application, verdict["criterion_id"], new)
            if proposal != application["proposal"]:
                return name, verdict["criterion_id"], new, proposal
    raise AssertionError("no single override changes any proposal")


PROPOSAL_TEXT = {
    "long_list": "long list",
    "needs_review": "needs review",
    "not_eligible": "not eligible",
}


def test_the_secretariat_filters_sorts_searches_and_overrides_a_verdict(
    site: Site, browser_page: Page, screened: dict[str, Any]
):
    page = browser_page
    applications = screened["applications"]
    sign_in(page, site, "secretariat", "secretariat-demo", list_path(screened))

    expect(page.get_by_role("heading", name="Applicants", exact=True)).to_be_visible()
    expect(page.locator("table.applicants tbody tr")).to_have_count(len(CVS))
    assert candidate_names(page) == sorted(CVS)
    check_accessible(page)
    screenshot(page, "applicants")

    # filter by one criterion's verdict: the table follows, and the address says so
    met_english = sorted(n for n, a in applications.items() if verdict_of(a, "LANG_EN") == "met")
    page.get_by_label("Criterion", exact=True).select_option("LANG_EN")
    page.get_by_label("Verdict on it").select_option("met")
    expect(page).to_have_url(re.compile(r"criterion=LANG_EN.*verdict=met"))
    expect(page.locator("table.applicants tbody tr")).to_have_count(len(met_english))
    assert candidate_names(page) == met_english
    page.reload()  # the address alone gives the same list, without JavaScript's help
    expect(page.locator("table.applicants tbody tr")).to_have_count(len(met_english))
    expect(page.get_by_label("Verdict on it")).to_have_value("met")

    # sort: the name column the other way round
    page.get_by_role("link", name="Clear the filters").click()
    expect(page.locator("table.applicants tbody tr")).to_have_count(len(CVS))
    page.locator("table.applicants thead").get_by_role("link", name="Candidate").click()
    expect(page).to_have_url(re.compile(r"order=desc"))
    expect(page.locator("table.applicants tbody th[scope=row] a").first).to_have_text(
        sorted(CVS)[-1]
    )
    assert candidate_names(page) == sorted(CVS, reverse=True)

    # search by a piece of a name, in any case
    page.get_by_label("Search by name").fill("UVAR")
    expect(page.locator("table.applicants tbody tr")).to_have_count(1)
    assert candidate_names(page) == ["Anna Uvarova"]
    check_accessible(page)

    # the candidate page: verdicts, the evidence, the profile, the history
    name, criterion, new_verdict, new_proposal = an_override_that_changes_the_proposal(applications)
    page.goto(site.url(f"/screening/applications/{applications[name]['application_id']}"))
    expect(page.get_by_role("heading", name=name, level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Profile read from the CV")).to_be_visible()
    expect(page.locator("mark.evidence").first).to_be_visible()
    check_accessible(page)
    screenshot(page, "candidate")

    card = page.locator("article.verdict-card").filter(
        has=page.get_by_role("heading", name=re.compile(rf"^{criterion}\b"))
    )
    card.get_by_text("Override this verdict").click()
    card.get_by_label("New verdict").select_option(new_verdict)
    card.get_by_role("button", name=f"Override the verdict on {criterion}").click()
    expect(card.get_by_text("Give a reason: it is kept with the decision.")).to_be_visible()
    check_accessible(page)

    reason = "The CV shows it on page 2; the parser missed the heading."
    card.get_by_label("New verdict").select_option(new_verdict)
    card.get_by_label("Reason").fill(reason)
    card.get_by_role("button", name=f"Override the verdict on {criterion}").click()

    expect(
        page.get_by_role("status").filter(has_text=f"The verdict on {criterion}")
    ).to_be_visible()
    summary = page.locator(".candidate-summary")
    expect(summary).to_contain_text(PROPOSAL_TEXT[new_proposal])
    history = page.locator("section").filter(has=page.get_by_role("heading", name="History"))
    row = history.locator("tr").filter(has_text="Verdict overridden")
    expect(row).to_contain_text(reason)
    expect(row).to_contain_text("secretariat")
    expect(row).to_contain_text(criterion)

    # and the list says the same
    page.goto(site.url(list_path(screened) + f"?criterion={criterion}&verdict={new_verdict}"))
    listed = page.locator("table.applicants tbody tr").filter(has_text=name)
    expect(listed).to_contain_text(PROPOSAL_TEXT[new_proposal])
    expect(listed).to_contain_text("overridden")


def test_blind_mode_shows_a_code_instead_of_the_name(
    site: Site, browser_page: Page, screened: dict[str, Any]
):
    page = browser_page
    sign_in(page, site, "secretariat", "secretariat-demo", list_path(screened))
    expect(page.locator("table.applicants tbody tr")).to_have_count(len(CVS))

    page.get_by_role("button", name="Hide names (blind mode)").click()

    expect(page.get_by_role("button", name="Show names")).to_be_visible()
    table = page.locator("table.applicants")
    expect(table.locator("tbody tr")).to_have_count(len(CVS))
    codes = candidate_names(page)
    assert all(re.fullmatch(r"C-[0-9A-F]{8}", code) for code in codes), codes
    for name in CVS:
        expect(table).not_to_contain_text(name)
    check_accessible(page)

    table.get_by_role("link", name=codes[0]).click()
    expect(page.get_by_role("heading", name=codes[0], level=1)).to_be_visible()
    main = page.locator("main")
    for name in CVS:
        expect(main).not_to_contain_text(name)
    expect(main).not_to_contain_text("@")
    expect(page.get_by_role("heading", name="Contact")).to_have_count(0)
    check_accessible(page)

    page.get_by_role("button", name="Show names").click()
    expect(page.get_by_role("heading", name="Contact")).to_be_visible()


def test_a_panel_member_is_refused_and_a_guessed_id_is_not_found(
    site: Site, browser_page: Page, screened: dict[str, Any]
):
    page = browser_page
    some = next(iter(screened["applications"].values()))
    sign_in(page, site, "panel1", "panel-demo", list_path(screened))
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    page.goto(site.url(f"/screening/applications/{some['application_id']}"))
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    check_accessible(page)

    page.context.clear_cookies()
    sign_in(page, site, "secretariat", "secretariat-demo", "/screening/applications/guessed-id")
    expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
    response = page.goto(site.url("/screening/vacancies/no-such-vacancy/applicants"))
    assert response is not None and response.status == 404
    check_accessible(page)


def test_the_candidate_page_shows_every_cv_page_with_the_cited_passages_outlined(
    site: Site, browser_page: Page, screened: dict[str, Any]
):
    page = browser_page
    boma = screened["applications"]["Boma Wanjala"]
    cited = {p["text"] for v in boma["verdicts"] for p in v.get("passages") or ()}
    path = f"/screening/applications/{boma['application_id']}"
    sign_in(page, site, "secretariat", "secretariat-demo", path)

    images = page.locator("section.cv-pages figure img")
    expect(images).to_have_count(2)  # intake read the PDF: its two pages, not a third
    expect(images.first).to_have_attribute("loading", "lazy")
    prefix = f"/intake/applications/{boma['application_id']}/cv/pages/"
    sources = [images.nth(n).get_attribute("src") or "" for n in range(2)]
    assert [src.split("?")[0] for src in sources] == [f"{prefix}1.png", f"{prefix}2.png"]
    outlined = page.get_by_role("img", name=re.compile(r"Page 1 of 2 of the CV, with \d+ cited"))
    assert cited  # the sample CV's education and languages are cited, on its first page
    expect(outlined).to_have_count(1)
    assert "mark=" in sources[0]
    alt = outlined.get_attribute("alt") or ""
    assert any(text[:40] in alt for text in cited), alt
    expect(page.locator("section.cv-pages figcaption mark").first).to_be_visible()
    for number in range(2):
        image = images.nth(number)
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0", arg=image.element_handle()
        )
    screenshot(page, "candidate-cv-outlined")
    check_accessible(page)

    page.get_by_role("button", name="Hide names (blind mode)").click()
    expect(page.locator("section.cv-pages img")).to_have_count(0)
    expect(page.locator("section.cv-pages")).to_contain_text("hidden in blind mode")

    page.get_by_role("button", name="Show names").click()
    expect(page.locator("section.cv-pages figure img")).to_have_count(2)


def test_the_list_says_nothing_about_reading_once_every_cv_is_read(
    site: Site, browser_page: Page, screened: dict[str, Any]
):
    page = browser_page
    sign_in(page, site, "secretariat", "secretariat-demo", list_path(screened))

    progress = page.get_by_role("status").filter(has=page.locator("#reading-progress-now"))
    expect(progress).to_have_count(1)  # intake's fragment was loaded into the live region
    expect(progress).not_to_contain_text("still being read")
    check_accessible(page)
