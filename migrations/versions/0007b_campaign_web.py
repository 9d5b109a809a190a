"""campaign run from the web: curated campaigns (shops by invitation, gifts approved by staff), gift pictures

Revision ID: 0007b
Revises: 0006s
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa

revision = '0007b'
down_revision = '0006s'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.add_column(sa.Column('curated', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('gifts', schema=None) as batch_op:
        # Gifts offered before this migration were shown at once: they count as approved.
        batch_op.add_column(sa.Column('status', sa.String(length=10), nullable=False, server_default='approved'))
        batch_op.add_column(sa.Column('reviewed_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('picture', sa.LargeBinary(), nullable=True))
        batch_op.add_column(sa.Column('picture_type', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(op.f('ck_gifts_status_known'), sa.text("status IN ('pending','approved','rejected')"))
    op.create_table('campaign_shops',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('campaign_id', sa.Uuid(), nullable=False),
    sa.Column('merchant_id', sa.Uuid(), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['campaign_id'], ['campaigns.id'], name=op.f('fk_campaign_shops_campaign_id_campaigns'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['merchant_id'], ['merchants.id'], name=op.f('fk_campaign_shops_merchant_id_merchants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign_shops')),
    sa.UniqueConstraint('campaign_id', 'merchant_id', name=op.f('uq_campaign_shops_campaign_id_merchant_id'))
    )
    with op.batch_alter_table('campaign_shops', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_shops_merchant_id'), ['merchant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('campaign_shops', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_campaign_shops_merchant_id'))
    op.drop_table('campaign_shops')
    with op.batch_alter_table('gifts', schema=None) as batch_op:
        batch_op.drop_constraint('ck_gifts_status_known', type_='check')
        batch_op.drop_column('picture_type')
        batch_op.drop_column('picture')
        batch_op.drop_column('reviewed_at')
        batch_op.drop_column('status')
    with op.batch_alter_table('campaigns', schema=None) as batch_op:
        batch_op.drop_column('curated')
