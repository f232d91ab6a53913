"""Scoring's Flask app factory: its API and its pages for the panel and the secretariat."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask

from services.scoring.entrypoints import (  # noqa: F401
    api_debrief,
    api_panel,
    api_slots,
    pages_debrief,
    pages_decision,
    pages_panel,
    pages_round,
    pages_slots,
)
from services.scoring.entrypoints.api import blp
from services.scoring.entrypoints.pages import pages
from shared.web import create_base_app
from shared.webui import install_pages

if TYPE_CHECKING:
    from services.scoring.bootstrap import ScoringRuntime


def create_app(runtime: ScoringRuntime) -> Flask:
    app, api = create_base_app("scoring", runtime.settings, "shortlist scoring", runtime)
    api.register_blueprint(blp)
    api.register_blueprint(api_slots.blp)
    api.register_blueprint(api_debrief.blp)
    install_pages(app, service="scoring", templates=Path(__file__).parents[1] / "templates")
    app.register_blueprint(pages)
    return app
