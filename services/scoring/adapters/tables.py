"""Scoring's database tables: vacancies as scoring knows them, short lists, panels, sheets."""

from __future__ import annotations

import sqlalchemy as sa

from shared.audit import define_audit_tables
from shared.messaging.outbox import define_messaging_tables

metadata = sa.MetaData()
MESSAGING = define_messaging_tables(metadata)
AUDIT = define_audit_tables(metadata)

rounds = sa.Table(
    "rounds",
    metadata,
    sa.Column("vacancy_id", sa.String(36), primary_key=True),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("competencies", sa.JSON, nullable=False),
    sa.Column("panel_members", sa.JSON, nullable=True),
    sa.Column("chair", sa.String(100), nullable=True),
    sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
)

shortlisted = sa.Table(
    "shortlisted",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("display_name", sa.String(300), nullable=False),
)

score_sheets = sa.Table(
    "score_sheets",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("member", sa.String(100), primary_key=True),
    sa.Column("scores", sa.JSON, nullable=False),
    sa.Column("notes", sa.Text, nullable=False),
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
)
