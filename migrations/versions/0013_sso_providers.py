"""sso: each municipality's OpenID Connect provider (issuer, client, the e-mail domains it covers)

Revision ID: 0013_sso
Revises: 0012_merge_issue21
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_sso'
down_revision = '0012_merge_issue21'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'sso_providers',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('municipality_id', sa.Uuid(), nullable=False),
        sa.Column('display_name', sa.String(length=80), nullable=False),
        sa.Column('issuer', sa.String(length=300), nullable=False),
        sa.Column('client_id', sa.String(length=200), nullable=False),
        sa.Column('client_secret', sa.String(length=300), nullable=False),
        sa.Column('email_domains', sa.JSON(), nullable=False),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], ondelete='CASCADE',
                                name='fk_sso_providers_municipality_id_municipalities'),
        sa.PrimaryKeyConstraint('id', name='pk_sso_providers'),
        sa.UniqueConstraint('municipality_id', name='uq_sso_providers_municipality_id'),
    )
    op.create_index(op.f('ix_sso_providers_updated_at'), 'sso_providers', ['updated_at'])


def downgrade():
    op.drop_table('sso_providers')
