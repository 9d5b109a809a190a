"""The demo's demand through `flask seed-demo`: initiatives, requests for help and engagement history, added once,
consistent with what the API itself would have written."""
from datetime import timedelta

import sqlalchemy as sa

from backend.accounts.models import RoleGrant, User
from backend.engagements.models import HOLDING, Engagement, HoursEntry
from backend.help.models import CATEGORIES, HelpRequest, HelpRequestAddress
from backend.initiatives.models import Initiative, InitiativeSupport
from backend.models_base import utcnow
from backend.opportunities.models import Opportunity, Shift
from tests.support import login, volunteer

SMALL = ["seed-demo", "--volunteers", "150", "--organisations", "6", "--opportunities", "30", "--initiatives", "12",
         "--help-requests", "20", "--quiet"]
DEMO = "demo.doemee.invalid"
PASSWORD = "doemee-demo-2026"
TABLES = (User, RoleGrant, Initiative, InitiativeSupport, Opportunity, Shift, HelpRequest, HelpRequestAddress,
          Engagement, HoursEntry)


def _seed(cli):
    result = cli.invoke(args=SMALL)
    assert result.exit_code == 0, result.output
    return result.output


def _count(session, model, *where) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def _counts(session) -> list[int]:
    session.expire_all()
    return [_count(session, m) for m in TABLES]


def test_seed_demo_adds_the_demand_in_the_numbers_asked(cli, db_session):
    output = _seed(cli)
    assert "12 added" in output and "20 added" in output
    assert _count(db_session, Initiative) == 12
    assert _count(db_session, Opportunity, Opportunity.kind == "vacancy") == 30
    assert _count(db_session, HelpRequest) == 20
    statuses = dict(db_session.execute(sa.select(Engagement.status, sa.func.count()).group_by(Engagement.status)).all())
    # A history, not just sign-ups: work done and approved, and sign-ups for what is still to come.
    assert statuses.get("completed", 0) > 0 and statuses.get("accepted", 0) > 0
    assert _count(db_session, HoursEntry, HoursEntry.status == "approved") > 0
    past = _count(db_session, Shift, Shift.ends_at < utcnow(), Shift.accepted_count > 0)
    assert past > 0


def test_a_second_run_adds_nothing(cli, db_session):
    _seed(cli)
    before = _counts(db_session)
    output = _seed(cli)
    assert _counts(db_session) == before
    assert "all 212 already there" in output and "every demo opportunity already has engagements" in output
    assert "0 added with 0 supporters" in output and "0 added with 0 open offers" in output


def test_places_taken_add_up_and_never_exceed_capacity(cli, db_session):
    _seed(cli)
    holding = dict(db_session.execute(
        sa.select(Engagement.shift_id, sa.func.count()).where(Engagement.status.in_(HOLDING))
        .group_by(Engagement.shift_id)).all())
    waiting = set(db_session.scalars(sa.select(Engagement.shift_id).where(Engagement.status == "waitlisted")))
    shifts = db_session.scalars(sa.select(Shift)).all()
    assert sum(holding.values()) > 0
    for shift in shifts:
        assert shift.accepted_count == holding.get(shift.id, 0), shift.id
        assert shift.accepted_count <= shift.capacity
        if shift.id in waiting:  # nobody waits for a shift with a free place
            assert shift.accepted_count == shift.capacity
            assert shift.starts_at > utcnow()


def test_hours_only_for_work_done_and_approved_by_a_coordinator(cli, db_session):
    _seed(cli)
    rows = db_session.execute(sa.select(HoursEntry, Engagement.status, Shift.ends_at)
                              .join(Engagement, Engagement.id == HoursEntry.engagement_id)
                              .join(Shift, Shift.id == Engagement.shift_id)).all()
    assert rows
    for hours, status, ends_at in rows:
        assert status in ("completed", "checked_in")
        assert ends_at < utcnow()
        assert (hours.status == "approved") == (status == "completed")
        if hours.status == "approved":
            assert hours.approved_by is not None and hours.approved_at is not None
    no_shows = db_session.scalars(sa.select(Engagement.id).where(Engagement.status == "no_show")).all()
    assert not db_session.scalars(sa.select(HoursEntry).where(HoursEntry.engagement_id.in_(no_shows))).all()
    upcoming = sa.select(Shift.id).where(Shift.starts_at > utcnow())
    assert _count(db_session, Engagement, Engagement.shift_id.in_(upcoming),
                  Engagement.status.in_(("completed", "checked_in", "no_show"))) == 0


