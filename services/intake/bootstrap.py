"""Wiring of the intake service: its runtime, its app, its event handlers.

`bootstrap(settings)` builds everything intake's processes need from the settings
alone (engine, unit-of-work factory, file store, CV reader, link signer); `SERVICE`
tells the composition root how to run intake.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from services.intake.adapters.cv_reader import DocumentCvReader
from services.intake.adapters.tables import AUDIT, MESSAGING
from services.intake.entrypoints import handlers
from services.intake.entrypoints.app import create_app
from services.intake.service_layer.unit_of_work import IntakeUnitOfWork
from shared.auth.tokens import TokenSigner
from shared.config import Settings
from shared.db import create_engine_for
from shared.service import DatabaseRuntime, ServiceDefinition
from shared.storage import FileStore


@dataclass
class IntakeRuntime(DatabaseRuntime[IntakeUnitOfWork]):
    store: FileStore
    reader: DocumentCvReader
    signer: TokenSigner

    def status_url(self, application_id: str) -> str:
        token = self.signer.candidate_link_token(application_id)
        return f"{self.settings.public_url}/intake/status/{token}"


def bootstrap(settings: Settings) -> IntakeRuntime:
    return IntakeRuntime(
        settings=settings,
        engine=create_engine_for(settings.database_url("intake")),
        unit_of_work=IntakeUnitOfWork,
        store=FileStore(settings.uploads_dir),
        reader=DocumentCvReader(max_bytes=settings.max_upload_bytes),
        signer=TokenSigner(settings.secret_key),
    )


SERVICE = ServiceDefinition(
    name="intake",
    migrations=Path(__file__).parent / "migrations",
    messaging=MESSAGING,
    audit=AUDIT,
    bootstrap=bootstrap,
    create_app=create_app,
    handlers=handlers.for_runtime,
)
