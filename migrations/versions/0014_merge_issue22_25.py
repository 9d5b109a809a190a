"""merge: favourites and saved searches (0013_saved), webhook secrets encrypted at rest (0013_dashboard), the
municipalities' identity providers (0013_sso)

Revision ID: 0014_merge_issue22_25
Revises: 0013_saved, 0013_dashboard, 0013_sso
Create Date: 2026-12-07

"""
revision = '0014_merge_issue22_25'
down_revision = ('0013_saved', '0013_dashboard', '0013_sso')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
