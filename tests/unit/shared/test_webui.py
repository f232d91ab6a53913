"""The pages' common ground: who may open a page, where signing in returns to, languages."""

from __future__ import annotations

import pytest
from flask import Flask, render_template_string

from shared.auth.guard import COOKIE
from shared.auth.tokens import Principal, TokenSigner
from shared.webui import install_pages, page_blueprint, page_requires, safe_next

SECRET = "test-secret"


@pytest.fixture
def client():
    app = Flask("pages-test")
    app.config.update(SECRET_KEY=SECRET)
    app.extensions["shortlist.signer"] = TokenSigner(SECRET)
    install_pages(app, service="test")
    pages = page_blueprint("test_pages", __name__, "/test")

    @pages.get("/desk")
    @page_requires("secretariat")
    def desk() -> str:
        return render_template_string("{{ _('Vacancies') }}")

    app.register_blueprint(pages)
    return app.test_client()


def token(*roles: str) -> str:
    return TokenSigner(SECRET).access_token(Principal("someone", frozenset(roles)))


def test_an_anonymous_visitor_is_sent_to_sign_in_with_the_way_back(client):
    response = client.get("/test/desk?page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/auth/login?next=/test/desk%3Fpage%3D2"


def test_someone_without_the_role_gets_a_page_that_says_so(client):
    client.set_cookie(COOKIE, token("panel"))
    response = client.get("/test/desk")
    assert response.status_code == 403
    assert "You do not have access to this page" in response.get_data(as_text=True)


def test_the_role_opens_the_page_in_the_language_asked_for(client):
    client.set_cookie(COOKIE, token("secretariat"))
    assert client.get("/test/desk").get_data(as_text=True) == "Vacancies"
    french = client.get("/test/desk?lang=fr")
    assert french.get_data(as_text=True) == "Postes à pourvoir"
    assert "shortlist_lang=fr" in french.headers["Set-Cookie"]
    # the choice is remembered
    assert client.get("/test/desk").get_data(as_text=True) == "Postes à pourvoir"


def test_the_browser_language_is_the_default(client):
    client.set_cookie(COOKIE, token("secretariat"))
    response = client.get("/test/desk", headers={"Accept-Language": "fr-CH, en;q=0.5"})
    assert response.get_data(as_text=True) == "Postes à pourvoir"


@pytest.mark.parametrize(
    ("target", "where"),
    [
        ("/screening/vacancies", "/screening/vacancies"),
        ("https://elsewhere.example/", "/"),
        ("//elsewhere.example/", "/"),
        (None, "/"),
    ],
)
def test_signing_in_only_ever_returns_to_this_site(target, where):
    assert safe_next(target) == where
