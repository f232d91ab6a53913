"""interview slots and the panel's decisions

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 03:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interview_slots",
        sa.Column("slot_id", sa.String(length=36), nullable=False),
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("time_zone", sa.String(length=64), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("location", sa.String(length=500), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("slot_id"),
        sa.UniqueConstraint("vacancy_id", "application_id", name="uq_interview_slots_candidate"),
    )
    with op.batch_alter_table("interview_slots", schema=None) as batch_op:
        batch_op.create_index("ix_interview_slots_vacancy_id", ["vacancy_id"], unique=False)
    op.create_table(
        "interview_invitations",
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("sequence", sa.Integer(), nullable=True),
        sa.Column("invited_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("vacancy_id", "application_id"),
        sa.UniqueConstraint("token_hash"),
    )
    op.create_table(
        "panel_decisions",
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("vacancy_id", "application_id"),
    )
    op.create_table(
        "decision_announcements",
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("announced_by", sa.String(length=100), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("vacancy_id"),
    )


def downgrade() -> None:
    op.drop_table("decision_announcements")
    op.drop_table("panel_decisions")
    op.drop_table("interview_invitations")
    with op.batch_alter_table("interview_slots", schema=None) as batch_op:
        batch_op.drop_index("ix_interview_slots_vacancy_id")
    op.drop_table("interview_slots")
