"""The secretariat's vacancy editor in the browser (journey 1): a draft from the sample ToR,
its criteria edited, a tag's synonym added, published twice, and what changed between the
versions; a panel member and an anonymous visitor are kept out."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import Site, check_accessible, screenshot, sign_in
from tests.e2e.slice import SliceClient, wait_for

SAMPLE_TOR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "tor"
SAMPLE_PDF = SAMPLE_TOR / "ccm-isu-director.pdf"
CANDIDATES = [
    ("Anna Uvarova", SAMPLE_TOR.parent / "cvs" / "dev-002-anna-uvarova.docx"),
    ("Boma Wanjala", SAMPLE_TOR.parent / "cvs" / "dev-004-boma-wanjala.pdf"),
]
POSITION = "Director, Implementation Support Unit, Convention on Cluster Munitions"

needs_sample = pytest.mark.skipif(
    not SAMPLE_PDF.exists(), reason="shared/data is not beside the repo"
)


def import_sample(page: Page, site: Site) -> None:
    sign_in(page, site, "secretariat", "secretariat-demo", "/screening/vacancies")
    page.get_by_role("button", name="New vacancy from a ToR").click()
    expect(page.get_by_role("heading", name="New vacancy from a ToR")).to_be_visible()
    page.get_by_label("Terms of Reference (ToR)").set_input_files(str(SAMPLE_PDF))
    reference = page.get_by_role("textbox", name="Reference", exact=True)
    reference.fill(f"CCM-ISU-{uuid.uuid4().hex[:6]}")
    page.get_by_label("Contact email").fill("isu-recruitment@example.org")
    page.get_by_role("button", name="Read the ToR and create the draft").click()
    expect(page.get_by_role("heading", level=1, name=POSITION)).to_be_visible()


def card(page: Page, criterion_id: str) -> Locator:
    return page.locator("article.criterion-card").filter(
        has=page.get_by_role("heading", name=criterion_id, exact=True)
    )


def save_months(page: Page, criterion_id: str, label: str, months: int) -> None:
    page.get_by_role("link", name=f"Edit {criterion_id}", exact=True).click()
    page.get_by_label(label).fill(str(months))
    page.get_by_role("button", name=f"Save {criterion_id}", exact=True).click()
    expect(page.get_by_text(f"{criterion_id} is saved.")).to_be_visible()


@needs_sample
def test_the_secretariat_makes_a_vacancy_from_the_tor_and_publishes_two_versions(
    site: Site, browser_page: Page
):
    page = browser_page
    sign_in(page, site, "secretariat", "secretariat-demo", "/screening/vacancies/new")
    check_accessible(page)
    screenshot(page, "vacancy-new")
    page.get_by_role("button", name="Read the ToR and create the draft").click()
    expect(page.get_by_text("Choose the ToR file.")).to_be_visible()
    check_accessible(page)

    import_sample(page, site)
    expect(page.get_by_role("heading", name="Criteria (9)")).to_be_visible()
    expect(page.locator("article.criterion-card")).to_have_count(9)
    notes = page.get_by_role("region", name="Notes from reading the ToR")
    expect(notes).to_contain_text("please confirm the threshold")
    expect(notes).to_contain_text("closing date")
    expect(card(page, "EXP_INTERNATIONAL_RELATIONS")).to_contain_text(
        "At least 120 months in international relations cooperation"
    )
    expect(card(page, "LANG_EN")).to_contain_text(
        "English: native or fluent; working needs a person"
    )
    expect(card(page, "EDU")).to_contain_text("(other fields: a person decides)")
    check_accessible(page)
    screenshot(page, "vacancy-editor")

    # a criterion's key parameter, through its form
    page.get_by_role("link", name="Edit EXP_CONFLICT_PREVENTION", exact=True).click()
    expect(page.get_by_role("heading", name="Edit EXP_CONFLICT_PREVENTION")).to_be_visible()
    check_accessible(page)
    screenshot(page, "vacancy-criterion")
    page.get_by_label("Months from which it is met").fill("48")
    page.get_by_role("button", name="Save EXP_CONFLICT_PREVENTION", exact=True).click()
    expect(page.get_by_text("EXP_CONFLICT_PREVENTION is saved.")).to_be_visible()
    expect(card(page, "EXP_CONFLICT_PREVENTION")).to_contain_text(
        "At least 48 months in conflict prevention post conflict recovery; "
        "1 to 47 months: a person decides"
    )

    # a rule as JSON that screening could not assess is refused, with the reason
    page.get_by_role("link", name="Edit LANG_EN", exact=True).click()
    page.get_by_text("Advanced: the rule as JSON").click()
    page.get_by_label("The rule as JSON").fill(
        '{"type": "experience_months", "tag": "nowhere", "min_months": 12}'
    )
    page.get_by_role("button", name="Save the rule of LANG_EN").click()
    expect(page.get_by_text("No tag of this vacancy is called nowhere")).to_be_visible()
    check_accessible(page)
    page.get_by_role("link", name=re.compile("^Back to")).click()
    expect(card(page, "LANG_EN")).to_contain_text("English: native or fluent")

    # a synonym for a tag
    page.get_by_role("link", name="Edit the terms of international relations cooperation").click()
    check_accessible(page)
    page.get_by_label("Your own terms (synonyms)").fill("multilateral diplomacy")
    page.get_by_role("button", name="Save the terms of international relations cooperation").click()
    expect(
        page.get_by_text("The terms of international relations cooperation are saved.")
    ).to_be_visible()
    tag = page.locator("article.tag-card").filter(
        has=page.get_by_role("heading", name="international relations cooperation", exact=True)
    )
    expect(tag).to_contain_text("multilateral diplomacy")

    # version 1, after a confirmation
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Publish version 1")
    check_accessible(page)
    screenshot(page, "vacancy-publish")
    page.get_by_role("button", name="Yes, publish version 1").click()
    expect(page.get_by_text("Version 1 is published.")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("published")

    # edited again: the draft shows what is not published yet; version 2
    save_months(page, "EXP_INTERNATIONAL_RELATIONS", "Minimum months", 96)
    pending = page.get_by_role("region", name="Changes not published yet")
    expect(pending).to_contain_text("EXP_INTERNATIONAL_RELATIONS: min_months: 120 → 96")
    check_accessible(page)
    page.get_by_role("button", name="Publish version 2").click()
    expect(page.get_by_role("main")).to_contain_text("min_months: 120 → 96")
    page.get_by_role("button", name="Yes, publish version 2").click()
    expect(page.get_by_text("Version 2 is published.")).to_be_visible()

    # the versions, and what version 2 changed
    page.get_by_role("button", name="Versions and re-screens").click()
    expect(page.get_by_role("heading", name=f"Versions of {POSITION}")).to_be_visible()
    check_accessible(page)
    screenshot(page, "vacancy-versions")
    page.get_by_role("link", name="What changed in version 2").click()
    expect(page.get_by_role("heading", name="From version 1 to version 2")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("min_months: 120 → 96")
    check_accessible(page)
    screenshot(page, "vacancy-changes")
    page.get_by_label("Compare with").select_option(label="nothing (everything is new)")
    page.get_by_role("button", name="Compare").click()
    expect(page.get_by_role("main")).to_contain_text("EXP_INTERNATIONAL_RELATIONS: added")

    # a published version as it was frozen
    page.goto(page.url.split("/versions/")[0] + "/versions/1")
    expect(card(page, "EXP_INTERNATIONAL_RELATIONS")).to_contain_text("At least 120 months")
    check_accessible(page)

    # a re-screen under version 2 (nobody has applied yet: it is done at once)
    page.go_back()
    page.get_by_role("link", name="All versions and re-screens").click()
    page.get_by_role("button", name="Re-screen under version 2").click()
    expect(page.get_by_role("heading", name="Re-screen under version 2")).to_be_visible()
    expect(page.get_by_text("Finished.")).to_be_visible()
    expect(page.get_by_text("No application's proposal or verdicts changed.")).to_be_visible()
    check_accessible(page)


@needs_sample
def test_a_rescreen_shows_its_progress_then_what_it_changed(site: Site, browser_page: Page):
    page = browser_page
    import_sample(page, site)
    vacancy_id = page.url.rstrip("/").rsplit("/", 1)[-1]
    page.get_by_role("button", name="Publish version 1").click()
    page.get_by_role("button", name="Yes, publish version 1").click()
    expect(page.get_by_text("Version 1 is published.")).to_be_visible()

    client = SliceClient(lambda _path: site.origin)
    client.wait_until_open(vacancy_id)
    for name, cv in CANDIDATES:
        applied = client.apply(vacancy_id, name, f"{name.split()[0].lower()}@example.org", cv)
        assert applied.status_code == 201, applied.text
    applications = f"/screening/api/vacancies/{vacancy_id}/applications"
    wait_for(
        lambda: (
            len([a for a in page.request.get(site.url(applications)).json() if a["screened_at"]])
            == len(CANDIDATES)
        ),
        what="both applications screened",
    )

    # nobody speaks it: every LANG_EN verdict moves to "not met"
    page.get_by_role("link", name="Edit LANG_EN", exact=True).click()
    page.get_by_role("textbox", name="Language", exact=True).fill("Klingon")
    page.get_by_role("button", name="Save LANG_EN", exact=True).click()
    expect(card(page, "LANG_EN")).to_contain_text("Klingon: native or fluent")
    page.get_by_role("button", name="Publish version 2").click()
    page.get_by_role("button", name="Yes, publish version 2").click()
    page.get_by_role("button", name="Versions and re-screens").click()
    page.get_by_role("button", name="Re-screen under version 2").click()
    expect(page.get_by_text("Re-screening 2 applications under version 2.")).to_be_visible()
    expect(page.locator("#rescreen-progress")).to_contain_text(
        "2 of 2 applications re-screened (100%)", timeout=30_000
    )
    expect(page.get_by_text("Finished.")).to_be_visible()
    expect(page.get_by_role("heading", name="What the re-screen changed")).to_be_visible()
    changed = page.get_by_role("region", name="Applications the re-screen changed")
    for name, _cv in CANDIDATES:
        expect(changed.get_by_role("row").filter(has_text=name)).to_contain_text("LANG_EN: ")
        expect(changed.get_by_role("row").filter(has_text=name)).to_contain_text("→ not met")
    check_accessible(page)
    screenshot(page, "vacancy-rescreen")


@needs_sample
def test_the_draft_details_competencies_and_criteria_are_edited_and_removed(
    site: Site, browser_page: Page
):
    page = browser_page
    import_sample(page, site)

    # the closing date the ToR did not state, then the notes are put away
    page.get_by_role("button", name="Edit the title and closing date").click()
    check_accessible(page)
    page.get_by_label("Title").fill("")
    page.get_by_role("button", name="Save the title and closing date").click()
    expect(page.get_by_text("The title cannot be empty.")).to_be_visible()
    page.get_by_label("Title").fill("Director of the ISU")
    page.get_by_label("Closing date").fill("2031-05-31")
    page.get_by_role("button", name="Save the title and closing date").click()
    expect(page.get_by_role("heading", level=1, name="Director of the ISU")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("2031-05-31")
    page.get_by_role("button", name="Hide these notes").click()
    expect(page.get_by_role("region", name="Notes from reading the ToR")).to_have_count(0)

    # a competency changed, one added, one removed
    page.get_by_role("link", name="Edit Financial Acumen").click()
    check_accessible(page)
    page.get_by_label("Weight").fill("0")
    page.get_by_role("button", name="Save the competency").click()
    expect(page.get_by_text("The weight must be more than 0.")).to_be_visible()
    page.get_by_label("Weight").fill("2")
    page.get_by_label("Indicators").fill("Keeps the accounts\nReports to States Parties")
    page.get_by_role("button", name="Save the competency").click()
    expect(page.get_by_text("Financial Acumen is saved.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Financial Acumen")
    expect(row).to_contain_text("Reports to States Parties")
    expect(row).to_contain_text("2.0")
    page.get_by_role("link", name="Add a competency").click()
    check_accessible(page)
    page.get_by_label("Name").fill("Mine action expertise")
    page.get_by_label("Kind").fill("functional")
    page.get_by_role("button", name="Save the competency").click()
    expect(page.get_by_role("row").filter(has_text="Mine action expertise")).to_contain_text(
        "functional"
    )
    page.get_by_role("link", name="Edit Working in Teams").click()
    page.get_by_role("button", name="Remove Working in Teams").click()
    expect(page.get_by_text("Working in Teams is removed.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Working in Teams")).to_have_count(0)

    # a criterion removed
    page.get_by_role("link", name="Edit EXP_MANAGING_MINE", exact=True).click()
    page.get_by_role("button", name="Remove EXP_MANAGING_MINE from the draft").click()
    expect(page.get_by_text("EXP_MANAGING_MINE is removed from the draft.")).to_be_visible()
    expect(page.get_by_role("heading", name="Criteria (8)")).to_be_visible()

    # the list links to each vacancy
    page.get_by_role("link", name="All vacancies").click()
    expect(page.get_by_role("link", name="Director of the ISU").first).to_be_visible()
    check_accessible(page)


@needs_sample
def test_an_unreadable_tor_is_told_next_to_the_field(site: Site, browser_page: Page):
    page = browser_page
    sign_in(page, site, "secretariat", "secretariat-demo", "/screening/vacancies/new")
    page.get_by_label("Terms of Reference (ToR)").set_input_files(
        files=[{"name": "scan.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n" * 8}]
    )
    page.get_by_role("textbox", name="Reference", exact=True).fill("SCAN-1")
    page.get_by_label("Contact email").fill("isu-recruitment@example.org")
    page.get_by_role("button", name="Read the ToR and create the draft").click()
    expect(page.locator("#tor-errors")).to_contain_text("scan.png is an image, not a document.")
    expect(page.get_by_label("Terms of Reference (ToR)")).to_have_attribute("aria-invalid", "true")
    check_accessible(page)


def test_a_panel_member_cannot_open_the_vacancy_editor(site: Site, browser_page: Page):
    page = browser_page
    sign_in(page, site, "panel1", "panel-demo", "/screening/vacancies/new")
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    check_accessible(page)
    page.goto(site.url(f"/screening/vacancies/{uuid.uuid4()}/publish"))
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()


def test_an_anonymous_visitor_is_sent_to_sign_in_from_the_editor(site: Site, browser_page: Page):
    page = browser_page
    page.goto(site.url("/screening/vacancies/new"))
    expect(page).to_have_url(site.url("/auth/login?next=/screening/vacancies/new"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
