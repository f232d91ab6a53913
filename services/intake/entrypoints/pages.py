"""Intake's pages for candidates (server-rendered); for now, the private status page."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from services.intake.service_layer import services
from shared.auth.guard import signer
from shared.auth.tokens import InvalidToken
from shared.web import runtime

pages = Blueprint("intake_pages", __name__, url_prefix="/intake", template_folder="templates")


@pages.get("/status/<token>")
def status(token: str) -> str:
    try:
        application = services.application_for_candidate(
            runtime().uow(), signer().application_of(token)
        )
    except (InvalidToken, services.UnknownApplication):
        abort(404)
    return render_template("intake/status.html", application=application)
