"""baseline: the whole schema as it stood at 0010t, in one revision (the 18 revisions before it squashed)

The project had no release yet, so the chain 0001_foundation ... 0010t_matching_tables became this one revision. It
keeps the id of the old head: a database already at 0010t is at this revision and upgrades on from here; an older
one must first reach 0010t with a release that still has the old chain (docs/decisions/migrations.md).

It runs two SQL files: migrations/baseline/schema.sql, our tables as pg_dump wrote them from a database migrated by
the old chain (made by migrations/baseline/make_schema.py), then Procrastinate 3.10.0's own schema, copied unchanged
into migrations/vendor/ (a later Procrastinate release that changes it ships migration scripts: they go in as a new
revision of ours). Both files are frozen: every change of the schema is a new revision on top of this one.

Revision ID: 0010t
Revises:
Create Date: 2026-12-07

"""
from pathlib import Path
import re

from alembic import op


revision = '0010t'
down_revision = None
branch_labels = None
depends_on = None

MIGRATIONS = Path(__file__).resolve().parent.parent
SCHEMA_FILES = (MIGRATIONS / "baseline" / "schema.sql", MIGRATIONS / "vendor" / "procrastinate_3_10_0_schema.sql")


def _created(kind: str) -> list[str]:
    """The names of what the files create of that kind ("TABLE", "TYPE", "FUNCTION"), in the order they do."""
    pattern = re.compile(rf"^CREATE {kind} (\w+)", re.MULTILINE)
    return [name for path in SCHEMA_FILES for name in pattern.findall(path.read_text(encoding="utf-8"))]


def upgrade():
    for path in SCHEMA_FILES:
        # The driver's own execute: the files hold many statements and PL/pgSQL bodies (":=", "%") that
        # SQLAlchemy's text() would read as bind parameters.
        op.get_bind().exec_driver_sql(path.read_text(encoding="utf-8").replace("%", "%%"))


def downgrade():
    # Everything the two files made: Procrastinate's functions (with the triggers that call them; some return its
    # tables' rows, so they go first), the tables (with their sequences, indexes and constraints), its types.
    op.execute("DROP FUNCTION " + ", ".join(_created("FUNCTION")) + " CASCADE")
    op.execute("DROP TABLE " + ", ".join(_created("TABLE")) + " CASCADE")
    op.execute("DROP TYPE " + ", ".join(_created("TYPE")))
