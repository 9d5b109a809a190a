"""downloads: files a task makes for one staff member (the campaign letters PDF), kept for a day (issue 23)

Revision ID: 0010k
Revises: 0010j
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0010k'
down_revision = '0010j'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('downloads',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('owner_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('locale', sa.String(length=10), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('done', sa.Integer(), nullable=False),
    sa.Column('total', sa.Integer(), nullable=True),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_downloads_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_downloads'))
    )
    with op.batch_alter_table('downloads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_downloads_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_downloads_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('downloads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_downloads_expires_at'))
        batch_op.drop_index(batch_op.f('ix_downloads_owner_id'))
    op.drop_table('downloads')
