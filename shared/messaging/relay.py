"""The outbox relay: publishes a service's outbox rows and marks them sent.

`OutboxRelay.relay_once()` takes the oldest unsent rows in one transaction, publishes
them as a batch through a `ConfirmedPublisher`, marks them sent and commits. Rows are
claimed with `SELECT … FOR UPDATE SKIP LOCKED` on PostgreSQL (several relays of one
service split the work and never publish the same row at once) and under SQLite's
write lock (`BEGIN IMMEDIATE`) in embedded mode. A crash between the publish and the
commit publishes the batch again later: consumers' inboxes make that harmless.
"""

from __future__ import annotations

import contextlib
import threading
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.engine import Engine

from shared.logging import get_logger
from shared.messaging.broker import ConfirmedPublisher, OutgoingMessage, connect
from shared.messaging.outbox import MessagingTables
from shared.messaging.topology import Topology

log = get_logger(__name__)


class OutboxRelay:
    def __init__(
        self,
        service: str,
        engine: Engine,
        tables: MessagingTables,
        broker_url: str,
        topology: Topology,
        batch_size: int = 100,
        idle_seconds: float = 0.05,
    ) -> None:
        self.service = service
        self.engine = engine
        self.outbox = tables.outbox
        self.broker_url = broker_url
        self.topology = topology
        self.batch_size = batch_size
        self.idle_seconds = idle_seconds
        self._stop = threading.Event()
        self._connection = None
        self._publisher: ConfirmedPublisher | None = None

    def relay_once(self) -> int:
        publisher = self._ensure_publisher()
        outbox = self.outbox
        with self.engine.begin() as db:
            rows = db.execute(
                sa.select(outbox.c.position, outbox.c.message_id, outbox.c.name, outbox.c.body)
                .where(outbox.c.sent_at.is_(None))
                .order_by(outbox.c.position)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            ).all()
            if not rows:
                return 0
            publisher.publish(
                [
                    OutgoingMessage(
                        exchange=self.topology.events,
                        routing_key=row.name,
                        body=row.body,
                        message_id=row.message_id,
                        correlation_id=row.body.get("correlation_id"),
                    )
                    for row in rows
                ]
            )
            db.execute(
                outbox.update()
                .where(outbox.c.position.in_([row.position for row in rows]))
                .values(sent_at=datetime.now(UTC))
            )
        log.info(
            "relayed",
            service=self.service,
            count=len(rows),
            correlation_ids=sorted({row.body.get("correlation_id") for row in rows}),
        )
        return len(rows)

    def run(self) -> None:
        log.info("relay started", service=self.service)
        while not self._stop.is_set():
            try:
                if self.relay_once() == 0:
                    self._stop.wait(self.idle_seconds)
            except Exception as error:
                log.warning("relay failed, will retry", service=self.service, error=repr(error))
                self._close()
                self._stop.wait(1.0)
        self._close()

    def stop(self) -> None:
        self._stop.set()

    def _ensure_publisher(self) -> ConfirmedPublisher:
        if self._publisher is None:
            self._connection = connect(self.broker_url)
            self._connection.ensure_connection(max_retries=1)
            self.topology.declare(self._connection)
            self._publisher = ConfirmedPublisher(self._connection)
        return self._publisher

    def _close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):  # already gone
                self._connection.release()
        self._connection, self._publisher = None, None
