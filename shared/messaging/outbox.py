"""The outbox and inbox tables that every service keeps in its own database.

`outbox`: events a service emits, written in the same transaction as the state change
that caused them, and published later by the relay (`shared.messaging.relay`); a row is
marked sent only once the broker holds the message durably. `inbox`: one row per
(consumer, message id) handled, written in the same transaction as the handler's
changes; its primary key is what makes a redelivered message a no-op.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Session

from shared.messaging.contracts import Envelope
from shared.messaging.events import erased_payload


@dataclass(frozen=True)
class MessagingTables:
    outbox: sa.Table
    inbox: sa.Table


def define_messaging_tables(metadata: sa.MetaData) -> MessagingTables:
    outbox = sa.Table(
        "outbox",
        metadata,
        sa.Column("position", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("message_id", sa.String(36), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("correlation_id", sa.String(64), nullable=False),
        sa.Column("body", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Index("ix_outbox_unsent", "sent_at", "position"),
    )
    inbox = sa.Table(
        "inbox",
        metadata,
        sa.Column("consumer", sa.String(100), primary_key=True),
        sa.Column("message_id", sa.String(36), primary_key=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=False),
    )
    return MessagingTables(outbox=outbox, inbox=inbox)


def add_to_outbox(session: Session, tables: MessagingTables, envelopes: list[Envelope]) -> None:
    if not envelopes:
        return
    now = datetime.now(UTC)
    session.execute(
        tables.outbox.insert(),
        [
            {
                "message_id": envelope.id,
                "name": envelope.name,
                "correlation_id": envelope.correlation_id,
                "body": envelope.to_message(),
                "created_at": now,
            }
            for envelope in envelopes
        ],
    )


def record_handled(
    session: Session, tables: MessagingTables, consumer: str, envelope: Envelope
) -> bool:
    """Note that `consumer` handled this message; False if it already had."""
    seen = session.execute(
        sa.select(tables.inbox.c.message_id).where(
            tables.inbox.c.consumer == consumer, tables.inbox.c.message_id == envelope.id
        )
    ).first()
    if seen:
        return False
    session.execute(
        tables.inbox.insert().values(
            consumer=consumer,
            message_id=envelope.id,
            name=envelope.name,
            handled_at=datetime.now(UTC),
        )
    )
    return True


def erase_from_outbox(session: Session, tables: MessagingTables, application_id: str) -> None:
    """Replace a candidate's data in the events of `application_id` kept in the outbox (sent
    or still to send: those are then sent without it), after an erasure."""
    outbox = tables.outbox
    rows = session.execute(
        sa.select(outbox.c.position, outbox.c.body).where(
            sa.cast(outbox.c.body, sa.Text).contains(application_id)
        )
    ).all()
    for position, body in rows:
        erased = erased_payload(body, application_id)
        if erased != body:
            session.execute(
                outbox.update().where(outbox.c.position == position).values(body=erased)
            )
