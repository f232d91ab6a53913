"""Notify's Flask app factory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import Flask

from services.notify.entrypoints.api import blp
from shared.web import create_base_app

if TYPE_CHECKING:
    from services.notify.bootstrap import NotifyRuntime


def create_app(runtime: NotifyRuntime) -> Flask:
    app, api = create_base_app("notify", runtime.settings, "shortlist notify", runtime)
    api.register_blueprint(blp)
    return app
