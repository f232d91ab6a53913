"""Wiring of the scoring service: its runtime, app and event handlers."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from sqlalchemy.engine import Engine

from services.scoring.adapters.directory import MemberDirectory, accounts_directory
from services.scoring.adapters.tables import AUDIT, MESSAGING
from services.scoring.entrypoints import handlers
from services.scoring.entrypoints.app import create_app
from services.scoring.service_layer.unit_of_work import ScoringUnitOfWork
from shared.config import Settings
from shared.db import create_engine_for
from shared.service import DatabaseRuntime, ServiceDefinition


class ScoringRuntime(DatabaseRuntime[ScoringUnitOfWork]):
    """Scoring's runtime also reads the accounts database (shared.auth's), for who may sit
    on a panel and for members' names and addresses; its engine is made on first use."""

    @cached_property
    def accounts_engine(self) -> Engine:
        return create_engine_for(self.settings.database_url("accounts"))

    @cached_property
    def member_directory(self) -> MemberDirectory:
        return accounts_directory(self.accounts_engine)


def bootstrap(settings: Settings) -> ScoringRuntime:
    return ScoringRuntime.for_database("scoring", settings, ScoringUnitOfWork)


SERVICE = ServiceDefinition(
    name="scoring",
    migrations=Path(__file__).parent / "migrations",
    messaging=MESSAGING,
    audit=AUDIT,
    bootstrap=bootstrap,
    create_app=create_app,
    handlers=handlers.for_runtime,
)
