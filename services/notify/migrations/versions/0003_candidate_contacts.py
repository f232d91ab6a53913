"""candidate contacts, for the mails about interviews and the decision

Notify keeps, per application, the candidate's name and address from intake's
`application.received` / `application.submitted`, so that scoring's events (which know
candidates by application only) can be mailed. Applications acknowledged before this
revision have no row; their interview mails wait (and are retried) until one exists.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 03:30:00.000000
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
        "candidate_contacts",
        sa.Column("application_id", sa.String(length=36), nullable=False),
        sa.Column("vacancy_id", sa.String(length=36), nullable=False),
        sa.Column("candidate_name", sa.String(length=300), nullable=False),
        sa.Column("candidate_email", sa.String(length=320), nullable=False),
        sa.PrimaryKeyConstraint("application_id"),
    )


def downgrade() -> None:
    op.drop_table("candidate_contacts")
