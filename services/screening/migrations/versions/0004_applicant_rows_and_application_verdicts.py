"""applicant rows and application verdicts

What the applicants list filters, sorts and counts on, in two narrow tables it can index
and scan without reading the profiles: `applicant_rows`, one row per application (name,
blind-mode code, effective proposal after the overrides, machine proposal, list stage,
decision, screening time, needs attention, mandatory criteria met), and
`application_verdicts`, the effective verdict of each application on each criterion. The
applications already there get theirs from their verdicts and overrides, in batches, by
the domain's rules written out here rather than imported, so that this revision keeps
meaning what it meant: the latest override made under the application's own criteria
version wins; every mandatory criterion met → long list, any not met → not eligible,
otherwise needs review, and no proposal before a screening; the code is "C-" and the first
eight hex digits of the SHA-256 of the application id.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 01:08:19.211288
"""
from collections.abc import Sequence

import hashlib

import sqlalchemy as sa
from alembic import op


revision: str = '0004'
down_revision: str | None = '0003'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('applicant_rows',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('vacancy_id', sa.String(length=36), nullable=False),
    sa.Column('candidate_name', sa.String(length=300), nullable=False),
    sa.Column('candidate_code', sa.String(length=12), nullable=False),
    sa.Column('proposal', sa.String(length=20), nullable=True),
    sa.Column('machine_proposal', sa.String(length=20), nullable=True),
    sa.Column('list_stage', sa.String(length=20), nullable=False),
    sa.Column('decision', sa.String(length=20), nullable=False),
    sa.Column('screened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('needs_attention', sa.Boolean(), nullable=False),
    sa.Column('mandatory_met', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.PrimaryKeyConstraint('application_id')
    )
    with op.batch_alter_table('applicant_rows', schema=None) as batch_op:
        batch_op.create_index('ix_applicant_rows_code', ['vacancy_id', 'candidate_code'], unique=False)
        batch_op.create_index('ix_applicant_rows_met', ['vacancy_id', 'mandatory_met'], unique=False)
        batch_op.create_index('ix_applicant_rows_name', ['vacancy_id', 'candidate_name'], unique=False)
        batch_op.create_index('ix_applicant_rows_proposal', ['vacancy_id', 'proposal'], unique=False)
        batch_op.create_index('ix_applicant_rows_screened', ['vacancy_id', 'screened_at'], unique=False)
        batch_op.create_index('ix_applicant_rows_stage', ['vacancy_id', 'list_stage', 'decision'], unique=False)

    op.create_table('application_verdicts',
    sa.Column('application_id', sa.String(length=36), nullable=False),
    sa.Column('criterion_id', sa.String(length=100), nullable=False),
    sa.Column('vacancy_id', sa.String(length=36), nullable=False),
    sa.Column('verdict', sa.String(length=20), nullable=False),
    sa.Column('mandatory', sa.Boolean(), nullable=False),
    sa.Column('overridden', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['application_id'], ['applications.application_id'], ),
    sa.PrimaryKeyConstraint('application_id', 'criterion_id')
    )
    with op.batch_alter_table('application_verdicts', schema=None) as batch_op:
        batch_op.create_index('ix_application_verdicts_filter', ['vacancy_id', 'criterion_id', 'verdict', 'application_id'], unique=False)

    _fill_for_existing_applications()


BATCH = 500


def _fill_for_existing_applications() -> None:
    connection = op.get_bind()
    applications = sa.table(
        'applications',
        sa.column('application_id', sa.String), sa.column('vacancy_id', sa.String),
        sa.column('candidate_name', sa.String), sa.column('needs_attention', sa.Boolean),
        sa.column('criteria_version', sa.Integer), sa.column('proposal', sa.String),
        sa.column('verdicts', sa.JSON), sa.column('screened_at', sa.DateTime(timezone=True)),
        sa.column('list_stage', sa.String), sa.column('decision', sa.String),
    )
    overrides = sa.table(
        'verdict_overrides',
        sa.column('id', sa.Integer), sa.column('application_id', sa.String),
        sa.column('criterion_id', sa.String), sa.column('criteria_version', sa.Integer),
        sa.column('verdict', sa.String),
    )
    rows_table = sa.table(
        'applicant_rows',
        *(sa.column(name) for name in (
            'application_id', 'vacancy_id', 'candidate_name', 'candidate_code', 'proposal',
            'machine_proposal', 'list_stage', 'decision', 'screened_at', 'needs_attention',
            'mandatory_met',
        )),
    )
    verdicts_table = sa.table(
        'application_verdicts',
        *(sa.column(name) for name in (
            'application_id', 'criterion_id', 'vacancy_id', 'verdict', 'mandatory', 'overridden',
        )),
    )
    last = ''
    while True:
        batch = connection.execute(
            sa.select(applications)
            .where(applications.c.application_id > last)
            .order_by(applications.c.application_id)
            .limit(BATCH)
        ).all()
        if not batch:
            return
        ids = [row.application_id for row in batch]
        made = connection.execute(
            sa.select(overrides).where(overrides.c.application_id.in_(ids)).order_by(overrides.c.id)
        ).all()
        list_rows, verdict_rows = [], []
        for row in batch:
            latest = {
                o.criterion_id: o.verdict
                for o in made
                if o.application_id == row.application_id and o.criteria_version == row.criteria_version
            }
            effective = {}
            for verdict in row.verdicts or []:
                criterion_id = verdict['criterion_id']
                effective[criterion_id] = {
                    'application_id': row.application_id,
                    'criterion_id': criterion_id,
                    'vacancy_id': row.vacancy_id,
                    'verdict': latest.get(criterion_id, verdict['verdict']),
                    'mandatory': bool(verdict.get('mandatory')),
                    'overridden': criterion_id in latest,
                }
            verdict_rows.extend(effective.values())
            mandatory = [v['verdict'] for v in effective.values() if v['mandatory']]
            list_rows.append({
                'application_id': row.application_id,
                'vacancy_id': row.vacancy_id,
                'candidate_name': row.candidate_name,
                'candidate_code': 'C-' + hashlib.sha256(row.application_id.encode()).hexdigest()[:8].upper(),
                'proposal': _proposal(mandatory) if row.screened_at is not None else None,
                'machine_proposal': row.proposal,
                'list_stage': row.list_stage,
                'decision': row.decision,
                'screened_at': row.screened_at,
                'needs_attention': row.needs_attention,
                'mandatory_met': mandatory.count('met'),
            })
        connection.execute(rows_table.insert(), list_rows)
        if verdict_rows:
            connection.execute(verdicts_table.insert(), verdict_rows)
        last = ids[-1]


def _proposal(mandatory: list[str]) -> str:
    if 'not_met' in mandatory:
        return 'not_eligible'
    if 'unclear' in mandatory:
        return 'needs_review'
    return 'long_list'


def downgrade() -> None:
    with op.batch_alter_table('application_verdicts', schema=None) as batch_op:
        batch_op.drop_index('ix_application_verdicts_filter')

    op.drop_table('application_verdicts')
    with op.batch_alter_table('applicant_rows', schema=None) as batch_op:
        batch_op.drop_index('ix_applicant_rows_stage')
        batch_op.drop_index('ix_applicant_rows_screened')
        batch_op.drop_index('ix_applicant_rows_proposal')
        batch_op.drop_index('ix_applicant_rows_name')
        batch_op.drop_index('ix_applicant_rows_met')
        batch_op.drop_index('ix_applicant_rows_code')

    op.drop_table('applicant_rows')
