"""The sign-in API (`/auth/api/login`), a small app of its own in front of the accounts.

`create_app()` serves `POST /auth/api/login` (username and password in, access token
out, also set as an HTTP-only cookie for the pages) and `GET /auth/api/me`.
"""

from __future__ import annotations

from flask import Flask, jsonify, make_response
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from marshmallow import Schema, fields

from shared.auth import accounts
from shared.auth.guard import COOKIE, current_principal, requires, signer
from shared.config import Settings
from shared.db import create_engine_for
from shared.web import create_base_app

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
        from flask import current_app

        engine = current_app.extensions["shortlist.accounts_engine"]
        account = accounts.authenticate(engine, credentials["username"], credentials["password"])
        if account is None:
            abort(401, message="Wrong username or password.")
        token = signer().access_token(account.principal())
        body = {"token": token, "username": account.username, "roles": sorted(account.roles)}
        response = make_response(jsonify(body))
        response.set_cookie(COOKIE, token, httponly=True, samesite="Lax")
        return response


@blp.route("/me")
class Me(MethodView):
    @requires()
    def get(self) -> object:
        principal = current_principal()
        assert principal is not None
        return {"username": principal.username, "roles": sorted(principal.roles)}


def create_app(settings: Settings) -> Flask:
    app, api = create_base_app("auth", settings, "shortlist sign-in")
    app.extensions["shortlist.accounts_engine"] = create_engine_for(
        settings.database_url("accounts")
    )
    api.register_blueprint(blp)
    return app
