"""reread jobs

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 22:51:05.977952
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "reread_jobs",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("parser_version", sa.String(length=20), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("done", sa.Integer(), nullable=False),
        sa.Column("requested_by", sa.String(length=200), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["vacancy_id"],
            ["vacancies.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("reread_jobs", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reread_jobs_vacancy_id"), ["vacancy_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("reread_jobs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reread_jobs_vacancy_id"))

    op.drop_table("reread_jobs")
