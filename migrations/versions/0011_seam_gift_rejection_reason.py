"""campaigns: a gift turned down carries the reason its shop reads, as an organisation or a shop does (issue 20)

Revision ID: 0011_seam
Revises: 0010t
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_seam'
down_revision = '0010t'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('gifts', sa.Column('rejection_reason', sa.String(length=500), nullable=True))


def downgrade():
    op.drop_column('gifts', 'rejection_reason')
