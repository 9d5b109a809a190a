"""A gift that staff turn down carries the reason its shop reads, as an organisation or a shop does (issue 20).

Revision 0011_seam, on 0010t.
"""
import sqlalchemy as sa
from alembic import op

revision, down_revision = "0011_seam", "0010t"
branch_labels = depends_on = None


def upgrade():
    op.add_column("gifts", sa.Column("rejection_reason", sa.String(length=500), nullable=True))


def downgrade():
    op.drop_column("gifts", "rejection_reason")
