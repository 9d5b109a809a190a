"""merge: consent method and verification (0007a), campaign web (0007b), help contact phone (0007c), web push (0007p)

Revision ID: 0008
Revises: 0007a, 0007b, 0007c, 0007p
Create Date: 2026-12-02

"""

revision = '0008'
down_revision = ('0007a', '0007b', '0007c', '0007p')
branch_labels = depends_on = None


def upgrade(): """Nothing to change: this revision only joins the four web-portal branches."""


def downgrade(): """Nothing to change: the branches part again."""
