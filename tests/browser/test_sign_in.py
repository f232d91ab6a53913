"""Signing in and being refused, in the browser: the secretariat reaches its pages, a
panel member and an anonymous visitor do not."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.conftest import Site, check_accessible, screenshot, sign_in


def test_an_anonymous_visitor_is_sent_to_sign_in_and_comes_back(site: Site, browser_page: Page):
    page = browser_page
    page.goto(site.url("/screening/vacancies"))
    expect(page).to_have_url(site.url("/auth/login?next=/screening/vacancies"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    check_accessible(page)
    screenshot(page, "sign-in")

    page.get_by_label("Username").fill("secretariat")
    page.get_by_label("Password").fill("secretariat-demo")
    page.get_by_role("button", name="Sign in").click()

    expect(page).to_have_url(site.url("/screening/vacancies"))
    expect(page.get_by_role("heading", name="Vacancies")).to_be_visible()
    check_accessible(page)


def test_a_wrong_password_is_told_and_nothing_opens(site: Site, browser_page: Page):
    page = browser_page
    sign_in(page, site, "secretariat", "not-the-password", "/screening/vacancies")
    expect(page.get_by_role("alert")).to_have_text("Wrong username or password.")
    page.goto(site.url("/screening/vacancies"))
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()


def test_a_panel_member_cannot_open_the_secretariats_pages(site: Site, browser_page: Page):
    page = browser_page
    sign_in(page, site, "panel1", "panel-demo", "/screening/vacancies")
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    check_accessible(page)


def test_the_pages_speak_french_when_asked(site: Site, browser_page: Page):
    page = browser_page
    page.goto(site.url("/auth/login?lang=fr"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", name="Se connecter")).to_be_visible()
