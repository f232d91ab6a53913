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

# conflicts of interest, interview kits, amendments, the chair's closing (migration 0003)
conflict_declarations = sa.Table(
    "conflict_declarations",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("member", sa.String(100), primary_key=True),
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("conflict", sa.Boolean, nullable=False),
    sa.Column("note", sa.Text, nullable=False),
    sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
)

interview_kits = sa.Table(
    "interview_kits",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("competencies", sa.JSON, nullable=False),
    sa.Column("edited_by", sa.String(100), nullable=False),
    sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
)

sheet_amendments = sa.Table(
    "sheet_amendments",
    metadata,
    sa.Column("amendment_id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), nullable=False, index=True),
    sa.Column("application_id", sa.String(36), nullable=False),
    sa.Column("member", sa.String(100), nullable=False),
    sa.Column("scores_before", sa.JSON, nullable=False),
    sa.Column("scores_after", sa.JSON, nullable=False),
    sa.Column("notes_before", sa.Text, nullable=False),
    sa.Column("notes_after", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("amended_at", sa.DateTime(timezone=True), nullable=False),
)

round_closures = sa.Table(
    "round_closures",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("closed_by", sa.String(100), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("outstanding", sa.Integer, nullable=False),
)

# interview slots and the panel's decision (migration 0005)
interview_slots = sa.Table(
    "interview_slots",
    metadata,
    sa.Column("slot_id", sa.String(36), primary_key=True),
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), nullable=False, index=True),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("time_zone", sa.String(64), nullable=False),
    sa.Column("duration_minutes", sa.Integer, nullable=False),
    sa.Column("location", sa.String(500), nullable=False),
    sa.Column("application_id", sa.String(36), nullable=True),
    sa.UniqueConstraint("vacancy_id", "application_id", name="uq_interview_slots_candidate"),
)

interview_invitations = sa.Table(
    "interview_invitations",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("token_hash", sa.String(64), nullable=True, unique=True),
    sa.Column("sequence", sa.Integer, nullable=True),
    sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
)

panel_decisions = sa.Table(
    "panel_decisions",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("outcome", sa.String(20), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("decided_by", sa.String(100), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
)

decision_announcements = sa.Table(
    "decision_announcements",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("announced_by", sa.String(100), nullable=False),
    sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
)

# consensus ratings recorded at the debrief (migration 0004)
consensus_ratings = sa.Table(
    "consensus_ratings",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("rounds.vacancy_id"), primary_key=True),
    sa.Column("application_id", sa.String(36), primary_key=True),
    sa.Column("competency", sa.String(200), primary_key=True),
    sa.Column("rating", sa.Integer, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.String(100), nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
)
