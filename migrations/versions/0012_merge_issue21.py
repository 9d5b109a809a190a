"""merge: the vacancy's place and contact (0011_whereabouts), conversations (0011_threads), webhooks (0011_hooks),
a gift rejection's reason (0011_seam)

Revision ID: 0012_merge_issue21
Revises: 0011_whereabouts, 0011_threads, 0011_hooks, 0011_seam
Create Date: 2026-12-07

"""
revision = '0012_merge_issue21'
down_revision = ('0011_whereabouts', '0011_threads', '0011_hooks', '0011_seam')
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
