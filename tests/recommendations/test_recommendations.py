"""The matching service through the API: the volunteer's feed, a coordinator's candidates, batch runs."""
import uuid
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from backend.engagements.models import Engagement
from backend.notifications.models import OutboxMessage
from backend.recommendations.models import MatchingProposal
from tests import factories as f
from tests.accounts.factories import staff_member
from tests.support import make_role, register, volunteer

LOCAL = ZoneInfo("Europe/Amsterdam")
TUESDAY_EVENING = [{"weekday": "tue", "start": "18:00", "end": "22:00"}]


def next_local(weekday: int, hour: int, *, weeks_ahead=1) -> datetime:
    """An aware UTC time: the given weekday (0 = Monday) and local hour, at least two days from now."""
    today = datetime.now(LOCAL).date() + timedelta(days=2)
    day = today + timedelta(days=(weekday - today.weekday()) % 7 + 7 * (weeks_ahead - 1))
    return datetime(day.year, day.month, day.day, hour, tzinfo=LOCAL).astimezone(timezone.utc)


def anna(client, **profile):
    body = {"postcode": "3144 BA", "skills": [{"code": "groceries", "level": 2}], "availability": TUESDAY_EVENING,
            "travel_radius_km": 2, "preference": "one_off", "display_name": "Anna de Vries", **profile}
    return volunteer(client, **body)


def test_feed_shows_what_fits_with_reasons_in_my_language(client, db_session):
    me = anna(client)
    org = f.organisation(db_session)
    fits = f.opportunity(db_session, org, title="Boodschappenronde", category="groceries",
                         required_skills=["groceries"], hood_slug="koningshoek")
    good = f.shift(db_session, fits, starts_at=next_local(1, 19))
    f.shift(db_session, fits, starts_at=next_local(2, 10))  # Wednesday morning: not free then
    far = f.opportunity(db_session, org, title="Ver weg", hood_slug="steendijkpolder-zuid",
                        required_skills=["groceries"])
    f.shift(db_session, far, starts_at=next_local(1, 19))  # more than 2 km away
    vog = f.opportunity(db_session, org, title="Met VOG", requires_vog=True, required_skills=["groceries"])
    f.shift(db_session, vog, starts_at=next_local(1, 19))
    draft = f.opportunity(db_session, org, title="Concept", status="draft")
    f.shift(db_session, draft, starts_at=next_local(1, 19))

    r = client.get("/api/v1/me/recommendations", token=me.token, headers={"Accept-Language": "en"})
    assert r.status_code == 200
    items = r.get_json()["items"]
    assert [(i["title"], i["shift_id"]) for i in items] == [("Boodschappenronde", str(good.id))]
    texts = [reason["text"] for reason in items[0]["reasons"]]
    assert "fits what you can do: Grocery shopping" in texts  # the skill named (issue 22)
    assert any(t.startswith("free on Tuesday") for t in texts)
    assert items[0]["organisation"] == "Buurthuis De Kapel" and items[0]["neighbourhood"] == "Koningshoek"
    nl = client.get("/api/v1/me/recommendations", token=me.token, headers={"Accept-Language": "nl"}).get_json()
    assert any(t["text"].startswith("vrij op dinsdag") for t in nl["items"][0]["reasons"])


def test_help_requests_in_the_feed_show_neighbourhood_and_distance_only(client, db_session):
    me = anna(client)
    resident = register(client, roles=["resident"], display_name="Mevrouw Jansen")
    f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 19), hood_slug="balkon",
                   street="Geheimstraat")
    r = client.get("/api/v1/me/recommendations", token=me.token)
    items = r.get_json()["items"]
    assert [i["kind"] for i in items] == ["help_request"]
    assert items[0]["neighbourhood"] == "Balkon" and items[0]["distance_km"] == 0.0
    text = r.get_data(as_text=True)
    assert "Geheimstraat" not in text and "Jansen" not in text and resident.id not in text


def test_feed_needs_a_profile_and_leaves_out_what_i_declined(client, db_session):
    nobody = register(client)
    assert client.get("/api/v1/me/recommendations", token=nobody.token).status_code == 404
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    shift = f.shift(db_session, opp, starts_at=next_local(1, 19))
    assert len(client.get("/api/v1/me/recommendations", token=me.token).get_json()["items"]) == 1
    f.engagement(db_session, volunteer_id=me.id, opp=opp, shift=shift, status="declined")
    assert client.get("/api/v1/me/recommendations", token=me.token).get_json()["items"] == []


