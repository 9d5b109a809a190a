"""merge the feature branches: appreciation (0003a), matching runs (0003m), notifications (0003n)

Revision ID: 0004
Revises: 0003a, 0003m, 0003n
Create Date: 2026-11-22

"""

revision = '0004'
down_revision = ('0003a', '0003m', '0003n')
branch_labels = depends_on = None


def upgrade(): """Nothing to change: this revision only joins appreciation, matching runs and notifications."""


def downgrade(): """Nothing to change: the branches part again."""
