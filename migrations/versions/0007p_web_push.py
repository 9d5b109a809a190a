"""device_tokens: web push subscriptions (provider 'webpush', the browser's keys, endpoints up to 1000 characters)

Revision ID: 0007p
Revises: 0006s
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0007p'
down_revision = '0006s'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.alter_column('token', existing_type=sa.String(length=300), type_=sa.String(length=1000),
                              existing_nullable=False)
        batch_op.add_column(sa.Column('p256dh', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('auth', sa.String(length=40), nullable=True))
        batch_op.drop_constraint(batch_op.f('ck_device_tokens_provider_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_device_tokens_provider_known'),
                                         "provider IN ('expo','fcm','webpush')")
        batch_op.create_check_constraint(batch_op.f('ck_device_tokens_webpush_has_keys'),
                                         "provider <> 'webpush' OR (p256dh IS NOT NULL AND auth IS NOT NULL)")


def downgrade():
    op.execute("DELETE FROM device_tokens WHERE provider = 'webpush'")
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_device_tokens_webpush_has_keys'), type_='check')
        batch_op.drop_constraint(batch_op.f('ck_device_tokens_provider_known'), type_='check')
        batch_op.create_check_constraint(batch_op.f('ck_device_tokens_provider_known'), "provider IN ('expo','fcm')")
        batch_op.drop_column('auth')
        batch_op.drop_column('p256dh')
        batch_op.alter_column('token', existing_type=sa.String(length=1000), type_=sa.String(length=300),
                              existing_nullable=False)
