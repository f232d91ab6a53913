"""The messaging plumbing on real backends: outbox relay, inbox, retries, dead letters.

Every test runs twice: on RabbitMQ with PostgreSQL (production) and on the durable
SQLite broker with SQLite (embedded), from the same code.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from kombu import Producer

from shared import audit
from shared.messaging import dead_letters
from shared.messaging.broker import connect
from shared.messaging.events import VACANCY_PUBLISHED
from shared.messaging.topology import Topology
from tests.integration.messaging_harness import (
    AUDIT,
    CONSUMER,
    MESSAGING,
    Backend,
    HarnessUnitOfWork,
    create_schema,
    eventually,
    note_taking_handler,
    notes_written,
    relay_for,
    running_consumer,
    vacancy_payload,
)

pytestmark = pytest.mark.integration


@pytest.fixture(params=["rabbitmq+postgres", "sqlite"])
def backend(request, tmp_path: Path) -> Iterator[Backend]:
    topology = Topology(f"test{uuid.uuid4().hex[:10]}")
    if request.param == "sqlite":
        yield Backend(
            "sqlite",
            f"sqlite:///{tmp_path / 'service.db'}",
            f"sqlite-durable:///{tmp_path / 'broker.db'}",
            topology,
        )
        return
    databases = request.getfixturevalue("postgres_databases")
    amqp_url = request.getfixturevalue("amqp_url")
    yield Backend("rabbitmq+postgres", databases.create("messaging"), amqp_url, topology)
    with connect(amqp_url) as connection:
        topology.delete(connection)


@pytest.fixture
def engine(backend: Backend) -> Iterator[sa.Engine]:
    engine = create_schema(backend.database_url)
    yield engine
    engine.dispose()


def emit_vacancies(engine: sa.Engine, count: int, commit: bool = True) -> list[str]:
    ids = []
    with HarnessUnitOfWork(engine) as uow:
        for number in range(count):
            ids.append(uow.emit(VACANCY_PUBLISHED, vacancy_payload(f"Post {number}")).id)
        if commit:
            uow.commit()
    return ids


def unsent(engine: sa.Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(
            sa.select(sa.func.count()).where(MESSAGING.outbox.c.sent_at.is_(None))
        ).scalar_one()


def test_relay_publishes_committed_events_and_marks_them_sent(backend, engine) -> None:
    published = emit_vacancies(engine, 3)
    emit_vacancies(engine, 2, commit=False)  # rolled back: must never be published
    calls: list[str] = []

    relay = relay_for(backend, engine)
    assert relay.relay_once() == 3
    assert unsent(engine) == 0
    assert relay.relay_once() == 0
    with running_consumer(backend, engine, note_taking_handler(calls)):
        assert eventually(lambda: len(notes_written(engine)) == 3)
    assert sorted(notes_written(engine)) == sorted(published)


def test_several_relays_never_publish_the_same_row_twice(backend, engine) -> None:
    expected = emit_vacancies(engine, 300)
    relays = [relay_for(backend, engine, batch_size=20) for _ in range(3)]
    threads = [threading.Thread(target=relay.run, daemon=True) for relay in relays]
    for thread in threads:
        thread.start()
    assert eventually(lambda: unsent(engine) == 0)
    for relay in relays:
        relay.stop()
    for thread in threads:
        thread.join(10)

    received = drain_queue(backend, CONSUMER)
    assert sorted(received) == sorted(expected), "every event exactly once"


def test_a_redelivered_message_is_acked_and_skipped(backend, engine) -> None:
    envelope = VACANCY_PUBLISHED.envelope(
        vacancy_payload(), producer="screening", correlation_id="c-1"
    )
    publish_raw(backend, envelope.to_message(), "vacancy.published", envelope.id)
    publish_raw(backend, envelope.to_message(), "vacancy.published", envelope.id)
    calls: list[str] = []
    with running_consumer(backend, engine, note_taking_handler(calls)):
        assert eventually(lambda: queue_size(backend, CONSUMER) == 0 and len(calls) >= 1)
    assert notes_written(engine) == [envelope.id], "handled once"
    assert dead_letters.list_dead_letters(backend.broker_url, backend.topology, CONSUMER) == []


def test_a_message_off_its_schema_is_dead_lettered_at_once_with_the_reason(backend, engine) -> None:
    envelope = VACANCY_PUBLISHED.envelope(
        vacancy_payload(), producer="screening", correlation_id="c"
    )
    body = envelope.to_message()
    del body["payload"]["title"]
    publish_raw(backend, body, "vacancy.published", envelope.id)
    publish_raw(backend, "not json at all {", "vacancy.published", "garbage", raw=True)
    calls: list[str] = []
    with running_consumer(backend, engine, note_taking_handler(calls)):
        assert eventually(
            lambda: (
                len(dead_letters.list_dead_letters(backend.broker_url, backend.topology, CONSUMER))
                == 2
            )
        )
    assert calls == [], "never handed to the handler"
    letters = dead_letters.list_dead_letters(backend.broker_url, backend.topology, CONSUMER)
    reasons = " ".join(letter.reason for letter in letters)
    assert "title" in reasons
    assert all(letter.attempts == 0 for letter in letters)


def test_a_failing_handler_is_retried_then_dead_lettered_and_can_be_replayed(
    backend, engine
) -> None:
    emit_vacancies(engine, 1)
    relay_for(backend, engine).relay_once()
    attempts: list[str] = []
    healthy: list[str] = []

    def broken(uow, event) -> None:
        attempts.append(event.id)
        raise ConnectionError("the database of a partner is down")

    with running_consumer(backend, engine, broken, max_attempts=3):
        assert eventually(
            lambda: dead_letters.list_dead_letters(backend.broker_url, backend.topology, CONSUMER)
        )
    assert len(attempts) == 3
    [letter] = dead_letters.list_dead_letters(backend.broker_url, backend.topology, CONSUMER)
    assert "the database of a partner is down" in letter.reason and letter.attempts == 3
    assert notes_written(engine) == []

    replayed = dead_letters.replay(backend.broker_url, backend.topology, CONSUMER)
    assert [r.message_id for r in replayed] == [letter.message_id]
    with running_consumer(backend, engine, note_taking_handler(healthy)):
        assert eventually(lambda: len(notes_written(engine)) == 1)
    assert dead_letters.list_dead_letters(backend.broker_url, backend.topology, CONSUMER) == []


def test_a_handler_that_recovers_is_handled_once_without_a_dead_letter(backend, engine) -> None:
    emit_vacancies(engine, 1)
    relay_for(backend, engine).relay_once()
    failures: list[str] = []
    calls: list[str] = []
    take_note = note_taking_handler(calls)

    def flaky(uow, event) -> None:
        if len(failures) < 2:
            failures.append(event.id)
            raise TimeoutError("SMTP server did not answer")
        take_note(uow, event)

    with running_consumer(backend, engine, flaky, max_attempts=5):
        assert eventually(lambda: len(notes_written(engine)) == 1)
    assert len(failures) == 2 and len(calls) == 1
    assert dead_letters.list_dead_letters(backend.broker_url, backend.topology, CONSUMER) == []


def test_handling_and_the_audit_trail_commit_together(backend, engine) -> None:
    emit_vacancies(engine, 2)
    relay_for(backend, engine).relay_once()
    with running_consumer(backend, engine, note_taking_handler([])):
        assert eventually(lambda: len(notes_written(engine)) == 2)
    with engine.connect() as connection:
        report = audit.verify(connection, AUDIT)
        handled = connection.execute(sa.select(sa.func.count()).select_from(MESSAGING.inbox))
        assert handled.scalar_one() == 2
    assert report.intact and report.entries == 2


# --- helpers -------------------------------------------------------------------------


def publish_raw(
    backend: Backend, body, routing_key: str, message_id: str, raw: bool = False
) -> None:
    with connect(backend.broker_url) as connection:
        backend.topology.declare(connection)
        producer = Producer(connection.default_channel)
        producer.publish(
            body,
            exchange=backend.topology.events,
            routing_key=routing_key,
            message_id=message_id,
            serializer=None if raw else "json",
            content_type="application/json" if raw else None,
            content_encoding="utf-8" if raw else None,
            delivery_mode=2,
        )


def drain_queue(backend: Backend, service: str) -> list[str]:
    received: list[str] = []
    with connect(backend.broker_url) as connection:
        queue = backend.topology.queue(service)(connection.default_channel)
        while (message := queue.get(no_ack=False)) is not None:
            received.append(message.properties["message_id"])
            message.ack()
    return received


def queue_size(backend: Backend, service: str) -> int:
    with connect(backend.broker_url) as connection:
        queue = backend.topology.queue(service)(connection.default_channel)
        return queue.queue_declare(passive=True).message_count
