"""Screening's database tables: vacancies with their criteria, screened applications."""

from __future__ import annotations

import sqlalchemy as sa

from shared.audit import define_audit_tables
from shared.messaging.outbox import define_messaging_tables

metadata = sa.MetaData()
MESSAGING = define_messaging_tables(metadata)
AUDIT = define_audit_tables(metadata)

vacancies = sa.Table(
    "vacancies",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("reference", sa.String(100), nullable=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("tor_text", sa.Text, nullable=False),
    sa.Column("criteria", sa.JSON, nullable=False),
    sa.Column("competencies", sa.JSON, nullable=False),
    sa.Column("closing_date", sa.Date, nullable=True),
    sa.Column("contact_email", sa.String(320), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("vacancy_id", sa.ForeignKey("vacancies.id"), nullable=False, index=True),
    sa.Column("candidate_name", sa.String(300), nullable=False),
    sa.Column("profile", sa.JSON, nullable=False),
    sa.Column("needs_attention", sa.Boolean, nullable=False),
    sa.Column("attention_reason", sa.Text, nullable=True),
    sa.Column("criteria_version", sa.Integer, nullable=True),
    sa.Column("proposal", sa.String(20), nullable=True),
    sa.Column("verdicts", sa.JSON, nullable=False),
    sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("list_stage", sa.String(20), nullable=False),
)

screenings = sa.Table(
    "screenings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("criteria_version", sa.Integer, nullable=False),
    sa.Column("parser_version", sa.String(20), nullable=True),
    sa.Column("proposal", sa.String(20), nullable=False),
    sa.Column("verdicts", sa.JSON, nullable=False),
    sa.Column("screened_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_screenings_application", "application_id", "id"),
)
