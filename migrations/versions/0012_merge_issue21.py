"""merge: the vacancy's place and contact (0011_whereabouts) and conversations (0011_threads), both issue 21

Revision ID: 0012_merge_issue21
Revises: 0011_whereabouts, 0011_threads
Create Date: 2026-12-07

"""
revision = '0012_merge_issue21'
down_revision = ('0011_whereabouts', '0011_threads')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
