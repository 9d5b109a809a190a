"""webhooks: endpoints of organisations and municipalities, their delivery log, and the triggers that write it

The events are derived in the database, by triggers on the rows that change, in the statement that changes them:
no operation has to remember a call, Core and bulk statements are covered as well as the ORM's, and the requests
people wait for send no extra statement (tests/http/test_statement_counts.py). Each event becomes one delivery row
per enabled endpoint that asked for it, of the vacancy's organisation and of the municipality:

    engagements     engagement.signed_up   a shift engagement inserted as applied, accepted or waitlisted, or
                                           becoming one of those from withdrawn, declined or invited
                    engagement.withdrawn   becomes withdrawn
                    engagement.checked_in  becomes checked_in
    hours_entries   hours.approved         becomes approved
    help_requests   help_request.matched   gets its accepted engagement
    gift_claims     gift_claim.created     inserted (a claim in the app, a letter code exchanged or redeemed)
                    gift_claim.redeemed    redeemed (at insertion for a letter code redeemed at the shop)

The body is {"type", "timestamp", "data"}; data holds ids, a status and minutes: nothing that names a person. Times
come from the changed row (written by the application's clock), so that a delivery is due at the moment of the
change whatever the database server's clock says.

Revision ID: 0011_hooks
Revises: 0010t
Create Date: 2026-12-07

"""
from alembic import op
import sqlalchemy as sa


