"""consent method of a help request posted on a resident's behalf; rejection (with a reason) of organisations and
shops; intermediaries' applications to the municipality

Revision ID: 0007a
Revises: 0006s
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0007a'
down_revision = '0006s'
branch_labels = None
depends_on = None


def upgrade():
    # Plain nullable columns. Requests posted before this change have no recorded method (NULL).
    op.add_column('help_requests', sa.Column('consent_method', sa.String(length=12), nullable=True))
    for table in ('organisations', 'merchants'):
        op.add_column(table, sa.Column('rejected_at', sa.DateTime(), nullable=True))
        op.add_column(table, sa.Column('rejection_reason', sa.String(length=500), nullable=True))
    op.create_table(
        'intermediary_applications',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('user_id', sa.Uuid(), nullable=False),
        sa.Column('municipality_id', sa.Uuid(), nullable=False),
        sa.Column('organisation_name', sa.String(length=120), nullable=False),
        sa.Column('job_title', sa.String(length=80), nullable=False),
        sa.Column('motivation', sa.String(length=1000), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('decision_reason', sa.String(length=500), nullable=True),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('decided_by', sa.Uuid(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("status IN ('pending','approved','rejected')",
                           name=op.f('ck_intermediary_applications_status_known')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], ondelete='CASCADE',
                                name=op.f('fk_intermediary_applications_user_id_users')),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], ondelete='CASCADE',
                                name=op.f('fk_intermediary_applications_municipality_id_municipalities')),
        sa.ForeignKeyConstraint(['decided_by'], ['users.id'], ondelete='SET NULL',
                                name=op.f('fk_intermediary_applications_decided_by_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_intermediary_applications')),
    )
    op.create_index(op.f('ix_intermediary_applications_user_id'), 'intermediary_applications', ['user_id'])
    op.create_index(op.f('ix_intermediary_applications_municipality_id'), 'intermediary_applications',
                    ['municipality_id'])


def downgrade():
    op.drop_index(op.f('ix_intermediary_applications_municipality_id'), table_name='intermediary_applications')
    op.drop_index(op.f('ix_intermediary_applications_user_id'), table_name='intermediary_applications')
    op.drop_table('intermediary_applications')
    for table in ('merchants', 'organisations'):
        with op.batch_alter_table(table) as batch:
            batch.drop_column('rejection_reason')
            batch.drop_column('rejected_at')
    with op.batch_alter_table('help_requests') as batch:
        batch.drop_column('consent_method')
