"""audit erasable text: salted digests of the free texts of each entry

New entries keep, beside a free text that may name a person (a reason, a comment), its
salted digest (`text_digests`, covered by the entry's hash) and the salt
(`text_salts`, outside it), so that erasing a candidate can blank the text and the
chain still verifies (see `shared.audit`). Existing entries get NULL in both and are
hashed as before, so they still verify.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 03:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0006'
down_revision: str | None = '0005'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('audit_entries', sa.Column('text_digests', sa.JSON(), nullable=True))
    op.add_column('audit_entries', sa.Column('text_salts', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('text_salts')
        batch_op.drop_column('text_digests')
