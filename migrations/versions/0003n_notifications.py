"""notifications: device tokens, preferences, reminder replies, job health, availability checks

Revision ID: 0003n
Revises: 0002
Create Date: 2026-11-23

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003n'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('device_tokens',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('token', sa.String(length=300), nullable=False),
    sa.Column('provider', sa.String(length=10), nullable=False),
    sa.Column('platform', sa.String(length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("provider IN ('expo','fcm')", name=op.f('ck_device_tokens_provider_known')),
    sa.CheckConstraint("platform IN ('ios','android','web')", name=op.f('ck_device_tokens_platform_known')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_device_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_device_tokens')),
    sa.UniqueConstraint('token', name=op.f('uq_device_tokens_token'))
    )
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_device_tokens_user_id'), ['user_id'], unique=False)

    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('channels', sa.JSON(), nullable=False),
    sa.Column('quiet_hours_enabled', sa.Boolean(), nullable=False),
    sa.Column('quiet_start_minute', sa.Integer(), nullable=True),
    sa.Column('quiet_end_minute', sa.Integer(), nullable=True),
    sa.Column('daily_digest', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_notification_preferences'))
    )
    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_preferences_updated_at'), ['updated_at'], unique=False)

    op.create_table('reminder_replies',
    sa.Column('engagement_id', sa.Uuid(), nullable=False),
    sa.Column('answer', sa.String(length=20), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("answer IN ('coming','cant_make_it')", name=op.f('ck_reminder_replies_answer_known')),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], name=op.f('fk_reminder_replies_engagement_id_engagements'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('engagement_id', name=op.f('pk_reminder_replies'))
    )

    op.create_table('job_health',
    sa.Column('job_id', sa.String(length=60), nullable=False),
    sa.Column('last_started_at', sa.DateTime(), nullable=True),
    sa.Column('last_finished_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('last_error_at', sa.DateTime(), nullable=True),
    sa.Column('last_error', sa.String(length=300), nullable=True),
    sa.Column('last_result', sa.String(length=200), nullable=True),
    sa.Column('last_duration_ms', sa.Integer(), nullable=True),
    sa.Column('runs', sa.Integer(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('job_id', name=op.f('pk_job_health'))
    )

    op.create_table('availability_checks',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('asked_at', sa.DateTime(), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('paused_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_availability_checks_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_availability_checks'))
    )


def downgrade():
    op.drop_table('availability_checks')
    op.drop_table('job_health')
    op.drop_table('reminder_replies')
    with op.batch_alter_table('notification_preferences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_preferences_updated_at'))
    op.drop_table('notification_preferences')
    with op.batch_alter_table('device_tokens', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_device_tokens_user_id'))
    op.drop_table('device_tokens')
