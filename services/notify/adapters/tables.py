"""Notify's database tables: the vacancies' contacts, the deliveries, outbox, inbox, audit."""

from __future__ import annotations

import sqlalchemy as sa

from shared.audit import define_audit_tables
from shared.messaging.outbox import define_messaging_tables

metadata = sa.MetaData()
MESSAGING = define_messaging_tables(metadata)
AUDIT = define_audit_tables(metadata)

vacancy_contacts = sa.Table(
    "vacancy_contacts",
    metadata,
    sa.Column("vacancy_id", sa.String(36), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("contact_email", sa.String(320), nullable=False),
)

deliveries = sa.Table(
    "deliveries",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("idempotency_key", sa.String(200), nullable=False, unique=True),
    sa.Column("template", sa.String(50), nullable=False),
    sa.Column("recipient", sa.String(320), nullable=False),
    sa.Column("subject", sa.String(500), nullable=False),
    sa.Column("message_id", sa.String(200), nullable=False),
    sa.Column("raw", sa.LargeBinary, nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("last_error", sa.Text, nullable=True),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("context", sa.JSON(none_as_null=True), nullable=True),
    sa.Index("ix_deliveries_due", "status", "next_attempt_at"),
)

# whom to write to about an application, learnt from intake's events (migration 0003)
candidate_contacts = sa.Table(
    "candidate_contacts",
    metadata,
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("vacancy_id", sa.String(36), nullable=False),
    sa.Column("candidate_name", sa.String(300), nullable=False),
    sa.Column("candidate_email", sa.String(320), nullable=False),
)
