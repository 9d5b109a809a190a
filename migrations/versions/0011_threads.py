"""conversations: threads about a vacancy, a shift or an accepted help offer, their messages, readers, reports
and blocks (issue 21)

Revision ID: 0011_threads
Revises: 0010t
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_threads'
down_revision = '0010t'
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete=ondelete)


def upgrade():
    op.create_table('conversation_threads',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=True),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('shift_id', sa.Uuid(), nullable=True),
    sa.Column('help_request_id', sa.Uuid(), nullable=True),
    sa.Column('engagement_id', sa.Uuid(), nullable=True),
    sa.Column('volunteer_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_message_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('vacancy','shift','help')", name=op.f('ck_conversation_threads_kind_known')),
    sa.CheckConstraint("(kind = 'vacancy' AND organisation_id IS NOT NULL AND opportunity_id IS NOT NULL)"
                       " OR (kind = 'shift' AND organisation_id IS NOT NULL AND shift_id IS NOT NULL)"
                       " OR (kind = 'help' AND help_request_id IS NOT NULL)",
                       name=op.f('ck_conversation_threads_subject_known')),
    _fk('conversation_threads', 'municipality_id', 'municipalities', 'CASCADE'),
    _fk('conversation_threads', 'organisation_id', 'organisations', 'CASCADE'),
    _fk('conversation_threads', 'opportunity_id', 'opportunities', 'CASCADE'),
    _fk('conversation_threads', 'shift_id', 'shifts', 'CASCADE'),
    _fk('conversation_threads', 'help_request_id', 'help_requests', 'CASCADE'),
    _fk('conversation_threads', 'engagement_id', 'engagements', 'SET NULL'),
    _fk('conversation_threads', 'volunteer_id', 'users', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_threads')),
    sa.UniqueConstraint('shift_id', name=op.f('uq_conversation_threads_shift_id')),
    sa.UniqueConstraint('engagement_id', name=op.f('uq_conversation_threads_engagement_id')),
    )
    op.create_index('ix_conversation_threads_organisation_id', 'conversation_threads', ['organisation_id'])
    op.create_index('ix_conversation_threads_volunteer_id', 'conversation_threads', ['volunteer_id'])
    op.create_index('ix_conversation_threads_help_request_id', 'conversation_threads', ['help_request_id'])
    op.create_index('ix_conversation_threads_last_message_at', 'conversation_threads', ['last_message_at'])
    op.create_index('uq_conversation_threads_vacancy', 'conversation_threads', ['opportunity_id', 'volunteer_id'],
                    unique=True, postgresql_where=sa.text("kind = 'vacancy'"))

    op.create_table('conversation_messages',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('thread_id', sa.Uuid(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('sender_id', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('conversation_messages', 'thread_id', 'conversation_threads', 'CASCADE'),
    _fk('conversation_messages', 'sender_id', 'users', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_messages')),
    )
    op.create_index('ix_conversation_messages_thread_created', 'conversation_messages', ['thread_id', 'created_at'])
    op.create_index('ix_conversation_messages_sender_id', 'conversation_messages', ['sender_id'])

    # per thread and person: read up to when, told of a new message when (one notice an hour at most)
    op.create_table('conversation_readers',
    sa.Column('thread_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('thread_id', 'user_id', name=op.f('pk_conversation_readers')),
    *[sa.Column(name, sa.DateTime(), nullable=True) for name in ('read_at', 'noticed_at')],
    _fk('conversation_readers', 'thread_id', 'conversation_threads', 'CASCADE'),
    _fk('conversation_readers', 'user_id', 'users', 'CASCADE'),
    )
    op.create_index('ix_conversation_readers_user_id', 'conversation_readers', ['user_id'])

    op.create_table('conversation_reports',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('thread_id', sa.Uuid(), nullable=False),
    sa.Column('message_id', sa.Uuid(), nullable=False),
    sa.Column('reported_by', sa.Uuid(), nullable=True),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('conversation_reports', 'thread_id', 'conversation_threads', 'CASCADE'),
    _fk('conversation_reports', 'message_id', 'conversation_messages', 'CASCADE'),
    _fk('conversation_reports', 'reported_by', 'users', 'SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_reports')),
    )
    op.create_index('ix_conversation_reports_thread_id', 'conversation_reports', ['thread_id'])
    op.create_index('ix_conversation_reports_reported_by', 'conversation_reports', ['reported_by'])

    # who blocked whom: both sides are accounts, and go with either
    op.create_table('conversation_blocks',
    *[sa.Column(name, sa.Uuid(), nullable=False) for name in ('blocker_id', 'blocked_id')],
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('blocker_id', 'blocked_id', name=op.f('pk_conversation_blocks')),
    *[_fk('conversation_blocks', name, 'users', 'CASCADE') for name in ('blocker_id', 'blocked_id')],
    )
    op.create_index('ix_conversation_blocks_blocked_id', 'conversation_blocks', ['blocked_id'])


def downgrade():
    op.drop_table('conversation_blocks')
    op.drop_table('conversation_reports')
    op.drop_table('conversation_readers')
    op.drop_table('conversation_messages')
    op.drop_table('conversation_threads')