def test_requests_for_help_are_open_soon_and_have_an_address(cli, db_session):
    _seed(cli)
    now = utcnow()
    requests = db_session.execute(sa.select(HelpRequest, Opportunity)
                                  .join(Opportunity, Opportunity.id == HelpRequest.opportunity_id)).all()
    assert {r.urgency for r, _ in requests} >= {"low", "normal", "high"}
    assert any(r.intermediary_id for r, _ in requests) and any(r.requester_id for r, _ in requests)
    for request, opportunity in requests:
        assert opportunity.status == "published" and opportunity.category in CATEGORIES
        assert now < request.window_start < request.window_end <= now + timedelta(days=14)
        assert opportunity.postcode is None  # the address lives apart
        address = db_session.get(HelpRequestAddress, request.id)
        assert address is not None and address.street and address.house_number and address.postcode
        if request.intermediary_id:
            assert request.resident_first_name and request.consent_text_version and request.consent_recorded_at


def test_a_wijkteam_worker_sees_their_request_with_consent_and_address(cli, client, db_session):
    _seed(cli)
    worker = db_session.scalar(sa.select(User).where(User.email == f"wijkteam-01@{DEMO}"))
    request = db_session.scalar(sa.select(HelpRequest).where(HelpRequest.intermediary_id == worker.id).limit(1))
    if request is None:  # this worker posted none of the twenty: take the one who did
        request = db_session.scalar(sa.select(HelpRequest).where(HelpRequest.intermediary_id.is_not(None)).limit(1))
        worker = db_session.get(User, request.intermediary_id)
    token = login(client, worker.email, PASSWORD)["access_token"]
    body = client.get(f"/api/v1/help-requests/{request.id}", token=token).get_json()
    assert body["posted_on_behalf"] is True and body["consent"]["text_version"]
    address = client.get(f"/api/v1/help-requests/{request.id}/address", token=token)
    assert address.status_code == 200 and address.get_json()["street"]
    # A demo volunteer nearby sees the request, but not where it is.
    someone = login(client, f"vrijwilliger-00001@{DEMO}", PASSWORD)["access_token"]
    assert client.get(f"/api/v1/help-requests/{request.id}/address", token=someone).status_code == 404


def test_initiatives_have_mixed_statuses_and_supported_ones_have_tasks(cli, db_session):
    _seed(cli)
    initiatives = db_session.scalars(sa.select(Initiative)).all()
    assert len({i.status for i in initiatives}) >= 3
    assert all(i.decline_reason for i in initiatives if i.status == "declined")
    assert _count(db_session, InitiativeSupport) > 0
    for task in db_session.scalars(sa.select(Opportunity).where(Opportunity.kind == "initiative_task")):
        assert db_session.get(Initiative, task.initiative_id).status == "supported"
        assert _count(db_session, Shift, Shift.opportunity_id == task.id) == 1


def test_signing_up_for_a_full_demo_shift_puts_a_newcomer_on_its_waitlist(cli, client, db_session):
    _seed(cli)
    waiting = sa.select(Engagement.shift_id).where(Engagement.status == "waitlisted")
    shift = db_session.scalar(sa.select(Shift).where(Shift.id.in_(waiting)).order_by(Shift.starts_at).limit(1))
    assert shift is not None
    queue = _count(db_session, Engagement, Engagement.shift_id == shift.id, Engagement.status == "waitlisted")
    newcomer = volunteer(client)
    r = client.post(f"/api/v1/shifts/{shift.id}/signups", token=newcomer.token)
    assert r.status_code == 201, r.get_json()
    assert r.get_json()["status"] == "waitlisted" and r.get_json()["waitlist_position"] == queue + 1
