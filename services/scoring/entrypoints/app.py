"""Scoring's Flask app factory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from services.scoring.entrypoints.api import blp
from shared.web import create_base_app

if TYPE_CHECKING:
    from services.scoring.bootstrap import ScoringRuntime


def create_app(runtime: ScoringRuntime) -> Flask:
    app, api = create_base_app("scoring", runtime.settings, "shortlist scoring", runtime)
    api.register_blueprint(blp)
    return app
