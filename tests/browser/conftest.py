"""Browser tests: the embedded system started as `shortlist start` starts it, driven by
Playwright in Debian's Chromium (never a browser Playwright would download), with axe-core
checking every page a test visits.

`site` is one embedded system for the whole session, on a fresh data folder; tests make
their own vacancies so they do not depend on each other. `browser_page` is a fresh browser
context per test, so no cookie leaks between tests. `check_accessible(page)` runs axe-core
(from node_modules, installed by `make assets`) and fails on any serious or critical
violation. With SHORTLIST_SCREENSHOTS=1 (`bench/pages.py` sets it) `screenshot(page, name)`
saves the page to bench/results/screens/.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.e2e import processes

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = Path(os.environ.get("SHORTLIST_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SCREENS = REPO / "bench" / "results" / "screens"
SERIOUS = {"serious", "critical"}

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Site:
    origin: str
    mail_dir: Path
    env: dict[str, str]

    def url(self, path: str) -> str:
        return f"{self.origin}{path}"


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    folder = tmp_path_factory.mktemp("browser-site")
    with processes.embedded_system(folder) as (origin, env):
        yield Site(origin, folder / "var" / "mail", env)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make system-packages)")
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make assets`")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def browser_page(browser: Browser) -> Iterator[Page]:
    # axe-core is injected as a script the pages' CSP would rightly refuse.
    context = browser.new_context(locale="en-GB", bypass_csp=True)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def check_accessible(page: Page) -> None:
    """Fail on any serious or critical axe-core violation of the page as it is now."""
    page.add_script_tag(path=str(AXE))
    results: dict[str, Any] = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    serious = [v for v in results["violations"] if v.get("impact") in SERIOUS]
    assert not serious, "\n".join(
        f"{v['impact']}: {v['id']}: {v['help']} ({len(v['nodes'])} nodes, e.g. "
        f"{v['nodes'][0]['target']})"
        for v in serious
    )


def screenshot(page: Page, name: str) -> None:
    if os.environ.get("SHORTLIST_SCREENSHOTS"):
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"{name}.png"), full_page=True)


def sign_in(page: Page, site: Site, username: str, password: str, next_path: str = "/") -> None:
    page.goto(site.url(f"/auth/login?next={next_path}"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
