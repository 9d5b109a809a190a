"""matching: a log of changed volunteers, so that a worker reloads those alone (issue 14)

Revision ID: 0009m
Revises: 0008
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0009m'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matching_volunteer_changes',
    sa.Column('id', sa.BigInteger(), autoincrement=True, nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('xid', sa.BigInteger(), nullable=True),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_matching_volunteer_changes_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_matching_volunteer_changes'))
    )
    with op.batch_alter_table('matching_volunteer_changes', schema=None) as batch_op:
        batch_op.create_index('ix_matching_volunteer_changes_municipality_xid', ['municipality_id', 'xid'], unique=False)
        batch_op.create_index(batch_op.f('ix_matching_volunteer_changes_changed_at'), ['changed_at'], unique=False)


def downgrade():
    with op.batch_alter_table('matching_volunteer_changes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matching_volunteer_changes_changed_at'))
        batch_op.drop_index('ix_matching_volunteer_changes_municipality_xid')
    op.drop_table('matching_volunteer_changes')
