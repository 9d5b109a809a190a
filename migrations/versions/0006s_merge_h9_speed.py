"""merge: campaign cancellation (0005h9) and matching markers (0005s)

Revision ID: 0006s
Revises: 0005h9, 0005s
Create Date: 2026-12-02

"""

revision = '0006s'
down_revision = ('0005h9', '0005s')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
