"""A candidate applies in the browser (journey 2): the careers page, a vacancy's ToR, the
application form with a sample CV, the profile read from it corrected and submitted, the
acknowledgement mail and its private link, withdrawing; applying twice with one email is
refused with the reason, and a link that is not the candidate's own opens nothing. The
vacancy is made and published through the JSON API, as tests/e2e/slice.py does; every
page visited is checked by axe-core.
"""

from __future__ import annotations

import re
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, check_accessible, screenshot
from tests.e2e.slice import SHARED_DATA, SliceClient, body_text, mails_in, wait_for

BOMA = SHARED_DATA / "cvs" / "dev-004-boma-wanjala.pdf"
ANNA = SHARED_DATA / "cvs" / "dev-002-anna-uvarova.docx"
CHUKI = SHARED_DATA / "cvs" / "dev-010-chuki-kipkorir.pdf"
READING_TIMEOUT_MS = 120_000


@pytest.fixture(scope="module")
def vacancy(site: Site) -> dict[str, Any]:
    client = SliceClient(lambda _path: site.origin)
    token = client.login("secretariat", "secretariat-demo")
    published = client.create_and_publish_vacancy(token, "recruitment@secretariat.example")
    client.wait_until_open(published["id"])
    return published


def apply_with(page: Page, name: str, address: str, cv: Path, *, diversity: bool = False) -> None:
    """Fill in the application form that is open in `page` and send it."""
    page.get_by_label("Full name").fill(name)
    page.get_by_label("Email address").fill(address)
    page.get_by_label("Your CV").set_input_files(str(cv))
    if diversity:
        page.get_by_label("Cover letter (optional)").fill("I would like to apply.")
        page.get_by_label("Gender").select_option("prefer_not_to_say")
        page.get_by_label("Nationality").select_option("KE")
        page.get_by_label("Region (United Nations regional group)").select_option("african")
    page.get_by_label("I have read the privacy notice").check()


def wait_for_the_profile(page: Page) -> None:
    """The review page polls while the CV is read, then shows the form."""
    expect(page.get_by_role("heading", name="Check what we read from your CV")).to_be_visible()
    expect(page.get_by_role("button", name="Submit my application")).to_be_visible(
        timeout=READING_TIMEOUT_MS
    )


def mail_to(site: Site, address: str) -> EmailMessage:
    return wait_for(
        lambda: next((m for m in mails_in(site.mail_dir) if address in str(m["To"])), None),
        timeout=90,
        what=f"the acknowledgement to {address}",
    )


def status_path(mail: EmailMessage) -> str:
    link = next(word for word in body_text(mail).split() if "/intake/status/" in word)
    return link[link.index("/intake/status/") :].rstrip(".,)")


