"""Intake's database tables (SQLAlchemy Core), including its outbox, inbox and audit trail.

`diversity_answers` is apart from `applications` on purpose: only the equal-opportunity
reporting repository reads it, and only to count.
"""

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
    sa.Column("closing_date", sa.Date, nullable=True),
    sa.Column("criteria_version", sa.Integer, nullable=False),
)

applications = sa.Table(
    "applications",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("vacancy_id", sa.ForeignKey("vacancies.id"), nullable=False),
    sa.Column("candidate_name", sa.String(300), nullable=False),
    sa.Column("candidate_email", sa.String(320), nullable=False),
    sa.Column("consent_given_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("stage", sa.String(30), nullable=False),
    sa.Column("attention_reason", sa.Text, nullable=True),
    sa.Column("cv_filename", sa.String(300), nullable=False),
    sa.Column("cv_path", sa.String(500), nullable=False),
    sa.Column("cv_sha256", sa.String(64), nullable=False),
    sa.Column("cv_size", sa.Integer, nullable=False),
    sa.Column("cv_kind", sa.String(20), nullable=False),
    # the version of the privacy notice consented to (None: before notices were versioned)
    sa.Column("privacy_notice_version", sa.String(20), nullable=True),
    sa.Column("cover_letter", sa.Text, nullable=True),
    sa.Column("review_profile", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("awaiting_confirmation", sa.Boolean, nullable=False, server_default=sa.false()),
    # None for a draft never submitted: not an applicant (yet)
    sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("submission_note", sa.Text, nullable=True),
    sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("withdrawal_reason", sa.Text, nullable=True),
    # erasure of the candidate's data: when, and the stage reached then (it also withdraws)
    sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("erased_from_stage", sa.String(30), nullable=True),
    sa.UniqueConstraint("vacancy_id", "candidate_email", name="uq_application_per_email"),
    sa.Index("ix_applications_vacancy_cv", "vacancy_id", "cv_sha256"),
)

replaced_cvs = sa.Table(
    "replaced_cvs",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("vacancy_id", sa.String(36), nullable=False),
    sa.Column("filename", sa.String(300), nullable=False),
    sa.Column("path", sa.String(500), nullable=False),
    sa.Column("sha256", sa.String(64), nullable=False),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("kind", sa.String(20), nullable=False),
    sa.Column("replaced_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_replaced_cvs_vacancy_sha256", "vacancy_id", "sha256"),
)

profile_reviews = sa.Table(
    "profile_reviews",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("reading_id", sa.Integer, nullable=True),
    sa.Column("cv_sha256", sa.String(64), nullable=False),
    sa.Column("profile_as_read", sa.JSON, nullable=False),
    sa.Column("profile_confirmed", sa.JSON, nullable=False),
    sa.Column("changes", sa.JSON, nullable=False),
    sa.Column("confirmed_by", sa.String(40), nullable=False),
    sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("note", sa.Text, nullable=True),
)

diversity_answers = sa.Table(
    "diversity_answers",
    metadata,
    sa.Column("application_id", sa.ForeignKey("applications.id"), primary_key=True),
    sa.Column("gender", sa.String(30), nullable=True),
    sa.Column("nationality", sa.String(30), nullable=True),
    sa.Column("region", sa.String(40), nullable=True),
)

cv_readings = sa.Table(
    "cv_readings",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.id"), nullable=False, index=True),
    sa.Column("parser_version", sa.String(20), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Column("pages", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("profile", sa.JSON, nullable=False),
    sa.Column("method", sa.String(10), nullable=False, server_default="text"),
    sa.Column("notes", sa.JSON, nullable=False, server_default="[]"),
    sa.Column("attention_reason", sa.Text, nullable=True),
    sa.Column("read_at", sa.DateTime(timezone=True), nullable=False),
    # which CV this reading is of (a candidate may replace their CV)
    sa.Column("cv_sha256", sa.String(64), nullable=True),
)

reread_jobs = sa.Table(
    "reread_jobs",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("vacancy_id", sa.ForeignKey("vacancies.id"), nullable=False, index=True),
    sa.Column("parser_version", sa.String(20), nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("requested_by", sa.String(200), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
)

# what the candidate's status page shows after the short list (scoring owns the rest):
# the picking link, the interview as it stands, the panel's outcome (never its reasons)
interviews = sa.Table(
    "interviews",
    metadata,
    sa.Column("application_id", sa.ForeignKey("applications.id"), primary_key=True),
    sa.Column("picking_url", sa.Text, nullable=True),
    sa.Column("slots_proposed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("time_zone", sa.String(64), nullable=True),
    sa.Column("duration_minutes", sa.Integer, nullable=True),
    sa.Column("location", sa.Text, nullable=True),
    # the calendar sequence of the last interview change applied: older ones are stale
    sa.Column("interview_sequence", sa.Integer, nullable=True),
    sa.Column("outcome", sa.String(20), nullable=True),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
)
