"""merge: campaign cancellation (0005h9) and matching markers (0005s)

Revision ID: 0006s
Revises: 0005h9, 0005s
Create Date: 2026-12-02

"""

revision = '0006s'
down_revision = ('0005h9', '0005s')
branch_labels = depends_on = None


def upgrade(): """Nothing to change: this revision only joins campaign cancellation and matching markers."""


def downgrade(): """Nothing to change: the branches part again."""
