"""candidate journey: consent, drafts, reviews, replaced cvs, withdrawal, diversity

Applications keep the privacy notice version consented to (NULL for those made before
notices were versioned), an optional cover letter, whether the candidate reviews the
profile read from the CV and whether that review is pending, when the application was
submitted (backfilled: at receipt), and its withdrawal. Replaced CVs, the candidate's
profile reviews and the voluntary diversity answers get their own tables; each reading
records which CV it is of (backfilled from its application).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 00:52:12.552397
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('diversity_answers',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('gender', sa.String(length=30), nullable=True),
    sa.Column('nationality', sa.String(length=30), nullable=True),
    sa.Column('region', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.PrimaryKeyConstraint('application_id')
    )
    op.create_table('profile_reviews',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('reading_id', sa.Integer(), nullable=True),
    sa.Column('cv_sha256', sa.String(length=64), nullable=False),
    sa.Column('profile_as_read', sa.JSON(), nullable=False),
    sa.Column('profile_confirmed', sa.JSON(), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.Column('confirmed_by', sa.String(length=40), nullable=False),
    sa.Column('confirmed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('profile_reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_profile_reviews_application_id'), ['application_id'], unique=False)

    op.create_table('replaced_cvs',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('vacancy_id', sa.String(length=36), nullable=False),
    sa.Column('filename', sa.String(length=300), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('replaced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('replaced_cvs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_replaced_cvs_application_id'), ['application_id'], unique=False)
        batch_op.create_index('ix_replaced_cvs_vacancy_sha256', ['vacancy_id', 'sha256'], unique=False)

    # plain ALTER TABLE, not a batch: on SQLite a batch would copy `applications`, which
    # the foreign keys of the tables that refer to it do not allow once it holds rows
    op.add_column('applications', sa.Column('privacy_notice_version', sa.String(length=20), nullable=True))
    op.add_column('applications', sa.Column('cover_letter', sa.Text(), nullable=True))
    op.add_column('applications', sa.Column('review_profile', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('applications', sa.Column('awaiting_confirmation', sa.Boolean(), server_default=sa.false(), nullable=False))
    op.add_column('applications', sa.Column('submitted_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('applications', sa.Column('submission_note', sa.Text(), nullable=True))
    op.add_column('applications', sa.Column('withdrawn_at', sa.DateTime(timezone=True), nullable=True))
    op.add_column('applications', sa.Column('withdrawal_reason', sa.Text(), nullable=True))
    op.create_index('ix_applications_vacancy_cv', 'applications', ['vacancy_id', 'cv_sha256'], unique=False)

    with op.batch_alter_table('cv_readings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('cv_sha256', sa.String(length=64), nullable=True))

    # every application made before drafts existed was submitted when it was received, and
    # every reading so far is of the one CV its application has (none was replaced yet)
    op.execute("UPDATE applications SET submitted_at = received_at")
    op.execute(
        "UPDATE cv_readings SET cv_sha256 = (SELECT applications.cv_sha256 FROM applications"
        " WHERE applications.id = cv_readings.application_id)"
    )


def downgrade() -> None:
    with op.batch_alter_table('cv_readings', schema=None) as batch_op:
        batch_op.drop_column('cv_sha256')

    op.drop_index('ix_applications_vacancy_cv', table_name='applications')
    for column in (
        'withdrawal_reason', 'withdrawn_at', 'submission_note', 'submitted_at',
        'awaiting_confirmation', 'review_profile', 'cover_letter', 'privacy_notice_version',
    ):
        op.drop_column('applications', column)

    with op.batch_alter_table('replaced_cvs', schema=None) as batch_op:
        batch_op.drop_index('ix_replaced_cvs_vacancy_sha256')
        batch_op.drop_index(batch_op.f('ix_replaced_cvs_application_id'))

    op.drop_table('replaced_cvs')
    with op.batch_alter_table('profile_reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_profile_reviews_application_id'))

    op.drop_table('profile_reviews')
    op.drop_table('diversity_answers')