revision = '0011_hooks'
down_revision = '0010t'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'webhook_endpoints',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('organisation_id', sa.Uuid(), nullable=True),
        sa.Column('municipality_id', sa.Uuid(), nullable=True),
        sa.Column('url', sa.String(length=500), nullable=False),
        sa.Column('event_types', sa.JSON(), nullable=False),
        sa.Column('secret', sa.String(length=80), nullable=False),
        sa.Column('previous_secret', sa.String(length=80), nullable=True),
        sa.Column('previous_secret_until', sa.DateTime(), nullable=True),
        sa.Column('enabled', sa.Boolean(), nullable=False),
        sa.Column('consecutive_failures', sa.Integer(), nullable=False),
        sa.Column('disabled_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('(organisation_id IS NULL) <> (municipality_id IS NULL)',
                           name='ck_webhook_endpoints_one_owner'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], ondelete='CASCADE',
                                name='fk_webhook_endpoints_organisation_id_organisations'),
        sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], ondelete='CASCADE',
                                name='fk_webhook_endpoints_municipality_id_municipalities'),
        sa.PrimaryKeyConstraint('id', name='pk_webhook_endpoints'),
    )
    op.create_index(op.f('ix_webhook_endpoints_organisation_id'), 'webhook_endpoints', ['organisation_id'])
    op.create_index(op.f('ix_webhook_endpoints_municipality_id'), 'webhook_endpoints', ['municipality_id'])
    op.create_index(op.f('ix_webhook_endpoints_updated_at'), 'webhook_endpoints', ['updated_at'])
    op.create_table(
        'webhook_deliveries',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('endpoint_id', sa.Uuid(), nullable=False),
        sa.Column('event_type', sa.String(length=40), nullable=False),
        sa.Column('payload', sa.JSON(), nullable=False),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_attempt_at', sa.DateTime(), nullable=False),
        sa.Column('last_status_code', sa.Integer(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('delivered_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint("status IN ('pending','delivered','failed')",
                           name='ck_webhook_deliveries_status_known'),
        sa.ForeignKeyConstraint(['endpoint_id'], ['webhook_endpoints.id'], ondelete='CASCADE',
                                name='fk_webhook_deliveries_endpoint_id_webhook_endpoints'),
        sa.PrimaryKeyConstraint('id', name='pk_webhook_deliveries'),
    )
    op.create_index('ix_webhook_deliveries_due', 'webhook_deliveries', ['status', 'next_attempt_at'])
    op.create_index('ix_webhook_deliveries_endpoint', 'webhook_deliveries', ['endpoint_id', 'created_at'])
    op.execute(TRIGGERS_SQL)


def downgrade():
    for table, name in TRIGGERS:
        op.execute(f"DROP TRIGGER {name} ON {table}")
    for function in ("webhook_engagement_event", "webhook_hours_event", "webhook_help_event", "webhook_claim_event",
                     "webhook_enqueue"):
        op.execute(f"DROP FUNCTION {function}")
    op.drop_table('webhook_deliveries')
    op.drop_table('webhook_endpoints')


TRIGGERS = (("engagements", "webhook_engagement"), ("hours_entries", "webhook_hours"),
            ("help_requests", "webhook_help"), ("gift_claims", "webhook_claim"))

TRIGGERS_SQL = r"""
CREATE FUNCTION webhook_enqueue(p_kind text, p_data jsonb, p_org uuid, p_mun uuid, p_at timestamp) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload, status, attempts, next_attempt_at,
                                    created_at)
    SELECT gen_random_uuid(), e.id, p_kind,
           json_build_object('type', p_kind, 'timestamp', to_char(p_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                             'data', p_data),
           'pending', 0, p_at, p_at
    FROM webhook_endpoints e
    WHERE e.enabled AND (e.municipality_id = p_mun OR e.organisation_id = p_org) AND e.event_types::jsonb ? p_kind
$$;

CREATE FUNCTION webhook_engagement_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    event text;
    old_status text := CASE WHEN TG_OP = 'UPDATE' THEN OLD.status END;
BEGIN
    IF old_status IS NOT DISTINCT FROM NEW.status THEN
        RETURN NULL;
    ELSIF NEW.status IN ('applied', 'accepted', 'waitlisted') THEN
        IF NEW.shift_id IS NOT NULL AND (old_status IS NULL OR old_status IN ('withdrawn', 'declined', 'invited'))
        THEN
            event := 'engagement.signed_up';
        END IF;
    ELSIF NEW.status = 'withdrawn' THEN
        event := 'engagement.withdrawn';
    ELSIF NEW.status = 'checked_in' THEN
        event := 'engagement.checked_in';
    END IF;
    IF event IS NOT NULL THEN
        PERFORM webhook_enqueue(event, jsonb_build_object('engagement_id', NEW.id, 'opportunity_id',
                                                         NEW.opportunity_id, 'shift_id', NEW.shift_id,
                                                         'status', NEW.status),
                                o.organisation_id, o.municipality_id, COALESCE(NEW.status_changed_at, NEW.updated_at))
        FROM opportunities o WHERE o.id = NEW.opportunity_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION webhook_hours_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.status = 'approved' AND (TG_OP = 'INSERT' OR OLD.status <> 'approved') THEN
        PERFORM webhook_enqueue('hours.approved',
                                jsonb_build_object('hours_id', NEW.id, 'engagement_id', NEW.engagement_id,
                                                   'opportunity_id', e.opportunity_id, 'shift_id', e.shift_id,
                                                   'minutes', NEW.minutes, 'status', NEW.status),
                                o.organisation_id, o.municipality_id, COALESCE(NEW.approved_at, NEW.created_at))
        FROM engagements e JOIN opportunities o ON o.id = e.opportunity_id WHERE e.id = NEW.engagement_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION webhook_help_event() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.accepted_engagement_id IS NOT NULL
       AND (TG_OP = 'INSERT' OR OLD.accepted_engagement_id IS DISTINCT FROM NEW.accepted_engagement_id) THEN
        PERFORM webhook_enqueue('help_request.matched',
                                jsonb_build_object('help_request_id', NEW.id, 'opportunity_id', NEW.opportunity_id,
                                                   'engagement_id', NEW.accepted_engagement_id),
                                o.organisation_id, o.municipality_id, COALESCE(NEW.matched_at, NEW.updated_at))
        FROM opportunities o WHERE o.id = NEW.opportunity_id;
    END IF;
    RETURN NULL;
END $$;

CREATE FUNCTION webhook_claim_event() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    body jsonb := jsonb_build_object('gift_claim_id', NEW.id, 'campaign_id', NEW.campaign_id, 'gift_id',
                                     NEW.gift_id, 'merchant_id', NEW.merchant_id);
    mun uuid := (SELECT c.municipality_id FROM campaigns c WHERE c.id = NEW.campaign_id);
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM webhook_enqueue('gift_claim.created', body, NULL, mun, NEW.created_at);
    END IF;
    IF NEW.redeemed_at IS NOT NULL AND (TG_OP = 'INSERT' OR OLD.redeemed_at IS NULL) THEN
        PERFORM webhook_enqueue('gift_claim.redeemed', body, NULL, mun, NEW.redeemed_at);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER webhook_engagement AFTER INSERT OR UPDATE OF status ON engagements
    FOR EACH ROW EXECUTE FUNCTION webhook_engagement_event();
CREATE TRIGGER webhook_hours AFTER INSERT OR UPDATE OF status ON hours_entries
    FOR EACH ROW EXECUTE FUNCTION webhook_hours_event();
CREATE TRIGGER webhook_help AFTER INSERT OR UPDATE OF accepted_engagement_id ON help_requests
    FOR EACH ROW EXECUTE FUNCTION webhook_help_event();
CREATE TRIGGER webhook_claim AFTER INSERT OR UPDATE OF redeemed_at ON gift_claims
    FOR EACH ROW EXECUTE FUNCTION webhook_claim_event();
"""
