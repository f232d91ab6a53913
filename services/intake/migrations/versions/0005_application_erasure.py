"""application erasure: when an application's candidate had their data erased

`erased_at` says when (NULL: never); `erased_from_stage` keeps the stage the application
had reached when it was erased (erasure also withdraws it), for the statistics.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 01:30:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0005'
down_revision: str | None = '0004'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        'applications', sa.Column('erased_at', sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column(
        'applications', sa.Column('erased_from_stage', sa.String(length=30), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('erased_from_stage')
        batch_op.drop_column('erased_at')