def test_coordinator_sees_candidates_by_first_name_and_neighbourhood_only(client, cli, db_session):
    me = anna(client)
    bram = anna(client, display_name="Bram Bakker", postcode="3143 PA", skills=[])
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = f.organisation(db_session, coordinator_id=coordinator.id)
    opp = f.opportunity(db_session, org, required_skills=["groceries"], nice_skills=["cooking"])
    shift = f.shift(db_session, opp, starts_at=next_local(1, 19))
    r = client.get(f"/api/v1/opportunities/{opp.id}/candidates", token=coordinator.token)
    assert r.status_code == 200
    items = r.get_json()["items"]
    assert [i["first_name"] for i in items][:1] == ["Anna"]
    # for one shift: the query key is shiftId; the former shift_id is read as the same key during API 1.1
    for key in ("shiftId", "shift_id"):
        one = client.get(f"/api/v1/opportunities/{opp.id}/candidates?{key}={shift.id}", token=coordinator.token)
        assert one.status_code == 200 and me.id in {i["volunteer_id"] for i in one.get_json()["items"]}
        bad = client.get(f"/api/v1/opportunities/{opp.id}/candidates?{key}=nee", token=coordinator.token)
        assert bad.status_code == 400 and list(bad.get_json()["errors"]) == ["shiftId"]
    assert {i["volunteer_id"] for i in items} >= {me.id}
    text = r.get_data(as_text=True)
    assert "de Vries" not in text and "Bakker" not in text and me.email not in text and "3144" not in text
    assert bram.id not in {i["volunteer_id"] for i in items}  # half the required skills is the minimum

    other = register(client)
    make_role(cli, other, "coordinator")
    f.organisation(db_session, coordinator_id=other.id, name="Andere club")
    assert client.get(f"/api/v1/opportunities/{opp.id}/candidates", token=other.token).status_code == 403
    assert client.get(f"/api/v1/opportunities/{opp.id}/candidates", token=me.token).status_code == 403


def test_no_shows_lower_a_candidates_rank(client, cli, db_session):
    steady = anna(client, display_name="Steady")
    flaky = anna(client, display_name="Flaky")
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = f.organisation(db_session, coordinator_id=coordinator.id)
    past = f.opportunity(db_session, org, title="Vroeger")
    for _ in range(3):
        s = f.shift(db_session, past, starts_at=next_local(3, 10, weeks_ahead=2))
        f.engagement(db_session, volunteer_id=flaky.id, opp=past, shift=s, status="no_show")
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    f.shift(db_session, opp, starts_at=next_local(1, 19))
    items = client.get(f"/api/v1/opportunities/{opp.id}/candidates", token=coordinator.token).get_json()["items"]
    ranked = [i["first_name"] for i in items]
    assert ranked.index("Steady") < ranked.index("Flaky")


def _period():
    start = datetime.now(timezone.utc).replace(microsecond=0)
    return {"municipality": "maassluis", "period_start": start.isoformat(),
            "period_end": (start + timedelta(days=14)).isoformat()}


def batch_run(client, cli, body, token, **kwargs):
    """POST a run (202: recorded, nothing computed yet), let the worker's job execute it, GET the result."""
    r = client.post("/api/v1/matching/runs", json=body, token=token, **kwargs)
    assert r.status_code == 202, r.get_json()
    assert r.get_json()["status"] == "pending" and r.get_json()["proposals"] == []
    assert r.headers["Location"].endswith(f"/api/v1/matching/runs/{r.get_json()['id']}")
    result = cli.invoke(args=["run-task", "doemee.matching_run", f"run_id={r.get_json()['id']}"])
    assert result.exit_code == 0 and result.output.strip().endswith(": done"), result.output
    done = client.get(r.headers["Location"], token=token, **kwargs)
    assert done.status_code == 200 and done.get_json()["status"] == "done"
    return done


