"""Intake's Flask app factory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from services.intake.entrypoints.api import blp
from services.intake.entrypoints.pages import pages
from shared.web import create_base_app

if TYPE_CHECKING:
    from services.intake.bootstrap import IntakeRuntime


def create_app(runtime: IntakeRuntime) -> Flask:
    app, api = create_base_app("intake", runtime.settings, "shortlist intake", runtime)
    api.register_blueprint(blp)
    app.register_blueprint(pages)
    return app
