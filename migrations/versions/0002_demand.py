"""demand and engagements: organisations, opportunities, shifts, initiatives, help requests, engagements

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


ROLES_BEFORE = "role IN ('volunteer','resident','coordinator','municipality_staff','merchant','admin')"
ROLES_AFTER = "role IN ('volunteer','resident','coordinator','intermediary','municipality_staff','merchant','admin')"


def upgrade():
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint('role_known', type_='check')
        batch_op.create_check_constraint('role_known', sa.text(ROLES_AFTER))
    op.create_table('calendar_feeds',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_calendar_feeds_volunteer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feeds')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_calendar_feeds_token_hash'))
    )
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_calendar_feeds_volunteer_id'), ['volunteer_id'], unique=False)

    op.create_table('idempotency_keys',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('method', sa.String(length=7), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('body_hash', sa.String(length=64), nullable=False),
    sa.Column('status_code', sa.Integer(), nullable=True),
    sa.Column('response_body', sa.Text(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_idempotency_keys_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_idempotency_keys')),
    sa.UniqueConstraint('user_id', 'key', name=op.f('uq_idempotency_keys_user_id_key'))
    )
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_idempotency_keys_expires_at'), ['expires_at'], unique=False)

    op.create_table('organisations',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('website', sa.String(length=200), nullable=True),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by', sa.Uuid(), nullable=True),
    sa.Column('reminder_hours', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_organisations_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['verified_by'], ['users.id'], name=op.f('fk_organisations_verified_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_updated_at'), ['updated_at'], unique=False)

    op.create_table('initiatives',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('neighbourhood_id', sa.Uuid(), nullable=False),
    sa.Column('proposer_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('help_needed', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=15), nullable=False),
    sa.Column('decline_reason', sa.Text(), nullable=True),
    sa.Column('status_changed_by', sa.Uuid(), nullable=True),
    sa.Column('status_changed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('received','in_discussion','supported','declined')", name=op.f('ck_initiatives_status_known')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_initiatives_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_initiatives_neighbourhood_id_neighbourhoods')),
    sa.ForeignKeyConstraint(['proposer_id'], ['users.id'], name=op.f('fk_initiatives_proposer_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['status_changed_by'], ['users.id'], name=op.f('fk_initiatives_status_changed_by_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_initiatives'))
    )
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_initiatives_municipality_id'), ['municipality_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_proposer_id'), ['proposer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_initiatives_updated_at'), ['updated_at'], unique=False)

    op.create_table('organisation_members',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('invited_by', sa.Uuid(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('accepted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('invited','active')", name=op.f('ck_organisation_members_status_known')),
    sa.ForeignKeyConstraint(['invited_by'], ['users.id'], name=op.f('fk_organisation_members_invited_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_organisation_members_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_organisation_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_members')),
    sa.UniqueConstraint('organisation_id', 'user_id', name=op.f('uq_organisation_members_organisation_id_user_id'))
    )
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_members_user_id'), ['user_id'], unique=False)

    op.create_table('initiative_supports',
    sa.Column('initiative_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_initiative_supports_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_initiative_supports_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('initiative_id', 'user_id', name=op.f('pk_initiative_supports'))
    )
    op.create_table('opportunities',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('municipality_id', sa.Uuid(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=True),
    sa.Column('initiative_id', sa.Uuid(), nullable=True),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=30), nullable=False),
    sa.Column('required_skills', sa.JSON(), nullable=False),
    sa.Column('nice_skills', sa.JSON(), nullable=False),
    sa.Column('remote', sa.Boolean(), nullable=False),
    sa.Column('postcode', sa.String(length=7), nullable=True),
    sa.Column('neighbourhood_id', sa.Uuid(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('max_distance_km', sa.Float(), nullable=True),
    sa.Column('requires_vog', sa.Boolean(), nullable=False),
    sa.Column('min_age', sa.Integer(), nullable=True),
    sa.Column('languages', sa.JSON(), nullable=False),
    sa.Column('commitment', sa.String(length=10), nullable=False),
    sa.Column('recurrence', sa.JSON(), nullable=True),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('created_by', sa.Uuid(), nullable=True),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("commitment IN ('one_off','regular')", name=op.f('ck_opportunities_commitment_known')),
    sa.CheckConstraint("kind IN ('vacancy','initiative_task','help_request')", name=op.f('ck_opportunities_kind_known')),
    sa.CheckConstraint("status IN ('draft','published','paused','filled','closed')", name=op.f('ck_opportunities_status_known')),
    sa.CheckConstraint('max_distance_km IS NULL OR max_distance_km >= 0', name=op.f('ck_opportunities_max_distance_not_negative')),
    sa.CheckConstraint('min_age IS NULL OR min_age BETWEEN 0 AND 100', name=op.f('ck_opportunities_min_age_range')),
    sa.ForeignKeyConstraint(['created_by'], ['users.id'], name=op.f('fk_opportunities_created_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['initiative_id'], ['initiatives.id'], name=op.f('fk_opportunities_initiative_id_initiatives'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_opportunities_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['neighbourhood_id'], ['neighbourhoods.id'], name=op.f('fk_opportunities_neighbourhood_id_neighbourhoods')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_opportunities_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opportunities'))
    )
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.create_index('ix_opportunities_feed', ['municipality_id', 'status', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunities_initiative_id'), ['initiative_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunities_neighbourhood_id'), ['neighbourhood_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunities_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_opportunities_updated_at'), ['updated_at'], unique=False)

    op.create_table('help_requests',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('requester_id', sa.Uuid(), nullable=True),
    sa.Column('intermediary_id', sa.Uuid(), nullable=True),
    sa.Column('resident_first_name', sa.String(length=40), nullable=True),
    sa.Column('consent_text_version', sa.String(length=20), nullable=True),
    sa.Column('consent_recorded_at', sa.DateTime(), nullable=True),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('window_end', sa.DateTime(), nullable=False),
    sa.Column('recurring', sa.Boolean(), nullable=False),
    sa.Column('urgency', sa.String(length=10), nullable=False),
    sa.Column('accepted_engagement_id', sa.Uuid(), nullable=True),
    sa.Column('matched_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("urgency IN ('low','normal','high','urgent')", name=op.f('ck_help_requests_urgency_known')),
    sa.CheckConstraint('requester_id IS NOT NULL OR intermediary_id IS NOT NULL', name=op.f('ck_help_requests_someone_asks')),
    sa.CheckConstraint('window_end > window_start', name=op.f('ck_help_requests_window_ends_after_start')),
    sa.ForeignKeyConstraint(['intermediary_id'], ['users.id'], name=op.f('fk_help_requests_intermediary_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_help_requests_opportunity_id_opportunities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requester_id'], ['users.id'], name=op.f('fk_help_requests_requester_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_help_requests')),
    sa.UniqueConstraint('opportunity_id', name=op.f('uq_help_requests_opportunity_id'))
    )
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_help_requests_intermediary_id'), ['intermediary_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_requests_requester_id'), ['requester_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_help_requests_updated_at'), ['updated_at'], unique=False)

    op.create_table('shifts',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('accepted_count', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('checkin_code', sa.String(length=12), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('open','cancelled')", name=op.f('ck_shifts_status_known')),
    sa.CheckConstraint('accepted_count >= 0 AND accepted_count <= capacity', name=op.f('ck_shifts_accepted_within_capacity')),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_shifts_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_shifts_ends_after_start')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_shifts_opportunity_id_opportunities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_shifts'))
    )
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_shifts_opportunity_id'), ['opportunity_id'], unique=False)
        batch_op.create_index('ix_shifts_start', ['starts_at', 'id'], unique=False)
        batch_op.create_index(batch_op.f('ix_shifts_updated_at'), ['updated_at'], unique=False)

    op.create_table('engagements',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=False),
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('shift_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('reasons', sa.JSON(), nullable=True),
    sa.Column('invited_by', sa.Uuid(), nullable=True),
    sa.Column('checked_in_at', sa.DateTime(), nullable=True),
    sa.Column('status_changed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('invited','applied','waitlisted','accepted','declined','withdrawn','checked_in','completed','no_show','closed')", name=op.f('ck_engagements_status_known')),
    sa.ForeignKeyConstraint(['invited_by'], ['users.id'], name=op.f('fk_engagements_invited_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_engagements_opportunity_id_opportunities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['shift_id'], ['shifts.id'], name=op.f('fk_engagements_shift_id_shifts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_engagements_volunteer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_engagements'))
    )
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_engagements_opportunity_id'), ['opportunity_id'], unique=False)
        batch_op.create_index('ix_engagements_shift_status', ['shift_id', 'status', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_updated_at'), ['updated_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_engagements_volunteer_id'), ['volunteer_id'], unique=False)
        batch_op.create_index('uq_engagements_volunteer_opportunity', ['volunteer_id', 'opportunity_id'], unique=True, postgresql_where=sa.text('shift_id IS NULL'))
        batch_op.create_index('uq_engagements_volunteer_shift', ['volunteer_id', 'shift_id'], unique=True, postgresql_where=sa.text('shift_id IS NOT NULL'))

    op.create_table('help_request_addresses',
    sa.Column('help_request_id', sa.Uuid(), nullable=False),
    sa.Column('street', sa.String(length=120), nullable=False),
    sa.Column('house_number', sa.String(length=12), nullable=False),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('notes', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['help_request_id'], ['help_requests.id'], name=op.f('fk_help_request_addresses_help_request_id_help_requests'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('help_request_id', name=op.f('pk_help_request_addresses'))
    )
    op.create_table('hours_entries',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('engagement_id', sa.Uuid(), nullable=False),
    sa.Column('volunteer_id', sa.Uuid(), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=10), nullable=False),
    sa.Column('approved_by', sa.Uuid(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('proposed','approved','rejected')", name=op.f('ck_hours_entries_status_known')),
    sa.CheckConstraint('minutes > 0 AND minutes <= 1440', name=op.f('ck_hours_entries_minutes_range')),
    sa.ForeignKeyConstraint(['approved_by'], ['users.id'], name=op.f('fk_hours_entries_approved_by_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['engagement_id'], ['engagements.id'], name=op.f('fk_hours_entries_engagement_id_engagements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['users.id'], name=op.f('fk_hours_entries_volunteer_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hours_entries')),
    sa.UniqueConstraint('engagement_id', name=op.f('uq_hours_entries_engagement_id'))
    )
    with op.batch_alter_table('hours_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hours_entries_approved_at'), ['approved_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_hours_entries_volunteer_id'), ['volunteer_id'], unique=False)



def downgrade():
    with op.batch_alter_table('role_grants', schema=None) as batch_op:
        batch_op.drop_constraint('role_known', type_='check')
        batch_op.create_check_constraint('role_known', sa.text(ROLES_BEFORE))
    with op.batch_alter_table('hours_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hours_entries_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_hours_entries_approved_at'))

    op.drop_table('hours_entries')
    op.drop_table('help_request_addresses')
    with op.batch_alter_table('engagements', schema=None) as batch_op:
        batch_op.drop_index('uq_engagements_volunteer_shift', postgresql_where=sa.text('shift_id IS NOT NULL'))
        batch_op.drop_index('uq_engagements_volunteer_opportunity', postgresql_where=sa.text('shift_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_engagements_volunteer_id'))
        batch_op.drop_index(batch_op.f('ix_engagements_updated_at'))
        batch_op.drop_index('ix_engagements_shift_status')
        batch_op.drop_index(batch_op.f('ix_engagements_opportunity_id'))

    op.drop_table('engagements')
    with op.batch_alter_table('shifts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_shifts_updated_at'))
        batch_op.drop_index('ix_shifts_start')
        batch_op.drop_index(batch_op.f('ix_shifts_opportunity_id'))

    op.drop_table('shifts')
    with op.batch_alter_table('help_requests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_help_requests_updated_at'))
        batch_op.drop_index(batch_op.f('ix_help_requests_requester_id'))
        batch_op.drop_index(batch_op.f('ix_help_requests_intermediary_id'))

    op.drop_table('help_requests')
    with op.batch_alter_table('opportunities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opportunities_updated_at'))
        batch_op.drop_index(batch_op.f('ix_opportunities_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_opportunities_neighbourhood_id'))
        batch_op.drop_index(batch_op.f('ix_opportunities_initiative_id'))
        batch_op.drop_index('ix_opportunities_feed')

    op.drop_table('opportunities')
    op.drop_table('initiative_supports')
    with op.batch_alter_table('organisation_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisation_members_user_id'))

    op.drop_table('organisation_members')
    with op.batch_alter_table('initiatives', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_initiatives_updated_at'))
        batch_op.drop_index(batch_op.f('ix_initiatives_proposer_id'))
        batch_op.drop_index(batch_op.f('ix_initiatives_municipality_id'))

    op.drop_table('initiatives')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_updated_at'))
        batch_op.drop_index(batch_op.f('ix_organisations_municipality_id'))

    op.drop_table('organisations')
    with op.batch_alter_table('idempotency_keys', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_idempotency_keys_expires_at'))

    op.drop_table('idempotency_keys')
    with op.batch_alter_table('calendar_feeds', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_calendar_feeds_volunteer_id'))

    op.drop_table('calendar_feeds')
