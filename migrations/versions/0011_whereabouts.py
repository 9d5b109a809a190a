"""whereabouts: a vacancy's place (an organisation's meeting place) and contact person; the volunteer's chosen
contact channel on an engagement (issue 21, "Where and whom")

Revision ID: 0011_whereabouts
Revises: 0010t
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_whereabouts'
down_revision = '0010t'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('meeting_places',
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('organisation_id', sa.Uuid(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('street', sa.String(length=120), nullable=False),
    sa.Column('postcode', sa.String(length=7), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('directions', sa.String(length=300), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('(latitude IS NULL) = (longitude IS NULL)', name=op.f('ck_meeting_places_both_coordinates_or_none')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_meeting_places_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_places'))
    )
    op.create_index(op.f('ix_meeting_places_organisation_id'), 'meeting_places', ['organisation_id'], unique=False)
    op.add_column('opportunities', sa.Column('meeting_place_id', sa.Uuid(), nullable=True))
    op.create_index(op.f('ix_opportunities_meeting_place_id'), 'opportunities', ['meeting_place_id'], unique=False)
    op.create_foreign_key(op.f('fk_opportunities_meeting_place_id_meeting_places'), 'opportunities', 'meeting_places',
                          ['meeting_place_id'], ['id'], ondelete='SET NULL')
    op.create_table('vacancy_contacts',
    sa.Column('opportunity_id', sa.Uuid(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=False),
    sa.Column('channel', sa.String(length=5), nullable=False),
    sa.Column('phone', sa.String(length=16), nullable=True),
    sa.CheckConstraint("channel IN ('email','phone')", name=op.f('ck_vacancy_contacts_channel_known')),
    sa.CheckConstraint("(channel = 'phone') = (phone IS NOT NULL)", name=op.f('ck_vacancy_contacts_phone_with_phone_channel')),
    sa.ForeignKeyConstraint(['opportunity_id'], ['opportunities.id'], name=op.f('fk_vacancy_contacts_opportunity_id_opportunities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_vacancy_contacts_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('opportunity_id', name=op.f('pk_vacancy_contacts'))
    )
    op.create_index(op.f('ix_vacancy_contacts_user_id'), 'vacancy_contacts', ['user_id'], unique=False)
    op.add_column('engagements', sa.Column('contact_channel', sa.String(length=5), nullable=True))
    op.add_column('engagements', sa.Column('contact_phone', sa.String(length=16), nullable=True))
    op.create_check_constraint(op.f('ck_engagements_contact_channel_known'), 'engagements',
                               "contact_channel IS NULL OR contact_channel IN ('email','phone')")
    op.create_check_constraint(op.f('ck_engagements_contact_phone_with_phone_channel'), 'engagements',
                               "(coalesce(contact_channel, '') = 'phone') = (contact_phone IS NOT NULL)")


def downgrade():
    op.drop_constraint(op.f('ck_engagements_contact_phone_with_phone_channel'), 'engagements', type_='check')
    op.drop_constraint(op.f('ck_engagements_contact_channel_known'), 'engagements', type_='check')
    op.drop_column('engagements', 'contact_phone')
    op.drop_column('engagements', 'contact_channel')
    op.drop_index(op.f('ix_vacancy_contacts_user_id'), table_name='vacancy_contacts')
    op.drop_table('vacancy_contacts')
    op.drop_constraint(op.f('fk_opportunities_meeting_place_id_meeting_places'), 'opportunities', type_='foreignkey')
    op.drop_index(op.f('ix_opportunities_meeting_place_id'), table_name='opportunities')
    op.drop_column('opportunities', 'meeting_place_id')
    op.drop_index(op.f('ix_meeting_places_organisation_id'), table_name='meeting_places')
    op.drop_table('meeting_places')
