"""criteria versions reviews and rescreens

Each vacancy's published versions are kept in `criteria_versions`; a vacancy published
before this revision gets its latest version from its criteria as they stand (the earlier
ones were overwritten then), published by "unknown". Each application gets the parser
version of its latest screening.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 00:11:02.185885
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0003'
down_revision: str | None = '0002'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('criteria_versions',
    sa.Column('vacancy_id', sa.String(length=36), nullable=False),
    sa.Column('version', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('tor_text', sa.Text(), nullable=False),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.Column('competencies', sa.JSON(), nullable=False),
    sa.Column('closing_date', sa.Date(), nullable=True),
    sa.Column('tor_file', sa.String(length=200), nullable=True),
    sa.Column('tor_filename', sa.String(length=300), nullable=True),
    sa.Column('published_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('published_by', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], ),
    sa.PrimaryKeyConstraint('vacancy_id', 'version')
    )
    op.create_table('rescreen_jobs',
    sa.Column('id', sa.String(length=36), nullable=False),
    sa.Column('vacancy_id', sa.String(length=36), nullable=False),
    sa.Column('criteria_version', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('changed', sa.Integer(), nullable=False),
    sa.Column('requested_by', sa.String(length=200), nullable=False),
    sa.Column('requested_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['vacancy_id'], ['vacancies.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rescreen_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rescreen_jobs_vacancy_id'), ['vacancy_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('action', sa.String(length=30), nullable=False),
    sa.Column('decided_by', sa.String(length=200), nullable=False),
    sa.Column('decided_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('machine_proposal', sa.String(length=20), nullable=True),
    sa.Column('proposal', sa.String(length=20), nullable=True),
    sa.Column('criteria_version', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index('ix_decisions_application', ['application_id', 'id'], unique=False)

    op.create_table('list_moves',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('from_stage', sa.String(length=20), nullable=False),
    sa.Column('to_stage', sa.String(length=20), nullable=False),
    sa.Column('moved_by', sa.String(length=200), nullable=False),
    sa.Column('moved_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('list_moves', schema=None) as batch_op:
        batch_op.create_index('ix_list_moves_application', ['application_id', 'id'], unique=False)

    op.create_table('rescreen_changes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('job_id', sa.String(length=36), nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('candidate_name', sa.String(length=300), nullable=False),
    sa.Column('from_version', sa.Integer(), nullable=True),
    sa.Column('to_version', sa.Integer(), nullable=False),
    sa.Column('old_proposal', sa.String(length=20), nullable=True),
    sa.Column('new_proposal', sa.String(length=20), nullable=True),
    sa.Column('old_machine_proposal', sa.String(length=20), nullable=True),
    sa.Column('new_machine_proposal', sa.String(length=20), nullable=True),
    sa.Column('verdicts', sa.JSON(), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('changed', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.ForeignKeyConstraint(['job_id'], ['rescreen_jobs.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('rescreen_changes', schema=None) as batch_op:
        batch_op.create_index('ix_rescreen_changes_job', ['job_id', 'changed', 'id'], unique=False)

    op.create_table('verdict_overrides',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('criterion_id', sa.String(length=100), nullable=False),
    sa.Column('criteria_version', sa.Integer(), nullable=False),
    sa.Column('machine_verdict', sa.String(length=20), nullable=False),
    sa.Column('machine_figure', sa.Text(), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('overridden_by', sa.String(length=200), nullable=False),
    sa.Column('overridden_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('verdict_overrides', schema=None) as batch_op:
        batch_op.create_index('ix_verdict_overrides_application', ['application_id', 'id'], unique=False)

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('parser_version', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('decision', sa.String(length=20), server_default='pending', nullable=False))
        batch_op.add_column(sa.Column('decided_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('decision_reason', sa.Text(), nullable=True))

    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('requested_by', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('rescreen_job_id', sa.String(length=36), nullable=True))

    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tor_file', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('tor_filename', sa.String(length=300), nullable=True))

    _keep_published_versions()
    _copy_parser_versions()


def _keep_published_versions() -> None:
    vacancies = sa.table(
        'vacancies',
        sa.column('id', sa.String), sa.column('title', sa.String), sa.column('tor_text', sa.Text),
        sa.column('criteria', sa.JSON), sa.column('competencies', sa.JSON),
        sa.column('closing_date', sa.Date), sa.column('version', sa.Integer),
        sa.column('published_at', sa.DateTime(timezone=True)),
    )
    versions = sa.table(
        'criteria_versions',
        sa.column('vacancy_id', sa.String), sa.column('version', sa.Integer),
        sa.column('title', sa.String), sa.column('tor_text', sa.Text),
        sa.column('criteria', sa.JSON), sa.column('competencies', sa.JSON),
        sa.column('closing_date', sa.Date), sa.column('published_at', sa.DateTime(timezone=True)),
        sa.column('published_by', sa.String),
    )
    published = sa.select(
        vacancies.c.id, vacancies.c.version, vacancies.c.title, vacancies.c.tor_text,
        vacancies.c.criteria, vacancies.c.competencies, vacancies.c.closing_date,
        vacancies.c.published_at, sa.literal('unknown').label('published_by'),
    ).where(vacancies.c.version > 0, vacancies.c.published_at.is_not(None))
    op.execute(
        versions.insert().from_select(
            ['vacancy_id', 'version', 'title', 'tor_text', 'criteria', 'competencies',
             'closing_date', 'published_at', 'published_by'],
            published,
        )
    )


def _copy_parser_versions() -> None:
    applications = sa.table(
        'applications', sa.column('application_id', sa.String), sa.column('parser_version', sa.String)
    )
    screenings = sa.table(
        'screenings', sa.column('id', sa.Integer), sa.column('application_id', sa.String),
        sa.column('parser_version', sa.String),
    )
    latest = (
        sa.select(screenings.c.parser_version)
        .where(screenings.c.application_id == applications.c.application_id)
        .order_by(screenings.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    op.execute(applications.update().values(parser_version=latest))



def downgrade() -> None:
    with op.batch_alter_table('vacancies', schema=None) as batch_op:
        batch_op.drop_column('tor_filename')
        batch_op.drop_column('tor_file')

    with op.batch_alter_table('screenings', schema=None) as batch_op:
        batch_op.drop_column('rescreen_job_id')
        batch_op.drop_column('requested_by')

    with op.batch_alter_table('applications', schema=None) as batch_op:
        batch_op.drop_column('decision_reason')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('decided_by')
        batch_op.drop_column('decision')
        batch_op.drop_column('parser_version')

    with op.batch_alter_table('verdict_overrides', schema=None) as batch_op:
        batch_op.drop_index('ix_verdict_overrides_application')

    op.drop_table('verdict_overrides')
    with op.batch_alter_table('rescreen_changes', schema=None) as batch_op:
        batch_op.drop_index('ix_rescreen_changes_job')

    op.drop_table('rescreen_changes')
    with op.batch_alter_table('list_moves', schema=None) as batch_op:
        batch_op.drop_index('ix_list_moves_application')

    op.drop_table('list_moves')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index('ix_decisions_application')

    op.drop_table('decisions')
    with op.batch_alter_table('rescreen_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rescreen_jobs_vacancy_id'))

    op.drop_table('rescreen_jobs')
    op.drop_table('criteria_versions')
