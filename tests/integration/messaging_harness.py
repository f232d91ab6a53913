"""A tiny service for exercising the messaging plumbing against real backends.

It has the outbox, inbox and audit tables every service has, plus a `notes` table its
handler writes to, so tests can count what a handler really did. `Backend` gives the
database and broker URLs of one of the two ways to run: RabbitMQ with PostgreSQL, or the
embedded SQLite broker with SQLite.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shared import audit
from shared.db import create_engine_for, session_factory
from shared.messaging.consumer import EventConsumer, Handler
from shared.messaging.contracts import Envelope
from shared.messaging.outbox import define_messaging_tables
from shared.messaging.relay import OutboxRelay
from shared.messaging.topology import Topology
from shared.unit_of_work import SqlAlchemyUnitOfWork

metadata = sa.MetaData()
MESSAGING = define_messaging_tables(metadata)
AUDIT = audit.define_audit_tables(metadata)
notes = sa.Table(
    "notes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("message_id", sa.String(36), nullable=False),
    sa.Column("text", sa.String(200), nullable=False),
)

# the harness consumes as "scoring", whose queue is bound to vacancy.published
CONSUMER = "scoring"


@dataclass(frozen=True)
class Backend:
    name: str
    database_url: str
    broker_url: str
    topology: Topology


def create_schema(url: str) -> Engine:
    engine = create_engine_for(url)
    metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(AUDIT.head.insert().values(audit.GENESIS_HEAD))
    return engine


class HarnessUnitOfWork(SqlAlchemyUnitOfWork):
    def __init__(self, engine: Engine, producer: str = "screening") -> None:
        super().__init__(session_factory(engine), producer, MESSAGING, AUDIT)

    def add_note(self, message_id: str, text: str) -> None:
        self.session.execute(notes.insert().values(message_id=message_id, text=text))


def note_taking_handler(calls: list[str]) -> Handler:
    def handle(uow: HarnessUnitOfWork, event: Envelope) -> None:  # type: ignore[override]
        calls.append(event.id)
        with uow:
            uow.add_note(event.id, event.payload["title"])
            uow.record("test", "note.added", "note", event.id)
            uow.commit()

    return handle


def notes_written(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return [row.message_id for row in connection.execute(sa.select(notes.c.message_id))]


def vacancy_payload(title: str = "Director") -> dict:
    return {
        "vacancy_id": str(uuid.uuid4()),
        "reference": "REF-1",
        "title": title,
        "contact_email": "secretariat@example.org",
        "criteria_version": 1,
    }


def relay_for(backend: Backend, engine: Engine, batch_size: int = 100) -> OutboxRelay:
    return OutboxRelay(
        "screening", engine, MESSAGING, backend.broker_url, backend.topology, batch_size
    )


@contextmanager
def running_consumer(
    backend: Backend,
    engine: Engine,
    handler: Handler,
    max_attempts: int = 3,
) -> Iterator[EventConsumer]:
    consumer = EventConsumer(
        CONSUMER,
        backend.broker_url,
        backend.topology,
        {"vacancy.published": handler},
        lambda: HarnessUnitOfWork(engine, producer=CONSUMER),
        max_attempts=max_attempts,
        backoff_seconds=0.01,
    )
    thread = threading.Thread(target=consumer.run, daemon=True)
    thread.start()
    try:
        yield consumer
    finally:
        consumer.should_stop = True
        thread.join(15)


def eventually(check: Callable[[], bool], timeout: float = 20) -> bool:
    """Poll until `check` holds (a guard against hanging, never an assertion on time)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return check()
