"""help_request_addresses: phone (optional; shown only to the volunteer both sides accepted)

Revision ID: 0007c
Revises: 0006s
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0007c'
down_revision = '0006s'
branch_labels = None
depends_on = None


def upgrade():
    # A plain nullable column. Stored normalised (+31...), or NULL when not shared.
    op.add_column('help_request_addresses', sa.Column('phone', sa.String(16), nullable=True))


def downgrade():
    with op.batch_alter_table('help_request_addresses') as batch:
        batch.drop_column('phone')
