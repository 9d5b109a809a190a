"""matching runs, proposals, unmatched requests, per-municipality weights

Revision ID: 0003m
Revises: 0002
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0003m'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matching_runs',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('period_start', sa.DateTime(), nullable=False),
    sa.Column('period_end', sa.DateTime(), nullable=False),
    sa.Column('cap_per_volunteer', sa.Integer(), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('requests', sa.Integer(), nullable=False),
    sa.Column('volunteers', sa.Integer(), nullable=False),
    sa.Column('assigned', sa.Integer(), nullable=False),
    sa.Column('total_score', sa.Float(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_matching_runs_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_matching_runs_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_runs'))
    )
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matching_runs_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('matching_proposals',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('run_id', sa.Uuid(), nullable=False),
    sa.Column('help_request_id', sa.Uuid(), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=False),
    sa.Column('score', sa.Float(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('engagement_id', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], name=op.f('fk_matching_proposals_engagement_id_engagements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['help_request_id'], ['help_requests.id'], name=op.f('fk_matching_proposals_help_request_id_help_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['matching_runs.id'], name=op.f('fk_matching_proposals_run_id_matching_runs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_matching_proposals_volunteer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_proposals'))
    )
    with op.batch_alter_table('matching_proposals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matching_proposals_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_matching_proposals_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('matching_unmatched',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('run_id', sa.Uuid(), nullable=False),
    sa.Column('help_request_id', sa.Uuid(), nullable=False),
    sa.Column('reason', sa.String(length=40), nullable=False),
    sa.Column('eliminated', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['help_request_id'], ['help_requests.id'], name=op.f('fk_matching_unmatched_help_request_id_help_requests'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['run_id'], ['matching_runs.id'], name=op.f('fk_matching_unmatched_run_id_matching_runs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_unmatched'))
    )
    with op.batch_alter_table('matching_unmatched', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matching_unmatched_run_id'), ['run_id'], unique=False)

    op.create_table('municipality_matching_weights',
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('overrides', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_municipality_matching_weights_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_municipality_matching_weights'))
    )


def downgrade():
    op.drop_table('municipality_matching_weights')
    with op.batch_alter_table('matching_unmatched', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matching_unmatched_run_id'))
    op.drop_table('matching_unmatched')
    with op.batch_alter_table('matching_proposals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matching_proposals_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_matching_proposals_run_id'))
    op.drop_table('matching_proposals')
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matching_runs_municipality_id'))
    op.drop_table('matching_runs')
