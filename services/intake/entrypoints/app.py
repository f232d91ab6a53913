"""Intake's Flask app factory: its JSON API and the candidate's pages."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask

from services.intake.entrypoints.api import blp
from services.intake.entrypoints.pages import pages
from shared.web import create_base_app
from shared.webui import install_pages

if TYPE_CHECKING:
    from services.intake.bootstrap import IntakeRuntime


def create_app(runtime: IntakeRuntime) -> Flask:
    app, api = create_base_app("intake", runtime.settings, "shortlist intake", runtime)
    api.register_blueprint(blp)
    install_pages(app, service="intake", templates=Path(__file__).parents[1] / "templates")
    app.register_blueprint(pages)
    return app
