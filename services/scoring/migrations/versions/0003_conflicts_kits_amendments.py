"""conflicts of interest, interview kits, amendments, closing a round

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 03:00:00
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
        "conflict_declarations",
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("member", sa.String(length=100), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("conflict", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("declared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("vacancy_id", "member", "application_id"),
    )
    op.create_table(
        "interview_kits",
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("edited_by", sa.String(length=100), nullable=False),
        sa.Column("edited_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("vacancy_id"),
    )
    op.create_table(
        "sheet_amendments",
        sa.Column("amendment_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("member", sa.String(length=100), nullable=False),
        sa.Column("scores_before", sa.JSON(), nullable=False),
        sa.Column("scores_after", sa.JSON(), nullable=False),
        sa.Column("notes_before", sa.Text(), nullable=False),
        sa.Column("notes_after", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("amended_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("amendment_id"),
    )
    with op.batch_alter_table("sheet_amendments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_sheet_amendments_vacancy_id"), ["vacancy_id"], unique=False
        )
    op.create_table(
        "round_closures",
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("closed_by", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outstanding", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["vacancy_id"], ["rounds.vacancy_id"]),
        sa.PrimaryKeyConstraint("vacancy_id"),
    )


def downgrade() -> None:
    op.drop_table("round_closures")
    with op.batch_alter_table("sheet_amendments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sheet_amendments_vacancy_id"))
    op.drop_table("sheet_amendments")
    op.drop_table("interview_kits")
    op.drop_table("conflict_declarations")
