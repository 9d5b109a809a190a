"""jobs: Procrastinate's tables (the job engine on our PostgreSQL); job health now comes from them (issue 23)

The SQL is Procrastinate 3.10.0's own schema (procrastinate/sql/schema.sql), copied unchanged into
migrations/vendor/procrastinate_3_10_0_schema.sql, so that this migration stays what it was whatever version is
installed.
A later Procrastinate release that changes its schema ships migration scripts (procrastinate/sql/migrations/): they
go in as a new migration of ours, like any other change.

Revision ID: 0010j
Revises: 0009m
Create Date: 2026-12-07

"""
from pathlib import Path

from alembic import op
import sqlalchemy as sa


revision = '0010j'
down_revision = '0009m'
branch_labels = None
depends_on = None

SCHEMA = Path(__file__).resolve().parent.parent / "vendor" / "procrastinate_3_10_0_schema.sql"


def upgrade():
    # The driver's own execute: the file holds many statements and PL/pgSQL bodies (":=", "%") that
    # SQLAlchemy's text() would read as bind parameters.
    op.get_bind().exec_driver_sql(SCHEMA.read_text(encoding="utf-8").replace("%", "%%"))
    op.drop_table('job_health')


def downgrade():
    # The table as 0003n made it.
    op.create_table(
        'job_health', sa.Column('job_id', sa.String(length=60), nullable=False),
        sa.Column('last_started_at', sa.DateTime(), nullable=True), sa.Column('last_finished_at', sa.DateTime(), nullable=True),
        sa.Column('last_success_at', sa.DateTime(), nullable=True), sa.Column('last_error_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True), sa.Column('last_result', sa.String(length=200), nullable=True),
        sa.Column('last_duration_ms', sa.Integer(), nullable=True),
        sa.Column('runs', sa.Integer(), nullable=False), sa.Column('failures', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('job_id', name=op.f('pk_job_health')))
    op.execute("DROP TABLE procrastinate_events, procrastinate_periodic_defers, procrastinate_jobs, "
               "procrastinate_workers CASCADE")
    op.execute("""
        DO $$
        DECLARE f regprocedure;
        BEGIN
            FOR f IN SELECT p.oid::regprocedure FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                     WHERE n.nspname = current_schema() AND p.proname LIKE 'procrastinate\\_%' LOOP
                EXECUTE 'DROP FUNCTION ' || f;
            END LOOP;
        END $$""")
    op.execute("DROP TYPE procrastinate_job_to_defer_v1, procrastinate_job_event_type, procrastinate_job_status")
