"""Wiring of the screening service: its runtime, app and event handlers."""

from __future__ import annotations

from pathlib import Path

from services.screening.adapters.tables import AUDIT, MESSAGING
from services.screening.entrypoints import handlers
from services.screening.entrypoints.app import create_app
from services.screening.service_layer.unit_of_work import ScreeningUnitOfWork
from shared.config import Settings
from shared.service import DatabaseRuntime, ServiceDefinition

ScreeningRuntime = DatabaseRuntime[ScreeningUnitOfWork]


def bootstrap(settings: Settings) -> ScreeningRuntime:
    return DatabaseRuntime.for_database("screening", settings, ScreeningUnitOfWork)


SERVICE = ServiceDefinition(
    name="screening",
    migrations=Path(__file__).parent / "migrations",
    messaging=MESSAGING,
    audit=AUDIT,
    bootstrap=bootstrap,
    create_app=create_app,
    handlers=handlers.for_runtime,
)
