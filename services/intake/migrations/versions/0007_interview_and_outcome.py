"""interview and outcome: what the candidate's status page shows after the short list

One row per application that heard from scoring: the private link to pick an interview
time, the interview as it stands (instant, IANA zone, length, place) with the calendar
sequence of the last change applied, and the panel's outcome with when it was decided.
The panel's reasons are not kept here.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 03:45:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "interviews",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("picking_url", sa.Text(), nullable=True),
        sa.Column("slots_proposed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("time_zone", sa.String(length=64), nullable=True),
        sa.Column("duration_minutes", sa.Integer(), nullable=True),
        sa.Column("location", sa.Text(), nullable=True),
        sa.Column("interview_sequence", sa.Integer(), nullable=True),
        sa.Column("outcome", sa.String(length=20), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.id"],
        ),
        sa.PrimaryKeyConstraint("application_id"),
    )


def downgrade() -> None:
    op.drop_table("interviews")
