"""saved: favourites, saved searches with an alert for new vacancies, and what each alert named (issue 22)

Revision ID: 0013_saved
Revises: 0012_merge_issue21
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0013_saved'
down_revision = '0012_merge_issue21'
branch_labels = None
depends_on = None


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'),
                                   ondelete=ondelete)


def upgrade():
    op.create_table('favourites',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    _fk('favourites', 'user_id', 'users', 'CASCADE'),
    _fk('favourites', 'opportunity_id', 'opportunities', 'CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'opportunity_id', name=op.f('pk_favourites')),
    )
    op.create_index(op.f('ix_favourites_opportunity_id'), 'favourites', ['opportunity_id'])

    op.create_table('saved_searches',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('filters', sa.JSON(), nullable=False),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('channel', sa.String(length=10), nullable=False),
    sa.Column('checked_until', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("frequency IN ('weekly','daily','off')", name=op.f('ck_saved_searches_frequency_known')),
    sa.CheckConstraint("channel IN ('email','push')", name=op.f('ck_saved_searches_channel_known')),
    _fk('saved_searches', 'user_id', 'users', 'CASCADE'),
    _fk('saved_searches', 'municipality_id', 'municipalities', 'CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches')),
    )
    op.create_index(op.f('ix_saved_searches_user_id'), 'saved_searches', ['user_id'])

    op.create_table('saved_search_alerts',
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    _fk('saved_search_alerts', 'user_id', 'users', 'CASCADE'),
    _fk('saved_search_alerts', 'opportunity_id', 'opportunities', 'CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'opportunity_id', name=op.f('pk_saved_search_alerts')),
    )
    op.create_index(op.f('ix_saved_search_alerts_opportunity_id'), 'saved_search_alerts', ['opportunity_id'])


def downgrade():
    op.drop_table('saved_search_alerts')
    op.drop_table('saved_searches')
    op.drop_table('favourites')