def test_batch_run_invites_the_best_pairs_and_explains_the_unmatched(client, cli, db_session):
    staff = staff_member(client, cli)
    resident = register(client, roles=["resident"])
    helpers = [anna(client, display_name=f"Helper{i}") for i in range(3)]
    requests = [f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 19),
                               required_skills=["groceries"], title=f"Hulp {i}") for i in range(2)]
    impossible = f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 19),
                                required_skills=["carpentry", "painting"], title="Verbouwing")

    r = batch_run(client, cli, _period(), staff.token, headers={"Accept-Language": "en"})
    run = r.get_json()
    assert (run["requests"], run["assigned"]) == (3, 2)
    assert {p["help_request_id"] for p in run["proposals"]} == {str(h.id) for h in requests}
    assert len({p["volunteer_id"] for p in run["proposals"]}) == 2  # one each: no one is asked twice
    assert run["unmatched"] == [{"help_request_id": str(impossible.id), "reason": "missing_skill",
                                 "reason_text": run["unmatched"][0]["reason_text"],
                                 "eliminated": run["unmatched"][0]["eliminated"]}]
    assert "skill" in run["unmatched"][0]["reason_text"]
    invited = db_session.scalars(sa.select(Engagement).where(Engagement.status == "invited")).all()
    assert len(invited) == 2 and all(e.score and e.reasons for e in invited)
    outbox = db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "help_invitation")).all()
    assert sorted(str(m.user_id) for m in outbox) == sorted(p["volunteer_id"] for p in run["proposals"])
    assert client.get(f"/api/v1/matching/runs/{run['id']}", token=staff.token).get_json()["assigned"] == 2
    assert {p["volunteer_id"] for p in run["proposals"]} <= {h.id for h in helpers}


def test_rotation_caps_invitations_per_week(client, cli, db_session):
    staff = staff_member(client, cli)
    resident = register(client, roles=["resident"])
    only = anna(client)
    for i in range(3):
        f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 18 + i, weeks_ahead=1),
                       hours=1, required_skills=["groceries"], title=f"Klus {i}")
    first = batch_run(client, cli, {**_period(), "cap_per_volunteer": 1}, staff.token)
    assert first.get_json()["assigned"] == 1
    again = batch_run(client, cli, {**_period(), "cap_per_volunteer": 1}, staff.token)
    assert again.get_json()["assigned"] == 0  # asked once this week already
    assert {u["reason"] for u in again.get_json()["unmatched"]} <= {"too_far", "no_volunteers", "capacity_exhausted",
                                                                    "no_one_available_in_time", "missing_skill"}
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)
                             .where(Engagement.volunteer_id == uuid.UUID(only.id))) == 1


def test_dry_run_invites_nobody(client, cli, db_session):
    staff = staff_member(client, cli)
    resident = register(client, roles=["resident"])
    anna(client)
    f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 19),
                   required_skills=["groceries"])
    run = batch_run(client, cli, {**_period(), "dry_run": True}, staff.token).get_json()
    assert run["assigned"] == 1 and run["proposals"][0]["engagement_id"] is None
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)) == 0
    assert db_session.scalar(sa.select(sa.func.count()).select_from(MatchingProposal)) == 1


def test_runs_are_for_staff_of_that_municipality(client, cli):
    elsewhere = staff_member(client, cli, "schiedam")
    volunteer_person = anna(client)
    assert client.post("/api/v1/matching/runs", json=_period(), token=elsewhere.token).status_code == 403
    assert client.post("/api/v1/matching/runs", json=_period(), token=volunteer_person.token).status_code == 403
    staff = staff_member(client, cli)
    bad = {**_period(), "period_end": _period()["period_start"]}
    assert client.post("/api/v1/matching/runs", json=bad, token=staff.token).status_code == 400
    naive = {**_period(), "period_start": "2026-12-01T00:00:00"}
    assert client.post("/api/v1/matching/runs", json=naive, token=staff.token).status_code == 400
    run = client.post("/api/v1/matching/runs", json=_period(), token=staff.token).get_json()
    assert client.get(f"/api/v1/matching/runs/{run['id']}", token=elsewhere.token).status_code == 403


def test_cli_dry_run_prints_a_summary(cli, client, db_session):
    resident = register(client, roles=["resident"])
    anna(client)
    f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 19),
                   required_skills=["groceries"])
    f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 19),
                   required_skills=["carpentry"], title="Kast ophangen")
    result = cli.invoke(args=["matching-run", "--municipality", "maassluis", "--days", "14", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "(dry run): 2 open requests, 1 volunteers with room, 1 assigned" in result.output
    assert "unmatched 1:" in result.output
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)) == 0
    bad = cli.invoke(args=["matching-run", "--municipality", "atlantis"])
    assert bad.exit_code != 0


