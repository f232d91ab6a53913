"""cv readings keep pages, method and notes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 22:46:58.824831
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table('cv_readings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pages', sa.JSON(), server_default='[]', nullable=False))
        batch_op.add_column(sa.Column('method', sa.String(length=10), server_default='text', nullable=False))
        batch_op.add_column(sa.Column('notes', sa.JSON(), server_default='[]', nullable=False))



def downgrade() -> None:
    with op.batch_alter_table('cv_readings', schema=None) as batch_op:
        batch_op.drop_column('notes')
        batch_op.drop_column('method')
        batch_op.drop_column('pages')

