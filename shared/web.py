"""What every service's Flask app has in common, built by `create_base_app()`.

Each service's `create_app()` calls it, then registers its own blueprints on the
returned flask-smorest `Api`. The base app serves the service's OpenAPI document under
`/<service>/api/openapi.json`, gives every request a correlation id (taken from the
`X-Correlation-ID` header or made up) that is bound for the logs and echoed back, sets
security headers, and keeps the token signer in `app.extensions`.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, Response, current_app, g, jsonify, request
from flask_smorest import Api
from marshmallow import Schema, fields

from shared.auth.tokens import TokenSigner
from shared.config import Settings
from shared.logging import correlation_scope, get_logger

log = get_logger(__name__)

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'",
}


def runtime() -> Any:
    """The runtime of the service whose app is handling the request."""
    return current_app.extensions["shortlist.runtime"]


def create_base_app(
    service: str, settings: Settings, title: str, service_runtime: object = None
) -> tuple[Flask, Api]:
    app = Flask(f"shortlist.{service}")
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_upload_bytes + 1024 * 1024,
        API_TITLE=title,
        API_VERSION="1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=f"/{service}/api",
        OPENAPI_JSON_PATH="openapi.json",
        API_SPEC_OPTIONS={
            "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
            "security": [{"bearerAuth": []}],
        },
    )
    app.extensions["shortlist.settings"] = settings
    app.extensions["shortlist.signer"] = TokenSigner(settings.secret_key)
    app.extensions["shortlist.runtime"] = service_runtime
    api = Api(app)

    @app.errorhandler(413)
    def _upload_too_large(_error: Exception) -> tuple[Response, int]:
        limit = settings.max_upload_bytes / 1_000_000
        message = f"The file is larger than the {limit:g} MB limit. Please upload a smaller one."
        body = {"code": 413, "status": "Request Entity Too Large", "message": message}
        return jsonify({**body, "errors": {"reason": "too_large"}}), 413

    @app.before_request
    def _bind_correlation() -> None:
        scope = correlation_scope(request.headers.get("X-Correlation-ID"), path=request.path)
        g.correlation_id = scope.__enter__()
        g.correlation_scope = scope

    @app.after_request
    def _finish(response: Response) -> Response:
        response.headers["X-Correlation-ID"] = g.get("correlation_id", "")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        log.info("request", method=request.method, status=response.status_code)
        return response

    @app.teardown_request
    def _unbind(_error: BaseException | None) -> None:
        scope = g.pop("correlation_scope", None)
        if scope is not None:
            scope.__exit__(None, None, None)

    return app, api


class VacancyJobSchema(Schema):
    """A batch job over a vacancy's applications and its progress (see shared.progress)."""

    id = fields.String()
    vacancy_id = fields.String()
    total = fields.Integer()
    done = fields.Integer()
    percent = fields.Integer()
    finished = fields.Boolean()
    requested_by = fields.String()
    requested_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
