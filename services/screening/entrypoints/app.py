"""Screening's Flask app factory: its API and its pages for the secretariat."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask

from services.screening.entrypoints.api import blp
from services.screening.entrypoints.pages import pages
from services.screening.entrypoints.pages_applicants import applicants
from services.screening.entrypoints.pages_panel import panel_pages
from services.screening.entrypoints.pages_vacancies import vacancy_pages
from shared.web import create_base_app
from shared.webui import install_pages

if TYPE_CHECKING:
    from services.screening.bootstrap import ScreeningRuntime


def create_app(runtime: ScreeningRuntime) -> Flask:
    app, api = create_base_app("screening", runtime.settings, "shortlist screening", runtime)
    api.register_blueprint(blp)
    install_pages(app, service="screening", templates=Path(__file__).parents[1] / "templates")
    app.register_blueprint(pages)
    app.register_blueprint(applicants)
    app.register_blueprint(panel_pages)
    app.register_blueprint(vacancy_pages)
    return app
