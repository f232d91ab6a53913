"""screening history

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 22:51:21.032879
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "screenings",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("criteria_version", sa.Integer(), nullable=False),
        sa.Column("parser_version", sa.String(length=20), nullable=True),
        sa.Column("proposal", sa.String(length=20), nullable=False),
        sa.Column("verdicts", sa.JSON(), nullable=False),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["applications.application_id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.create_index("ix_screenings_application", ["application_id", "id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("screenings", schema=None) as batch_op:
        batch_op.drop_index("ix_screenings_application")

    op.drop_table("screenings")
