"""vacancy panels and their comments on the long list

`panel_members`: who sits on each vacancy's panel, as scoring's `panel.appointed` said
(the chair marked, the time of the appointment kept so that an older event never
replaces a newer panel). `long_list_comments`: what a panel member wrote about a
candidate on the long or short list, with its author and time. Both start empty: panels
appointed before this revision reach screening when they are appointed again.

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
        "panel_members",
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("member", sa.String(length=200), nullable=False),
        sa.Column("chair", sa.Boolean(), nullable=False),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("vacancy_id", "member"),
    )
    with op.batch_alter_table("panel_members", schema=None) as batch_op:
        batch_op.create_index("ix_panel_members_member", ["member", "vacancy_id"], unique=False)

    op.create_table(
        "long_list_comments",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("author", sa.String(length=200), nullable=False),
        sa.Column("written_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["application_id"], ["applications.application_id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("long_list_comments", schema=None) as batch_op:
        batch_op.create_index(
            "ix_long_list_comments_application", ["application_id", "written_at"], unique=False
        )
        batch_op.create_index(
            "ix_long_list_comments_vacancy", ["vacancy_id", "application_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("long_list_comments", schema=None) as batch_op:
        batch_op.drop_index("ix_long_list_comments_vacancy")
        batch_op.drop_index("ix_long_list_comments_application")
    op.drop_table("long_list_comments")
    with op.batch_alter_table("panel_members", schema=None) as batch_op:
        batch_op.drop_index("ix_panel_members_member")
    op.drop_table("panel_members")
