"""What is left of an erased candidate outside the services' own tables, in embedded mode:
notify's delivery log and the SMTP sink's folder of mails (a real aiosmtpd server), and the
messages the SQLite broker still holds, dead letters included. After `candidate.erased`
none of them holds the candidate's name or address; another candidate's data is as it
was, and a message held for delivery is still delivered (without the data)."""

from __future__ import annotations

import base64
import contextlib
import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from kombu import Queue

from services.notify.adapters.tables import metadata as notify_metadata
from services.notify.bootstrap import SERVICE, NotifyRuntime, bootstrap
from services.notify.entrypoints import handlers
from services.notify.service_layer import services
from shared.config import Settings
from shared.db import upgrade
from shared.mail import MailServer
from shared.messaging.broker import ConfirmedPublisher, OutgoingMessage, connect
from shared.messaging.consumer import EventConsumer
from shared.messaging.contracts import Envelope
from shared.messaging.events import APPLICATION_RECEIVED, CANDIDATE_ERASED, ERASED_NAME
from shared.messaging.topology import Topology
from tests.integration.messaging_harness import HarnessUnitOfWork, create_schema

pytestmark = pytest.mark.integration

ANA = ("app-ana", "Ana Quintero", "ana.quintero@example.org")
BEN = ("app-ben", "Ben Otero", "ben.otero@example.org")


def received(candidate: tuple[str, str, str]) -> dict[str, Any]:
    application_id, name, email = candidate
    return {
        "application_id": application_id,
        "vacancy_id": "vac-1",
        "vacancy_title": "Director",
        "candidate_name": name,
        "candidate_email": email,
        "status_url": f"http://127.0.0.1:8000/intake/status/{application_id}-secret",
        "received_at": datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
    }


def result(candidate: tuple[str, str, str], rank: int, mean: float) -> dict[str, Any]:
    application_id, name, _ = candidate
    figures = {"weighted_mean": mean, "median": mean, "min": mean, "max": mean, "stdev": 0.0}
    return (
        {"application_id": application_id, "candidate_name": name, "rank": rank}
        | figures
        | {"sheet_count": 2}
    )


def envelope(contract: Any, payload: dict[str, Any]) -> Envelope:
    return contract.envelope(payload, producer="test", correlation_id="corr-erasure")


# --- notify's log and the mail folder --------------------------------------------------------


@pytest.fixture
def notify(tmp_path: Path) -> Iterator[NotifyRuntime]:
    with MailServer(tmp_path / "var" / "mail") as server:
        settings = Settings.from_env(
            {
                "SHORTLIST_DATA_DIR": str(tmp_path / "var"),
                "SHORTLIST_SMTP_PORT": str(server.port),
                "SHORTLIST_SECRET_KEY": "test-secret",
            }
        )
        upgrade(settings.database_url("notify"), SERVICE.migrations)
        runtime = bootstrap(settings)
        yield runtime
        runtime.engine.dispose()


def mails_in_folder(runtime: NotifyRuntime) -> dict[str, str]:
    """Each filed mail's file name and decoded text (headers, plain and HTML bodies)."""
    mails = {}
    for path in sorted(runtime.settings.mail_dir.glob("*.eml")):
        message = message_from_bytes(path.read_bytes(), policy=policy.default)
        parts = [str(message)] + [
            part.get_content() for part in message.walk() if part.get_content_maintype() == "text"
        ]
        mails[path.name] = "\n".join(parts)
    return mails


def notify_tables_text(runtime: NotifyRuntime) -> str:
    with runtime.engine.connect() as connection:
        return "\n".join(
            repr(connection.execute(sa.select(table)).all())
            for table in notify_metadata.sorted_tables
        )


