"""Screening's Flask app factory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from services.screening.entrypoints.api import blp
from shared.web import create_base_app

if TYPE_CHECKING:
    from services.screening.bootstrap import ScreeningRuntime


def create_app(runtime: ScreeningRuntime) -> Flask:
    app, api = create_base_app("screening", runtime.settings, "shortlist screening", runtime)
    api.register_blueprint(blp)
    return app
