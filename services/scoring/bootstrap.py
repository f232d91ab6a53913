"""Wiring of the scoring service: its runtime, app and event handlers."""

from __future__ import annotations

from pathlib import Path

from services.scoring.adapters.tables import AUDIT, MESSAGING
from services.scoring.entrypoints import handlers
from services.scoring.entrypoints.app import create_app
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork
from shared.config import Settings
from shared.service import DatabaseRuntime, ServiceDefinition

ScoringRuntime = DatabaseRuntime[ScoringUnitOfWork]


def bootstrap(settings: Settings) -> ScoringRuntime:
    return DatabaseRuntime.for_database("scoring", settings, ScoringUnitOfWork)


SERVICE = ServiceDefinition(
    name="scoring",
    migrations=Path(__file__).parent / "migrations",
    messaging=MESSAGING,
    audit=AUDIT,
    bootstrap=bootstrap,
    create_app=create_app,
    handlers=handlers.for_runtime,
)
