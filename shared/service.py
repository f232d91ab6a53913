"""How a service presents itself to the processes that run it.

Each service module `services/<name>/bootstrap.py` exports a `ServiceDefinition`: its
name, its migrations, its messaging tables, and three factories that take the
`Settings` — `bootstrap()` builds its runtime (engine, unit-of-work factory, adapters),
`create_app()` its Flask app, `handlers()` the event handlers of its consumer, and
`background()` any loop of its own beside the relay (notify's mail sender). The
composition root (`shortlist.runtime`) uses only this to migrate, serve, consume and
relay for any service, in one process (embedded) or one process per role (production).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, Protocol, Self, TypeVar

from flask import Flask
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from shared.audit import AuditTables
from shared.config import Settings
from shared.db import create_engine_for, session_factory
from shared.messaging.consumer import EventConsumer, Handler
from shared.messaging.outbox import MessagingTables
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import Topology
from shared.unit_of_work import UnitOfWork


class ServiceRuntime(Protocol):
    settings: Settings
    engine: Engine

    def uow(self) -> UnitOfWork: ...


U = TypeVar("U", bound=UnitOfWork)


@dataclass
class DatabaseRuntime(Generic[U]):
    """What most services' runtimes are: settings, their engine, and fresh units of work."""

    settings: Settings
    engine: Engine
    unit_of_work: Callable[[sessionmaker[Session]], U]
    _sessions: sessionmaker[Session] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._sessions = session_factory(self.engine)

    @classmethod
    def for_database(
        cls, name: str, settings: Settings, unit_of_work: Callable[[sessionmaker[Session]], U]
    ) -> Self:
        return cls(settings, create_engine_for(settings.database_url(name)), unit_of_work)

    def uow(self) -> U:
        return self.unit_of_work(self._sessions)


@dataclass(frozen=True)
class ServiceDefinition:
    name: str
    migrations: Path
    messaging: MessagingTables
    audit: AuditTables
    bootstrap: Callable[[Settings], Any]
    create_app: Callable[[Any], Flask]
    handlers: Callable[[Any], Mapping[str, Handler]]
    background: Callable[[Any], list[Any]] = lambda runtime: []

    def consumer(self, runtime: ServiceRuntime) -> EventConsumer:
        settings = runtime.settings
        return EventConsumer(
            self.name,
            settings.broker_url,
            Topology(settings.namespace),
            self.handlers(runtime),
            runtime.uow,
            max_attempts=settings.consumer_max_attempts,
            backoff_seconds=settings.consumer_backoff_seconds,
        )

    def relay(self, runtime: ServiceRuntime) -> OutboxRelay:
        settings = runtime.settings
        return OutboxRelay(
            self.name,
            runtime.engine,
            self.messaging,
            settings.broker_url,
            Topology(settings.namespace),
            batch_size=settings.relay_batch_size,
        )