def test_a_candidate_applies_checks_the_profile_and_withdraws(
    site: Site, browser_page: Page, vacancy: dict[str, Any]
):
    page = browser_page
    address = f"boma-{uuid.uuid4().hex[:8]}@example.org"

    page.goto(site.url("/intake/careers"))
    expect(page.get_by_role("heading", name="Vacancies", level=1)).to_be_visible()
    link = page.locator(f"a[href='/intake/careers/{vacancy['id']}']")
    expect(link).to_have_text(vacancy["title"])
    check_accessible(page)
    screenshot(page, "careers")

    link.click()
    expect(page.get_by_role("heading", name=vacancy["title"], level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Terms of Reference")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("original file"))).to_have_attribute(
        "href", f"/screening/api/vacancies/{vacancy['id']}/tor-file"
    )
    check_accessible(page)

    page.get_by_role("button", name="Apply").first.click()
    expect(page.get_by_role("heading", name=re.compile("^Apply:"))).to_be_visible()
    expect(page.get_by_text("PDF or Word .docx, up to")).to_be_visible()
    expect(
        page.get_by_text("never shown to the screeners or to the interview panel")
    ).to_be_visible()
    apply_with(page, "Boma Wanjala", address, BOMA, diversity=True)
    check_accessible(page)
    screenshot(page, "apply")
    page.get_by_role("button", name="Send my CV").click()

    expect(page).to_have_url(re.compile(r"/intake/status/[^/]+/profile$"))
    check_accessible(page)  # "reading your CV…", or already the form
    wait_for_the_profile(page)
    expect(page.get_by_role("heading", name="Positions")).to_be_visible()
    check_accessible(page)
    screenshot(page, "profile-review")

    # the candidate corrects the end of the first position read
    start = page.locator("#positions-0-start").input_value()
    assert re.fullmatch(r"\d{4}-\d{2}", start), start
    page.locator("#positions-0-ongoing").uncheck()
    page.locator("#positions-0-end").fill("not a month")
    page.get_by_role("button", name="Submit my application").click()
    expect(page.locator("#positions-0-end-errors")).to_have_text(
        "Give the month as YYYY-MM, for example 2019-06."
    )
    check_accessible(page)
    page.locator("#positions-0-end").fill(max(start, "2024-06"))
    page.get_by_role("button", name="Submit my application").click()

    expect(
        page.get_by_role("status").filter(has_text="Your application is submitted")
    ).to_have_text("Your application is submitted; an acknowledgement is on its way.")
    expect(page.get_by_role("heading", name="Your application", level=1)).to_be_visible()
    expect(page.get_by_text(vacancy["title"])).to_be_visible()
    check_accessible(page)
    screenshot(page, "status")

    # the acknowledgement's private link opens the status page
    path = status_path(mail_to(site, address))
    page.goto(site.url(path))
    expect(page.get_by_text("Dear Boma Wanjala,")).to_be_visible()
    expect(page.get_by_role("heading", name="Replace my CV")).to_be_visible()

    page.get_by_role("button", name="Withdraw my application").click()
    expect(page.get_by_role("heading", name="Withdraw my application", level=1)).to_be_visible()
    check_accessible(page)
    page.get_by_label("Why are you withdrawing? (optional)").fill("I took another post.")
    page.get_by_role("button", name="Yes, withdraw my application").click()
    expect(page.get_by_role("status").filter(has_text="withdrawn")).to_have_text(
        "Your application is withdrawn."
    )
    expect(page.get_by_text("You have withdrawn your application")).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw my application")).to_have_count(0)
    check_accessible(page)

    # the same email cannot apply again: the reason is beside the CV field, the rest kept
    page.goto(site.url(f"/intake/careers/{vacancy['id']}/apply"))
    apply_with(page, "Boma Wanjala", address.upper(), BOMA)
    page.get_by_role("button", name="Send my CV").click()
    expect(page.locator("#cv-errors")).to_contain_text("use the link in the acknowledgement email")
    expect(page.get_by_label("Full name")).to_have_value("Boma Wanjala")
    check_accessible(page)


def apply_for_a_token(page: Page, site: Site, vacancy_id: str, name: str, cv: Path) -> str:
    page.goto(site.url(f"/intake/careers/{vacancy_id}/apply"))
    address = f"{name.split()[0].lower()}-{uuid.uuid4().hex[:8]}@example.org"
    apply_with(page, name, address, cv)
    page.get_by_role("button", name="Send my CV").click()
    expect(page).to_have_url(re.compile(r"/intake/status/[^/]+/profile$"))
    return page.url.split("/intake/status/")[1].split("/")[0]


def test_a_link_opens_only_its_own_application(
    site: Site, browser_page: Page, vacancy: dict[str, Any]
):
    page = browser_page
    page.goto(site.url("/intake/privacy"))
    expect(page.get_by_role("heading", name="Privacy notice")).to_be_visible()
    check_accessible(page)

    first = apply_for_a_token(page, site, vacancy["id"], "Anna Uvarova", ANNA)
    second = apply_for_a_token(page, site, vacancy["id"], "Chuki Kipkorir", CHUKI)

    page.goto(site.url(f"/intake/status/{second}"))
    expect(page.get_by_text("Dear Chuki Kipkorir,")).to_be_visible()
    expect(page.get_by_text("Anna Uvarova")).to_have_count(0)
    check_accessible(page)

    # the first one's application id under the second one's signature, and other guesses
    spliced = f"{first.split('.')[0]}.{second.split('.', 1)[1]}"
    for guessed in (spliced, f"{first[:-3]}xyz", "not-a-token"):
        for suffix in ("", "/profile", "/withdraw"):
            response = page.goto(site.url(f"/intake/status/{guessed}{suffix}"))
            assert response is not None and response.status == 404, (guessed, suffix)
            expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
            expect(page.get_by_text("Anna Uvarova")).to_have_count(0)
    check_accessible(page)

    # the first candidate asks for erasure from their own link, confirming it
    page.goto(site.url(f"/intake/status/{first}"))
    page.get_by_role("button", name="Ask for erasure of my data").click()
    expect(page.get_by_role("heading", name="Ask for erasure of my data")).to_be_visible()
    page.get_by_role("button", name="Yes, erase my data").click()
    expect(page.locator("#confirm-errors")).to_have_text(
        "Tick the box to confirm that you want your data erased."
    )
    check_accessible(page)
    page.get_by_label("I understand that my data is deleted").check()
    page.get_by_role("button", name="Yes, erase my data").click()
    expect(page.get_by_role("status").filter(has_text="erased")).to_contain_text(
        "Your data was erased"
    )
    expect(page.get_by_text("Anna Uvarova")).to_have_count(0)
    expect(page.get_by_role("button", name="Ask for erasure of my data")).to_have_count(0)
    check_accessible(page)
