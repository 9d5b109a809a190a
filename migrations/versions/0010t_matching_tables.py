"""matching: the encoded volunteer and demand tables, built once and loaded by every worker (issue 23)

Revision ID: 0010t
Revises: 0010k
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0010t'
down_revision = '0010k'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('matching_tables',
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=True),
    sa.Column('position', sa.BigInteger(), nullable=False),
    sa.Column('built_at', sa.DateTime(), nullable=False),
    sa.Column('half_hour', sa.DateTime(), nullable=True),
    sa.Column('rows', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_matching_tables_municipality_id_municipalities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('municipality_id', 'kind', name=op.f('pk_matching_tables'))
    )
    # The data is compressed already (stored_tables.table_bytes): PostgreSQL need not try again.
    op.execute("ALTER TABLE matching_tables ALTER COLUMN data SET STORAGE EXTERNAL")


def downgrade():
    op.drop_table('matching_tables')
