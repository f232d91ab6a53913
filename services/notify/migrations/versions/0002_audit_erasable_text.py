"""audit erasable text, and the context of mails that name others

New entries keep, beside a free text that may name a person (a reason, a comment), its
salted digest (`text_digests`, covered by the entry's hash) and the salt
(`text_salts`, outside it), so that erasing a candidate can blank the text and the
chain still verifies (see `shared.audit`). Existing entries get NULL in both and are
hashed as before, so they still verify.

`deliveries.context` keeps what a mail to someone other than the people it names (the
panel's results, to the secretariat) was rendered from, so that an erased candidate's
name can be taken out of it (NULL for every other mail, and for mails sent before).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 03:00:00.000000
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = '0002'
down_revision: str | None = '0001'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column('audit_entries', sa.Column('text_digests', sa.JSON(), nullable=True))
    op.add_column('audit_entries', sa.Column('text_salts', sa.JSON(), nullable=True))
    op.add_column('deliveries', sa.Column('context', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('deliveries', schema=None) as batch_op:
        batch_op.drop_column('context')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('text_salts')
        batch_op.drop_column('text_digests')
