"""Server-rendered pages shared by the services: layout, static files, forms, languages.

`install_pages(app, service=...)` gives a service's Flask app what every page needs: Jinja
templates looked up in the service's own `templates/` folder first and then here (the base
layout, form macros, error pages), the vendored Pico CSS and htmx under
`/<service>/static/`, English and French through Flask-Babel (the language comes from
`?lang=`, then a cookie, then the browser's preference), and the signed-in user in every
template. Every page form is a Flask-WTF form, so each carries and checks its CSRF token;
the JSON API, which authenticates with a bearer token or the SameSite cookie, is left
alone. `page_requires(role)` guards a page: an anonymous visitor is sent to the sign-in
page and comes back after, a signed-in user without the role gets a 403 page.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from flask import Blueprint, Flask, Response, g, redirect, render_template, request
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect
from jinja2 import ChoiceLoader, FileSystemLoader

from shared.auth.guard import current_principal

F = TypeVar("F", bound=Callable[..., Any])

HERE = Path(__file__).parent
LANGUAGES = {"en": "English", "fr": "Français"}
LANGUAGE_COOKIE = "shortlist_lang"
LOGIN_PATH = "/auth/login"


def install_pages(app: Flask, *, service: str, templates: Path | None = None) -> None:
    """Make `app` serve pages: templates, static files, languages, CSRF, the user."""
    loaders = [FileSystemLoader(str(templates))] if templates else []
    app.jinja_loader = ChoiceLoader([*loaders, FileSystemLoader(str(HERE / "templates"))])
    app.config.setdefault("WTF_CSRF_CHECK_DEFAULT", False)
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(HERE / "translations"))
    app.config.setdefault("SESSION_COOKIE_SAMESITE", "Lax")
    app.config.setdefault("SESSION_COOKIE_HTTPONLY", True)
    CSRFProtect(app)
    Babel(app, locale_selector=current_language)
    app.register_blueprint(
        Blueprint(
            f"{service}_static",
            __name__,
            static_folder=str(HERE / "static"),
            static_url_path=f"/{service}/static",
        )
    )
    app.jinja_env.globals.update(
        service=service, languages=LANGUAGES, current_language=current_language
    )

    @app.context_processor
    def _the_user() -> dict[str, Any]:
        return {"principal": current_principal()}

    @app.after_request
    def _remember_language(response: Response) -> Response:
        chosen = request.args.get("lang")
        if chosen in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != chosen:
            response.set_cookie(LANGUAGE_COOKIE, chosen, samesite="Lax", max_age=31_536_000)
        return response


def current_language() -> str:
    chosen = request.args.get("lang") or request.cookies.get(LANGUAGE_COOKIE)
    if chosen in LANGUAGES:
        return chosen
    for language, _quality in request.accept_languages:
        primary = language.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return "en"


def page_requires(*roles: str) -> Callable[[F], F]:
    """Guard a page: anonymous → the sign-in page, then back; without a role → 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            principal = current_principal()
            if principal is None:
                return redirect(f"{LOGIN_PATH}?next={quote(request.full_path.rstrip('?'))}")
            if roles and not principal.has_any(*roles):
                return render_template("error.html", status=403), 403
            g.page_principal = principal
            return view(*args, **kwargs)

        return guarded  # type: ignore[return-value]

    return decorate


def page_blueprint(name: str, import_name: str, url_prefix: str) -> Blueprint:
    """A blueprint for a service's pages, whose 403 and 404 are pages too."""
    blueprint = Blueprint(name, import_name, url_prefix=url_prefix)
    for status in (403, 404):
        blueprint.register_error_handler(status, _error_page(status))
    return blueprint


def _error_page(status: int) -> Callable[[Exception], Any]:
    def handle(_error: Exception) -> Any:
        return render_template("error.html", status=status), status

    return handle


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a path on this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return "/"
    return target
