"""matching speed: change markers per municipality for the cached tables; batch runs get a status

Revision ID: 0005s
Revises: 0004
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0005s'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matching_markers',
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('demand_token', sa.String(length=32), nullable=False),
    sa.Column('volunteer_token', sa.String(length=32), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_matching_markers_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('municipality_id', name=op.f('pk_matching_markers'))
    )
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        # Runs recorded before this migration ran inside their request: they are done.
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False, server_default='done'))
        batch_op.add_column(sa.Column('progress', sa.String(length=20), nullable=False, server_default='done'))
        batch_op.add_column(sa.Column('started_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('finished_at', sa.DateTime(), nullable=True))
        batch_op.create_index('ix_matching_runs_status', ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('matching_runs', schema=None) as batch_op:
        batch_op.drop_index('ix_matching_runs_status')
        batch_op.drop_column('finished_at')
        batch_op.drop_column('started_at')
        batch_op.drop_column('progress')
        batch_op.drop_column('status')
    op.drop_table('matching_markers')
