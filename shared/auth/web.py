"""Signing in, a small app of its own in front of the accounts.

`create_app()` serves the API (`POST /auth/api/login`: username and password in, access
token out, also set as an HTTP-only cookie; `GET /auth/api/me`) and the pages: the sign-in
form at `/auth/login`, which sets the same cookie and returns to the page that asked, and
`POST /auth/logout`.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, current_app, jsonify, make_response, redirect, render_template, request
from flask.views import MethodView
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint, abort
from flask_wtf import FlaskForm
from marshmallow import Schema, fields
from werkzeug.wrappers import Response
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired

from shared.auth import accounts
from shared.auth.guard import COOKIE, current_principal, requires, signer
from shared.config import Settings
from shared.db import create_engine_for
from shared.web import create_base_app
from shared.webui import install_pages, page_blueprint, safe_next

blp = Blueprint("auth", __name__, url_prefix="/auth/api", description="Sign in")


class LoginSchema(Schema):
    username = fields.String(required=True)
    password = fields.String(required=True, load_only=True)


class TokenSchema(Schema):
    token = fields.String()
    username = fields.String()
    roles = fields.List(fields.String())


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.doc(security=[])
    def post(self, credentials: dict) -> object:
        account = _authenticate(credentials["username"], credentials["password"])
        if account is None:
            abort(401, message="Wrong username or password.")
        token = signer().access_token(account.principal())
        body = {"token": token, "username": account.username, "roles": sorted(account.roles)}
        response = make_response(jsonify(body))
        _set_token_cookie(response, token)
        return response


@blp.route("/me")
class Me(MethodView):
    @requires()
    def get(self) -> object:
        principal = current_principal()
        assert principal is not None
        return {"username": principal.username, "roles": sorted(principal.roles)}


def _authenticate(username: str, password: str) -> accounts.Account | None:
    engine = current_app.extensions["shortlist.accounts_engine"]
    return accounts.authenticate(engine, username, password)


def _set_token_cookie(response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, httponly=True, samesite="Lax", path="/")


pages = page_blueprint("auth_pages", __name__, "/auth")


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    next = HiddenField()


class LogoutForm(FlaskForm):
    pass


@pages.route("/login", methods=["GET", "POST"])
def login_page() -> object:
    form = LoginForm(next=request.args.get("next", ""))
    failed = False
    if form.validate_on_submit():
        account = _authenticate(form.username.data or "", form.password.data or "")
        if account is not None:
            response = redirect(safe_next(form.next.data), code=303)
            _set_token_cookie(response, signer().access_token(account.principal()))
            return response
        failed = True
    status = 401 if failed else 200
    return render_template("login.html", form=form, failed=failed), status


@pages.route("/logout", methods=["POST"])
def logout_page() -> object:
    if not LogoutForm().validate_on_submit():
        abort(400)
    response = redirect("/intake/careers", code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


def create_app(settings: Settings) -> Flask:
    app, api = create_base_app("auth", settings, "shortlist sign-in")
    app.extensions["shortlist.accounts_engine"] = create_engine_for(
        settings.database_url("accounts")
    )
    api.register_blueprint(blp)
    install_pages(app, service="auth", templates=Path(__file__).parent / "templates")
    app.register_blueprint(pages)
    return app