def test_a_run_request_only_records_the_run_and_a_profile_change_is_not_blocked(client, cli, db_session):
    staff = staff_member(client, cli)
    resident = register(client, roles=["resident"])
    helper = anna(client)
    f.help_request(db_session, requester_id=resident.id, window_start=next_local(1, 19),
                   required_skills=["groceries"])
    posted = client.post("/api/v1/matching/runs", json=_period(), token=staff.token)
    assert posted.status_code == 202
    pending = client.get(posted.headers["Location"], token=staff.token).get_json()
    assert (pending["status"], pending["progress"], pending["requests"], pending["proposals"]) == \
        ("pending", "queued", 0, [])
    run_id = posted.get_json()["id"]  # its task is queued in the transaction that recorded it, for a worker
    assert db_session.execute(sa.text("SELECT status::text, lock FROM procrastinate_jobs WHERE task_name = "
                                      "'doemee.matching_run' AND args->>'run_id' = :id"), {"id": run_id}).all() == \
        [("todo", f"matching-run:{run_id}")]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)) == 0
    assert client.patch("/api/v1/me/profile", json={"travel_radius_km": 3}, token=helper.token).status_code == 200
    run_task = ["run-task", "doemee.matching_run", f"run_id={posted.get_json()['id']}"]
    assert cli.invoke(args=run_task).exit_code == 0
    done = client.get(posted.headers["Location"], token=staff.token).get_json()
    assert (done["status"], done["requests"], done["assigned"]) == ("done", 1, 1)
    # The task again (a retried job): the run is not made twice.
    assert cli.invoke(args=run_task).output.strip().endswith("nothing to do (done)")
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)) == 1


def test_candidates_come_from_the_worker_table_in_a_few_statements(client, cli, db_session):
    from tests.recommendations.statements import counting

    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = f.organisation(db_session, coordinator_id=coordinator.id)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    shift = f.shift(db_session, opp, starts_at=next_local(1, 19))
    free, busy = anna(client, display_name="Vrij Mens"), anna(client, display_name="Bezet Mens")
    url = f"/api/v1/opportunities/{opp.id}/candidates"
    assert {i["first_name"] for i in client.get(url, token=coordinator.token).get_json()["items"]} == {"Vrij", "Bezet"}
    # Busy elsewhere at that hour since the table was built: the live re-check leaves them out.
    elsewhere = f.opportunity(db_session, org, title="Elders")
    f.engagement(db_session, volunteer_id=busy.id, opp=elsewhere,
                 shift=f.shift(db_session, elsewhere, starts_at=next_local(1, 19)))
    with counting() as statements:
        r = client.get(url, token=coordinator.token)
    assert [i["first_name"] for i in r.get_json()["items"]] == ["Vrij"]
    assert r.get_json()["shift_id"] == str(shift.id)
    # opportunity, coordinator check, marker, target shift, weights, live engagements of the shortlist, names
    assert len(statements.own) <= 7, statements.own


def test_candidates_reasons_speak_about_the_volunteer_not_to_the_coordinator(client, cli, db_session):
    me = anna(client, interests=["events"])  # lives in Balkon, where the vacancy is
    far = anna(client, display_name="Cor Verweg", postcode="3146 AA", travel_radius_km=10)
    coordinator = register(client)
    make_role(cli, coordinator, "coordinator")
    org = f.organisation(db_session, coordinator_id=coordinator.id)
    opp = f.opportunity(db_session, org, required_skills=["groceries"], category="events")
    f.shift(db_session, opp, starts_at=next_local(1, 19))
    texts = {}
    for locale in ("en", "nl"):
        r = client.get(f"/api/v1/opportunities/{opp.id}/candidates", token=coordinator.token,
                       headers={"Accept-Language": locale})
        assert r.status_code == 200
        texts[locale] = {i["volunteer_id"]: {x["code"]: x["text"] for x in i["reasons"]} for i in r.get_json()["items"]}
    assert texts["en"][me.id]["distance"] == "lives in the same neighbourhood"
    assert texts["nl"][me.id]["distance"] == "woont in dezelfde buurt"
    assert all(t.endswith(" km away") for t in (texts["en"].get(far.id) or {}).values() if t.startswith("lives "))
    assert texts["en"][me.id]["interest"] == "interested in this kind of work"
    assert texts["en"][far.id]["preference"] == "prefers one-off tasks"
    for locale, words in (("en", ("you", "your")), ("nl", ("je", "jij"))):
        for reasons in texts[locale].values():
            for text in reasons.values():
                assert not set(text.replace(",", " ").split()) & set(words), text
                assert "0.0 km" not in text and "0,0 km" not in text


def test_the_feed_says_own_neighbourhood_instead_of_zero_km(client, db_session):
    me = anna(client)
    org = f.organisation(db_session)
    opp = f.opportunity(db_session, org, required_skills=["groceries"])
    f.shift(db_session, opp, starts_at=next_local(1, 19))
    items = client.get("/api/v1/me/recommendations", token=me.token, headers={"Accept-Language": "en"}).get_json()
    distance = [x["text"] for x in items["items"][0]["reasons"] if x["code"] == "distance"]
    assert distance == ["in your own neighbourhood"]
