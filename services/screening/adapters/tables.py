"""Screening's database tables.

`vacancies` holds each vacancy's editable draft; `criteria_versions` every published
version, never changed once written. `applications` holds each application's latest
screening and its current decision and list; `screenings`, `verdict_overrides`,
`decisions` and `list_moves` keep every one of those, for the history. `rescreen_jobs`
and `rescreen_changes` are the re-screens the secretariat asked for and what each changed.
`panel_members` is who sits on each vacancy's panel (copied from scoring's
`panel.appointed`), `long_list_comments` what they wrote about candidates on the lists.

The applicants list filters, sorts, counts and pages in SQL on two narrow tables kept in
step with `applications` by the repository, in the same transaction as each change (a
screening, a re-screen, an override, a decision, a list move): `applicant_rows`, one row
per application with only what the list shows and sorts on (the effective proposal, the
number of mandatory criteria met, the blind-mode code…), and `application_verdicts`, its
effective verdict on each criterion. They are apart from `applications` because that row
carries the profile and the verdicts as JSON: scanning thousands of those to count or to
reach page 80 reads all of it (on SQLite, every column after the JSON lies in overflow
pages), while these rows are a few dozen bytes each.
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
    sa.Column("criteria", sa.JSON, nullable=False),
    sa.Column("competencies", sa.JSON, nullable=False),
    sa.Column("closing_date", sa.Date, nullable=True),
    sa.Column("contact_email", sa.String(320), nullable=False),
    sa.Column("status", sa.String(20), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("tor_file", sa.String(200), nullable=True),
    sa.Column("tor_filename", sa.String(300), nullable=True),
)

criteria_versions = sa.Table(
    "criteria_versions",
    metadata,
    sa.Column("vacancy_id", sa.ForeignKey("vacancies.id"), primary_key=True),
    sa.Column("version", sa.Integer, primary_key=True, autoincrement=False),
    sa.Column("title", sa.String(300), nullable=False),
    sa.Column("tor_text", sa.Text, nullable=False),
    sa.Column("criteria", sa.JSON, nullable=False),
    sa.Column("competencies", sa.JSON, nullable=False),
    sa.Column("closing_date", sa.Date, nullable=True),
    sa.Column("tor_file", sa.String(200), nullable=True),
    sa.Column("tor_filename", sa.String(300), nullable=True),
    sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("published_by", sa.String(200), nullable=False),
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
    sa.Column("parser_version", sa.String(20), nullable=True),
    sa.Column("decision", sa.String(20), nullable=False, server_default="pending"),
    sa.Column("decided_by", sa.String(200), nullable=True),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("decision_reason", sa.Text, nullable=True),
)

applicant_rows = sa.Table(
    "applicant_rows",
    metadata,
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), primary_key=True),
    sa.Column("vacancy_id", sa.String(36), nullable=False),
    sa.Column("candidate_name", sa.String(300), nullable=False),
    sa.Column("candidate_code", sa.String(12), nullable=False),
    sa.Column("proposal", sa.String(20), nullable=True),  # effective, after the overrides
    sa.Column("machine_proposal", sa.String(20), nullable=True),
    sa.Column("list_stage", sa.String(20), nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("needs_attention", sa.Boolean, nullable=False),
    sa.Column("mandatory_met", sa.Integer, nullable=False),
    sa.Index("ix_applicant_rows_name", "vacancy_id", "candidate_name"),
    sa.Index("ix_applicant_rows_code", "vacancy_id", "candidate_code"),
    sa.Index("ix_applicant_rows_proposal", "vacancy_id", "proposal"),
    sa.Index("ix_applicant_rows_screened", "vacancy_id", "screened_at"),
    sa.Index("ix_applicant_rows_met", "vacancy_id", "mandatory_met"),
    sa.Index("ix_applicant_rows_stage", "vacancy_id", "list_stage", "decision"),
)

application_verdicts = sa.Table(
    "application_verdicts",
    metadata,
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), primary_key=True),
    sa.Column("criterion_id", sa.String(100), primary_key=True),
    sa.Column("vacancy_id", sa.String(36), nullable=False),
    sa.Column("verdict", sa.String(20), nullable=False),
    sa.Column("mandatory", sa.Boolean, nullable=False),
    sa.Column("overridden", sa.Boolean, nullable=False),
    sa.Index(
        "ix_application_verdicts_filter", "vacancy_id", "criterion_id", "verdict", "application_id"
    ),
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
    sa.Column("requested_by", sa.String(200), nullable=True),
    sa.Column("rescreen_job_id", sa.String(36), nullable=True),
    sa.Index("ix_screenings_application", "application_id", "id"),
)

verdict_overrides = sa.Table(
    "verdict_overrides",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("criterion_id", sa.String(100), nullable=False),
    sa.Column("criteria_version", sa.Integer, nullable=False),
    sa.Column("machine_verdict", sa.String(20), nullable=False),
    sa.Column("machine_figure", sa.Text, nullable=False),
    sa.Column("verdict", sa.String(20), nullable=False),
    sa.Column("overridden_by", sa.String(200), nullable=False),
    sa.Column("overridden_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Index("ix_verdict_overrides_application", "application_id", "id"),
)

decisions = sa.Table(
    "decisions",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("action", sa.String(30), nullable=False),
    sa.Column("decided_by", sa.String(200), nullable=False),
    sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("machine_proposal", sa.String(20), nullable=True),
    sa.Column("proposal", sa.String(20), nullable=True),
    sa.Column("criteria_version", sa.Integer, nullable=True),
    sa.Index("ix_decisions_application", "application_id", "id"),
)

list_moves = sa.Table(
    "list_moves",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("from_stage", sa.String(20), nullable=False),
    sa.Column("to_stage", sa.String(20), nullable=False),
    sa.Column("moved_by", sa.String(200), nullable=False),
    sa.Column("moved_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("reason", sa.Text, nullable=True),
    sa.Index("ix_list_moves_application", "application_id", "id"),
)

rescreen_jobs = sa.Table(
    "rescreen_jobs",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("vacancy_id", sa.ForeignKey("vacancies.id"), nullable=False, index=True),
    sa.Column("criteria_version", sa.Integer, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("changed", sa.Integer, nullable=False),
    sa.Column("requested_by", sa.String(200), nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
)

rescreen_changes = sa.Table(
    "rescreen_changes",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("job_id", sa.ForeignKey("rescreen_jobs.id"), nullable=False),
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("candidate_name", sa.String(300), nullable=False),
    sa.Column("from_version", sa.Integer, nullable=True),
    sa.Column("to_version", sa.Integer, nullable=False),
    sa.Column("old_proposal", sa.String(20), nullable=True),
    sa.Column("new_proposal", sa.String(20), nullable=True),
    sa.Column("old_machine_proposal", sa.String(20), nullable=True),
    sa.Column("new_machine_proposal", sa.String(20), nullable=True),
    sa.Column("verdicts", sa.JSON, nullable=False),
    sa.Column("decision", sa.String(20), nullable=False),
    sa.Column("changed", sa.Boolean, nullable=False),
    sa.Index("ix_rescreen_changes_job", "job_id", "changed", "id"),
)

panel_members = sa.Table(
    "panel_members",
    metadata,
    # no foreign key: the panel may be appointed before screening hears of the vacancy
    sa.Column("vacancy_id", sa.String(36), primary_key=True),
    sa.Column("member", sa.String(200), primary_key=True),
    sa.Column("chair", sa.Boolean, nullable=False),
    sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=True),
    sa.Index("ix_panel_members_member", "member", "vacancy_id"),
)

long_list_comments = sa.Table(
    "long_list_comments",
    metadata,
    sa.Column("id", sa.String(36), primary_key=True),
    sa.Column("application_id", sa.ForeignKey("applications.application_id"), nullable=False),
    sa.Column("vacancy_id", sa.String(36), nullable=False),
    sa.Column("author", sa.String(200), nullable=False),
    sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("text", sa.Text, nullable=False),
    sa.Index("ix_long_list_comments_application", "application_id", "written_at"),
    sa.Index("ix_long_list_comments_vacancy", "vacancy_id", "application_id"),
)