def test_notify_and_the_mail_folder_keep_nothing_of_the_erased_candidate(notify):
    uow = notify.uow
    sender = notify.settings.mail_from
    services.record_vacancy_contact(
        uow(), {"vacancy_id": "vac-1", "title": "Director", "contact_email": "sec@example.org"}
    )
    for candidate in (ANA, BEN):
        services.acknowledge_application(uow(), received(candidate), candidate[0], sender)
    panel = {
        "vacancy_id": "vac-1",
        "vacancy_title": "Director",
        "results": [result(ANA, 1, 4.5), result(BEN, 2, 3.25)],
    }
    services.report_panel_completed(uow(), panel, "evt-panel", sender)
    while services.send_next_due(uow(), notify.send):
        pass
    before = mails_in_folder(notify)
    assert len(before) == 3 and sum(ANA[1] in text for text in before.values()) == 2

    erase = handlers.for_runtime(notify)["candidate.erased"]
    with notify.uow() as handling:
        erase(
            handling, envelope(CANDIDATE_ERASED, {"application_id": ANA[0], "vacancy_id": "vac-1"})
        )
        handling.commit()

    after = mails_in_folder(notify)
    assert len(after) == 2
    assert not [name for name, text in after.items() if ANA[1] in text or ANA[2] in text]
    [panel_mail] = [text for text in after.values() if "All interview scores are in" in text]
    assert ERASED_NAME in panel_mail and BEN[1] in panel_mail and "3.25" in panel_mail
    [ben_mail] = [text for text in after.values() if BEN[2] in text]
    assert ben_mail == next(text for text in before.values() if BEN[2] in text)
    kept = notify_tables_text(notify)
    assert ANA[1] not in kept and ANA[2] not in kept and "Quintero" not in kept
    assert BEN[1] in kept


# --- the SQLite broker ----------------------------------------------------------------------


def held_messages(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """Every message in the broker file: its queue and its decoded body."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT queue, payload FROM messages ORDER BY id").fetchall()
    held = []
    for queue, payload in rows:
        body = json.loads(payload)["body"]
        held.append((queue, json.loads(base64.b64decode(body))))
    return held


def test_the_broker_forgets_the_candidate_in_every_message_it_holds(tmp_path):
    path = tmp_path / "broker.db"
    broker_url = f"sqlite-durable://{path}"
    topology = Topology(namespace="erasure")
    with connect(broker_url) as connection:
        topology.declare(connection)
        Queue("erasure.watcher", topology.events, routing_key="application.#", durable=True)(
            connection.default_channel
        ).declare()
        publisher = ConfirmedPublisher(connection)
        messages = [
            OutgoingMessage(topology.events, APPLICATION_RECEIVED.name, e.to_message(), e.id)
            for e in (envelope(APPLICATION_RECEIVED, received(c)) for c in (ANA, BEN))
        ]
        dead = envelope(APPLICATION_RECEIVED, received(ANA))
        messages.append(
            OutgoingMessage(topology.dead_letters, "screening", dead.to_message(), dead.id)
        )
        publisher.publish(messages)
        publisher.reset()
    assert ANA[1] in repr(held_messages(path))

    engine = create_schema(f"sqlite:///{tmp_path / 'service.db'}")
    consumer = EventConsumer(
        "scoring",
        broker_url,
        topology,
        {"candidate.erased": lambda uow, event: None},
        lambda: HarnessUnitOfWork(engine, producer="scoring"),
    )
    erased = envelope(CANDIDATE_ERASED, {"application_id": ANA[0], "vacancy_id": "vac-1"})
    assert consumer.handle(erased) is True
    consumer.connection.release()
    engine.dispose()

    held = held_messages(path)
    text = repr(held)
    assert ANA[1] not in text and ANA[2] not in text and f"{ANA[0]}-secret" not in text
    assert BEN[1] in text and BEN[2] in text
    ana_bodies = [body for _, body in held if body["payload"]["application_id"] == ANA[0]]
    assert ana_bodies and all(b["payload"]["candidate_name"] == ERASED_NAME for b in ana_bodies)
    assert "erasure.screening.dead" in {queue for queue, body in held if body in ana_bodies}
