"""Interview slots in the browser (journey 5): the secretariat proposes the sample plan of
five two-hour interviews; the shortlisted candidate opens the private link from their mail,
sees the free times in the time zone they choose, picks one and sees it confirmed; the
panel and the candidate are sent the invitation with its calendar file; a made-up link is
a 404 page; axe-core finds nothing serious on any page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import Site, check_accessible, sign_in
from tests.e2e.slice import SHARED_DATA, SliceClient, body_text, mails_in, wait_for

NAME, EMAIL = "Boma Wanjala", "slots-boma@example.org"


@pytest.fixture(scope="module")
def shortlisted(site: Site) -> dict[str, Any]:
    client = SliceClient(lambda _path: site.origin)
    token = client.login("secretariat", "secretariat-demo")
    vacancy = client.create_and_publish_vacancy(token, "recruitment@secretariat.example")
    client.wait_until_open(vacancy["id"])
    cv = SHARED_DATA / "cvs" / "dev-004-boma-wanjala.pdf"
    response = client.apply(vacancy["id"], NAME, EMAIL, cv)
    assert response.status_code == 201, response.text
    application_id = response.json()["application_id"]
    client.screened(token, vacancy["id"], 1, timeout=180)
    client.appoint_panel(token, vacancy["id"], ["panel1", "panel2"], "panel1")
    moved = client.request(
        "PUT",
        f"/screening/api/applications/{application_id}/list",
        token,
        json={"list": "short_list"},
    )
    assert moved.status_code == 200, moved.text

    def on_the_short_list() -> bool:
        response = client.request("GET", f"/scoring/api/vacancies/{vacancy['id']}/slots", token)
        return response.ok and application_id in response.json()["candidates"]

    wait_for(on_the_short_list, what="the short list to reach scoring")
    return {"vacancy_id": vacancy["id"], "application_id": application_id}


def mail_to(site: Site, address: str, subject: str) -> Any:
    return wait_for(
        lambda: next(
            (
                m
                for m in mails_in(site.mail_dir)
                if address in str(m["To"]) and subject in str(m["Subject"])
            ),
            None,
        ),
        what=f"a mail '{subject}' to {address}",
    )


def test_the_candidate_picks_a_proposed_slot_from_their_private_link(
    site: Site, browser_page: Page, browser: Browser, shortlisted: dict[str, Any]
):
    page = browser_page
    slots_path = f"/scoring/vacancies/{shortlisted['vacancy_id']}/slots"
    sign_in(page, site, "secretariat", "secretariat-demo", slots_path)
    expect(page.get_by_role("heading", name="Interview slots", level=1)).to_be_visible()
    check_accessible(page)

    form = page.locator("form").filter(has=page.get_by_role("button", name="Propose slots"))
    form.get_by_label("Date of the first slot").fill("2030-05-14")
    form.get_by_label("Start time").fill("08:00")
    form.get_by_label(re.compile(r"^Time zone")).select_option("Europe/Zurich")
    form.get_by_label("Duration (minutes)").fill("120")
    form.get_by_label("Number of slots").fill("5")
    form.get_by_label("Room or video link").fill("Room 3, Palais des Nations")
    form.get_by_role("button", name="Propose slots").click()

    expect(page.get_by_role("status").filter(has_text="5 slots proposed.")).to_be_visible()
    rows = page.locator("table.timetable tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.first).to_contain_text("2030-05-14 08:00 Europe/Zurich")
    expect(rows.last).to_contain_text("2030-05-14 16:00 Europe/Zurich")
    check_accessible(page)

    # the candidate's mail carries their private link; they open it signed out
    invitation = mail_to(site, EMAIL, "please choose a time")
    link = next(w for w in body_text(invitation).split() if "/scoring/interview/" in w)
    path = link[link.index("/scoring/interview/") :]
    candidate = browser.new_context(locale="en-GB", bypass_csp=True).new_page()
    try:
        candidate.goto(site.url(path))
        expect(candidate.get_by_role("heading", name="Your interview", level=1)).to_be_visible()
        expect(candidate.locator("main")).to_contain_text(NAME)
        candidate.get_by_label("Show times in").select_option("America/New_York")
        candidate.get_by_role("button", name="Show times").click()
        # 10:00 in Geneva on 14 May 2030 is 04:00 in New York
        choice = candidate.get_by_label(
            re.compile(r"14 May 2030, 04:00 to 06:00 \(America/New_York\)")
        )
        expect(choice).to_be_visible()
        check_accessible(candidate)
        choice.check()
        candidate.get_by_role("button", name="Book this time").click()

        expect(candidate.get_by_role("status")).to_contain_text("Your interview is booked")
        expect(candidate.get_by_role("heading", name="Your interview is booked")).to_be_visible()
        expect(candidate.locator("p.booked")).to_have_text(
            "Tuesday 14 May 2030, 04:00 to 06:00 (America/New_York)"
        )
        check_accessible(candidate)

        missing = candidate.goto(site.url(path[:-4] + "zzzz"))
        assert missing is not None and missing.status == 404
        check_accessible(candidate)

        # the status page of the application (intake's) follows: the time, in Geneva's zone
        acknowledgement = mail_to(site, EMAIL, "We have received your application")
        words = body_text(acknowledgement).split()
        status = next(w for w in words if "/intake/status/" in w).rstrip(".,)")
        candidate.goto(site.url(status[status.index("/intake/status/") :]))
        headline = candidate.locator("main").get_by_text(re.compile(r"^Interview on "))
        expect(headline).to_contain_text("2030")
        expect(headline).to_contain_text("10:00")
        expect(headline).to_contain_text("Europe/Zurich")
        expect(headline).to_contain_text("Room 3, Palais des Nations")
        check_accessible(candidate)
    finally:
        candidate.context.close()

    # the secretariat's timetable shows the booking; the invitation reaches the panel too
    page.reload()
    booked = page.locator("table.timetable tbody tr").filter(has_text="2030-05-14 10:00")
    expect(booked).to_contain_text(NAME)
    for address in (EMAIL, "panel1@", "panel2@"):
        mail = mail_to(site, address, "Interview invitation")
        [attachment] = [
            p for p in mail.iter_attachments() if p.get_content_type() == "text/calendar"
        ]
        assert "DTSTART;TZID=Europe/Zurich:20300514T100000" in attachment.get_content()
