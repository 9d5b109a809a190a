"""campaigns: cancelled_at (staff cancel a campaign; a cancelled campaign is never current)

Revision ID: 0005h9
Revises: 0004
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0005h9'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # A plain nullable column. Who cancelled is in the audit trail.
    op.add_column('campaigns', sa.Column('cancelled_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('campaigns') as batch:
        batch.drop_column('cancelled_at')
