"""Wiring of the screening service: its runtime, app and event handlers.

The runtime carries, besides the database, the factory that builds a vacancy's position
tagger, so that the matcher (and any model it loads) is chosen here, at the edge, and the
use cases only see the domain's `Tagger`; the reader of ToR documents (PDF, DOCX, text),
injected the same way so that the service layer never imports an adapter; and the file
store that keeps each imported ToR's original under `tor/`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from services.screening.adapters.tables import AUDIT, MESSAGING
from services.screening.adapters.tagging import production_tagger_factory
from services.screening.adapters.tor_documents import tor_text_from_file
from services.screening.domain.matching import TaggerFactory
from services.screening.entrypoints import handlers
from services.screening.entrypoints.app import create_app
from services.screening.service_layer.unit_of_work import ScreeningUnitOfWork
from shared.config import Settings
from shared.db import create_engine_for
from shared.service import DatabaseRuntime, ServiceDefinition
from shared.storage import FileStore


@dataclass
class ScreeningRuntime(DatabaseRuntime[ScreeningUnitOfWork]):
    tagger_for: TaggerFactory
    read_tor: Callable[[bytes, str], str]
    store: FileStore


def bootstrap(settings: Settings) -> ScreeningRuntime:
    return ScreeningRuntime(
        settings=settings,
        engine=create_engine_for(settings.database_url("screening")),
        unit_of_work=ScreeningUnitOfWork,
        tagger_for=production_tagger_factory(),
        read_tor=tor_text_from_file,
        store=FileStore(settings.uploads_dir),
    )


SERVICE = ServiceDefinition(
    name="screening",
    migrations=Path(__file__).parent / "migrations",
    messaging=MESSAGING,
    audit=AUDIT,
    bootstrap=bootstrap,
    create_app=create_app,
    handlers=handlers.for_runtime,
)
