"""Requests for help: posting (resident, intermediary with consent), what volunteers see, offers, accepting one,
withdrawing, cancelling, export and erasure."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from backend.audit.models import AuditEvent
from backend.engagements.models import Engagement
from backend.help.models import HelpRequest, HelpRequestAddress
from backend.notifications.models import OutboxMessage
from backend.opportunities.models import Opportunity
from tests import factories
from tests.support import PASSWORD, make_role, privacy_version, register, volunteer

STREET = "Geheimhoudingslaan"


def soon(days=2, hours=0):
    return (datetime.now(timezone.utc) + timedelta(days=days, hours=hours)).replace(microsecond=0)


def request_body(**changes):
    start = soon()
    body = {"category": "groceries", "title": "Boodschappen doen", "description": "Elke week naar de Jumbo.",
            "window_start": start.isoformat(), "window_end": (start + timedelta(hours=4)).isoformat(),
            "recurring": False, "urgency": "normal",
            "address": {"street": STREET, "house_number": "17b", "postcode": "3144 BA"}, "notes": "bel twee keer"}
    body.update(changes)
    return body


def resident(client, name="Gerda Vraagsma"):
    return register(client, roles=["resident"], display_name=name)


def intermediary(client, cli, municipality="maassluis"):
    person = register(client, display_name="Wijkteam Medewerker")
    make_role(cli, person, "intermediary", municipality)
    return person


def consent(client):
    return {"given": True, "text_version": privacy_version(client), "method": "phone"}


def post(client, person, **changes):
    r = client.post("/api/v1/help-requests", json=request_body(**changes), token=person.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()


def outbox(db_session, template):
    return list(db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == template)))


# --- posting ----------------------------------------------------------------------------------------------------

def test_a_resident_posts_a_request_placed_in_their_neighbourhood(client, db_session):
    asker = resident(client)
    body = post(client, asker, window_start="2030-03-02T10:00:00+01:00", window_end="2030-03-02T14:00:00+01:00")
    assert body["status"] == "published"
    assert body["neighbourhood"] == {"slug": "balkon", "name": "Balkon", "district": "Kapelpolder"}
    assert body["window_start"].startswith("2030-03-02T09:00:00")  # answered in UTC
    assert body["required_skills"] == ["groceries"]  # the category's usual skill when none is named
    assert body["posted_on_behalf"] is False and body["consent"] is None and body["offers"] == []
    assert STREET not in str(body)
    request = db_session.get(HelpRequest, uuid.UUID(body["id"]))
    opportunity = db_session.get(Opportunity, request.opportunity_id)
    assert opportunity.kind == "help_request" and opportunity.postcode is None
    # the street address lives in its own table only
    address = db_session.get(HelpRequestAddress, request.id)
    assert (address.street, address.house_number, address.postcode, address.notes) == (
        STREET, "17b", "3144 BA", "bel twee keer")
    assert STREET not in str([getattr(opportunity, c.name) for c in Opportunity.__table__.columns])


def test_an_intermediary_posts_on_behalf_with_recorded_consent(client, cli, db_session):
    worker = intermediary(client, cli)
    body = post(client, worker, resident_first_name="Truus", consent=consent(client), category="company",
                required_skills=["companionship", "reading_aloud"], languages=["nl", "pap"])
    assert body["posted_on_behalf"] is True and body["resident_first_name"] == "Truus"
    assert body["consent"]["text_version"] == privacy_version(client)
    assert body["consent"]["method"] == "phone"  # how the resident gave it
    request = db_session.scalar(sa.select(HelpRequest))
    assert request.requester_id is None and str(request.intermediary_id) == worker.id
    assert request.consent_recorded_at is not None and request.consent_method == "phone"
    # the intermediary's export says who recorded the consent, when and how (not the resident's name or address)
    posted = client.get("/api/v1/me/export", token=worker.token).get_json()["help_requests"]["posted_for_residents"]
    assert [(p["consent_method"], p["consent_text_version"]) for p in posted] == [("phone", privacy_version(client))]
    assert "Truus" not in str(posted) and STREET not in str(posted)


@pytest.mark.parametrize("method,language,message", [
    (None, "en", "Missing data for required field."),
    ("telepathy", "en", "Say how the resident gave consent: verbal, written, phone or email."),
    ("telepathy", "nl", "Geef aan hoe de bewoner toestemming gaf: verbal (mondeling), written (schriftelijk), "
                        "phone (telefonisch) of email (per e-mail)."),
    ("", "en", "Say how the resident gave consent: verbal, written, phone or email."),
    (["phone"], "en", "Not a valid string."),
])
def test_posting_on_behalf_needs_how_the_resident_consented(client, cli, db_session, method, language, message):
    worker = intermediary(client, cli)
    given = consent(client)
    if method is None:
        del given["method"]
    else:
        given["method"] = method
    r = client.post("/api/v1/help-requests", json=request_body(resident_first_name="Truus", consent=given),
                    token=worker.token, headers={"Accept-Language": language})
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    assert r.get_json()["errors"] == {"consent.method": [message]}
    assert db_session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)) == 0


@pytest.mark.parametrize("changes,field,message", [
    ({"consent": {"given": False, "text_version": "V", "method": "verbal"}, "resident_first_name": "Truus"},
     "consent.given",
     "Only post when the resident has given consent."),
    ({"consent": {"given": True, "text_version": "2001-01", "method": "email"}, "resident_first_name": "Truus"},
     "consent.text_version",
     "The resident must consent to the current privacy statement (version 2026-12)."),
    ({"resident_first_name": "Truus"}, "consent", "The resident's consent is required to post on their behalf."),
    ({"consent": "OK"}, "resident_first_name",
     "The resident's first name is required when posting on their behalf."),
    ({"consent": "OK", "resident_first_name": "Truus de Vries"}, "resident_first_name", "Give the first name only."),
])
def test_an_intermediary_needs_consent_and_a_first_name(client, cli, changes, field, message):
    worker = intermediary(client, cli)
    if changes.get("consent") == "OK":
        changes["consent"] = consent(client)
    if changes.get("consent", {}).get("text_version") == "V":
        changes["consent"]["text_version"] = privacy_version(client)
    r = client.post("/api/v1/help-requests", json=request_body(**changes), token=worker.token,
                    headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {field: [message]}


def test_an_intermediary_posts_only_in_their_own_municipality(client, cli):
    worker = intermediary(client, cli, "vlaardingen")
    r = client.post("/api/v1/help-requests", json=request_body(resident_first_name="Truus", consent=consent(client)),
                    token=worker.token, headers={"Accept-Language": "en"})
    assert r.status_code == 403
    assert r.get_json()["detail"] == "You are not a verified intermediary for this municipality."
    # in Vlaardingen it works
    post(client, worker, resident_first_name="Truus", consent=consent(client),
         address={"street": STREET, "house_number": "3", "postcode": "3131 AB"})


def test_only_residents_and_intermediaries_post(client):
    helper = volunteer(client)
    r = client.post("/api/v1/help-requests", json=request_body(), token=helper.token)
    assert r.status_code == 403
    assert client.post("/api/v1/help-requests", json=request_body()).status_code == 401


@pytest.mark.parametrize("changes,field,message", [
    ({"window_start": "2020-01-01T10:00:00+01:00", "window_end": "2020-01-01T12:00:00+01:00"}, "window_start",
     "The time window must not start in the past."),
    ({"window_end": "SAME"}, "window_end", "The end must be after the start."),
    ({"window_end": "LONG"}, "window_end", "The time window may be at most 31 days."),
    ({"window_start": "2030-01-01T10:00:00"}, "window_start", "Not a valid aware datetime."),
    ({"category": "babysitting"}, "category",
     "Must be one of: groceries, odd_jobs, company, transport, digital_help, paperwork, respite_care."),
    ({"urgency": "asap"}, "urgency", "Must be one of: low, normal, high, urgent."),
    ({"address": {"street": STREET, "house_number": "17b", "postcode": "1234 AB"}}, "address.postcode",
     "DoeMee is not (yet) available for postcode 1234 AB."),
    ({"address": {"street": STREET, "house_number": "17b", "postcode": "31444"}}, "address.postcode",
     "Not a Dutch postcode (like 3144 BA)."),
    ({"address": {"street": STREET, "house_number": "zeventien", "postcode": "3144 BA"}}, "address.house_number",
     "Use a house number like 12, 12a or 12-3."),
    ({"address": {"street": STREET, "postcode": "3144 BA"}}, "address.house_number",
     "Missing data for required field."),
    ({"required_skills": ["groceries", "juggling"]}, "required_skills.1", "Unknown skill: juggling."),
    ({"required_skills": ["groceries", "groceries"]}, "required_skills.1", "Listed twice: groceries."),
    ({"languages": ["xx"]}, "languages.0", "Unknown language code: xx."),
    ({"title": ""}, "title", "Length must be between 1 and 120."),
    ({"notes": "x" * 301}, "notes", "Length must be between 0 and 300."),
    ({"phone": "12345"}, "phone", "Use a Dutch phone number, like 06 1234 5678 or 010 123 4567."),
    ({"phone": "+32 2 123 45 67"}, "phone", "Use a Dutch phone number, like 06 1234 5678 or 010 123 4567."),
    ({"phone": "0" * 31}, "phone", "Length must be between 0 and 30."),
    ({"mobile": "0612345678"}, "mobile", "Unknown field."),
    ({"resident_first_name": "Gerda"}, "consent", "The resident's consent is required to post on their behalf."),
])
def test_bad_requests_are_refused_precisely(client, changes, field, message):
    asker = resident(client)
    body = request_body(**changes)
    start = datetime.fromisoformat(body["window_start"]) if "window_start" not in changes else None
    if changes.get("window_end") == "SAME":
        body["window_end"] = start.isoformat()
    if changes.get("window_end") == "LONG":
        body["window_end"] = (start + timedelta(days=31, minutes=30)).isoformat()
    r = client.post("/api/v1/help-requests", json=body, token=asker.token, headers={"Accept-Language": "en"})
    assert r.status_code == 400, r.get_json()
    assert r.get_json()["errors"] == {field: [message]}


def test_messages_in_dutch(client):
    asker = resident(client)
    r = client.post("/api/v1/help-requests", json=request_body(window_end=soon(days=40).isoformat()),
                    token=asker.token, headers={"Accept-Language": "nl"})
    assert r.get_json()["errors"] == {"window_end": ["De periode mag hoogstens 31 dagen zijn."]}


# --- what volunteers see ----------------------------------------------------------------------------------------

def test_volunteers_nearby_see_neighbourhood_and_distance_only(client):
    asker = resident(client)
    request = post(client, asker)  # Balkon
    near = volunteer(client, postcode="3143 GA")  # Componistenbuurt
    r = client.get("/api/v1/help-requests", token=near.token)
    assert r.status_code == 200
    [item] = r.get_json()["items"]
    assert item["id"] == request["id"] and item["neighbourhood"]["name"] == "Balkon"
    assert item["distance_km"] == 0.7 and item["my_offer"] is None
    for secret in (STREET, "17b", "3144 BA", "bel twee keer", "Gerda", asker.id):
        assert secret not in r.get_data(as_text=True)
    assert not {"offers", "resident_first_name", "consent", "accepted_offer_id"} & set(item)


def test_volunteers_out_of_reach_see_nothing(client):
    post(client, resident(client))  # Balkon, Maassluis
    homebody = volunteer(client, postcode="3147 AB", travel_radius_km=1)  # Vertobuurt, 2.3 km away
    elsewhere = volunteer(client, postcode="3131 AB", travel_radius_km=100)  # Vlaardingen
    assert client.get("/api/v1/help-requests", token=homebody.token).get_json()["items"] == []
    assert client.get("/api/v1/help-requests", token=elsewhere.token).get_json()["items"] == []
    no_profile = register(client)
    r = client.get("/api/v1/help-requests", token=no_profile.token)
    assert r.status_code == 404


def test_the_list_is_paginated_soonest_first(client):
    asker = resident(client)
    ids = [post(client, asker, window_start=soon(days=d).isoformat(),
                window_end=soon(days=d, hours=2).isoformat())["id"] for d in (5, 2, 9)]
    helper = volunteer(client)
    first = client.get("/api/v1/help-requests?limit=2", token=helper.token).get_json()
    second = client.get(f"/api/v1/help-requests?limit=2&cursor={first['next_cursor']}", token=helper.token).get_json()
    assert [i["id"] for i in first["items"] + second["items"]] == [ids[1], ids[0], ids[2]]
    assert second["next_cursor"] is None
    r = client.get("/api/v1/help-requests?cursor=bogus", token=helper.token, headers={"Accept-Language": "en"})
    assert r.status_code == 400 and r.get_json()["errors"] == {"cursor": ["Not a cursor from this list."]}


# --- offers and accepting ---------------------------------------------------------------------------------------

def _offer(client, helper, request_id):
    r = client.post(f"/api/v1/help-requests/{request_id}/offers", token=helper.token)
    assert r.status_code == 201, r.get_json()
    return r.get_json()["id"]


def test_offer_once_and_the_owner_sees_first_name_neighbourhood_and_relevant_skills(client, db_session):
    asker = resident(client)
    request = post(client, asker, category="odd_jobs", required_skills=["odd_jobs", "carpentry"])
    helper = volunteer(client, postcode="3143 GA", display_name="Karim El Amrani",
                       skills=[{"code": "carpentry", "level": 3}, {"code": "music", "level": 1}])
    offer_id = _offer(client, helper, request["id"])
    again = client.post(f"/api/v1/help-requests/{request['id']}/offers", token=helper.token)
    assert again.status_code == 409
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)) == 1
    engagement = db_session.scalar(sa.select(Engagement))
    assert engagement.shift_id is None and engagement.status == "applied"
    assert [m.user_id for m in outbox(db_session, "help_offer_received")] == [uuid.UUID(asker.id)]

    r = client.get(f"/api/v1/help-requests/{request['id']}/offers", token=asker.token)
    assert r.status_code == 200
    assert r.get_json()["items"] == [{
        "id": offer_id, "status": "applied", "first_name": "Karim",
        "neighbourhood": {"slug": "componistenbuurt", "name": "Componistenbuurt", "district": "Kapelpolder"},
        "relevant_skills": [{"code": "carpentry", "level": 3}], "created_at": engagement.created_at.isoformat()}]
    assert helper.email not in r.get_data(as_text=True) and "El Amrani" not in r.get_data(as_text=True)
    # the volunteer sees their own offer on the request
    mine = client.get(f"/api/v1/help-requests/{request['id']}", token=helper.token).get_json()["my_offer"]
    assert mine["id"] == offer_id and mine["status"] == "applied"
    # nobody else reads the offers
    assert client.get(f"/api/v1/help-requests/{request['id']}/offers", token=helper.token).status_code == 403


def test_accepting_one_offer_closes_the_others_politely(client, db_session):
    asker = resident(client)
    request = post(client, asker)
    chosen, other1, other2 = (volunteer(client, display_name=n) for n in ("Ans", "Bert", "Cor"))
    offers = [_offer(client, v, request["id"]) for v in (chosen, other1, other2)]
    r = client.post(f"/api/v1/help-requests/{request['id']}/offers/{offers[0]}/accept", token=asker.token)
    assert r.status_code == 200, r.get_json()
    body = r.get_json()
    assert body["offer"]["status"] == "accepted" and body["help_request_status"] == "filled"
    assert body["overlap_warning"] is False

    statuses = {str(e.id): e.status for e in db_session.scalars(sa.select(Engagement))}
    assert statuses == {offers[0]: "accepted", offers[1]: "closed", offers[2]: "closed"}
    assert {str(m.user_id) for m in outbox(db_session, "offer_closed")} == {other1.id, other2.id}
    [accepted] = outbox(db_session, "offer_accepted")
    assert str(accepted.user_id) == chosen.id and accepted.payload["help_request_id"] == request["id"]
    request_row = db_session.scalar(sa.select(HelpRequest))
    assert str(request_row.accepted_engagement_id) == offers[0] and request_row.matched_at is not None
    assert db_session.get(Opportunity, request_row.opportunity_id).status == "filled"

    # a second accept, another offer, a new offer: all refused
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers/{offers[1]}/accept",
                       token=asker.token).status_code == 409
    late = volunteer(client)
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers", token=late.token).status_code == 404
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers", token=other1.token).status_code == 409
    # an accepted volunteer cannot accept anything
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers/{offers[0]}/accept",
                       token=chosen.token).status_code == 403


def test_accept_warns_when_the_volunteer_is_busy_then(client, db_session):
    asker = resident(client)
    start = soon(days=3)
    request = post(client, asker, window_start=start.isoformat(), window_end=(start + timedelta(hours=3)).isoformat())
    helper = volunteer(client)
    offer_id = _offer(client, helper, request["id"])
    org = factories.organisation(db_session)
    shift = factories.shift(db_session, factories.opportunity(db_session, org), starts_at=start + timedelta(hours=1))
    db_session.add(Engagement(volunteer_id=uuid.UUID(helper.id), opportunity_id=shift.opportunity_id,
                              shift_id=shift.id, status="accepted"))
    db_session.flush()
    r = client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/accept", token=asker.token)
    assert r.status_code == 200 and r.get_json()["overlap_warning"] is True


def test_an_intermediary_accepts_for_the_resident(client, cli):
    worker = intermediary(client, cli)
    request = post(client, worker, resident_first_name="Truus", consent=consent(client))
    helper = volunteer(client)
    offer_id = _offer(client, helper, request["id"])
    other_worker = intermediary(client, cli)
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/accept",
                       token=other_worker.token).status_code == 404
    r = client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/accept", token=worker.token)
    assert r.status_code == 200
    address = client.get(f"/api/v1/help-requests/{request['id']}/address", token=helper.token).get_json()
    assert address["street"] == STREET


def test_withdrawn_offers_cannot_be_accepted_and_may_be_renewed(client, db_session):
    asker = resident(client)
    request = post(client, asker)
    helper = volunteer(client)
    offer_id = _offer(client, helper, request["id"])
    r = client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/withdraw", token=helper.token)
    assert r.status_code == 200 and r.get_json()["status"] == "withdrawn"
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/withdraw",
                       token=helper.token).status_code == 409
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/accept",
                       token=asker.token).status_code == 409
    assert _offer(client, helper, request["id"]) == offer_id  # the same row again
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Engagement)) == 1


def _accepted(client):
    """A resident's request, and the volunteer whose offer the resident accepted: (asker, request, helper, offer)."""
    asker = resident(client)
    request = post(client, asker)
    helper = volunteer(client)
    offer_id = _offer(client, helper, request["id"])
    r = client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/accept", token=asker.token)
    assert r.status_code == 200, r.get_json()
    return asker, request, helper, offer_id


def test_an_accepted_volunteer_who_withdraws_reopens_the_request(client, db_session):
    asker, request, helper, offer_id = _accepted(client)
    r = client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/withdraw", token=helper.token)
    assert r.status_code == 200
    view = client.get(f"/api/v1/help-requests/{request['id']}", token=asker.token).get_json()
    assert view["status"] == "published" and view["accepted_offer_id"] is None
    assert [str(m.user_id) for m in outbox(db_session, "help_volunteer_withdrew")] == [asker.id]
    assert client.get(f"/api/v1/help-requests/{request['id']}/address", token=helper.token).status_code == 404


def test_someone_elses_offer_cannot_be_withdrawn(client):
    request = post(client, resident(client))
    helper, other = volunteer(client), volunteer(client)
    offer_id = _offer(client, helper, request["id"])
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers/{offer_id}/withdraw",
                       token=other.token).status_code == 404


def test_cancel_tells_everyone_who_offered(client, db_session):
    asker = resident(client)
    request = post(client, asker)
    chosen, other = volunteer(client), volunteer(client)
    offers = [_offer(client, v, request["id"]) for v in (chosen, other)]
    # another volunteer cannot cancel it
    assert client.post(f"/api/v1/help-requests/{request['id']}/cancel", token=other.token).status_code == 403
    client.post(f"/api/v1/help-requests/{request['id']}/offers/{offers[0]}/accept", token=asker.token)
    r = client.post(f"/api/v1/help-requests/{request['id']}/cancel", token=asker.token)
    assert r.status_code == 200 and r.get_json()["status"] == "closed"
    assert [str(m.user_id) for m in outbox(db_session, "help_request_cancelled")] == [chosen.id]
    assert client.get(f"/api/v1/help-requests/{request['id']}/address", token=chosen.token).status_code == 404
    assert client.post(f"/api/v1/help-requests/{request['id']}/cancel", token=asker.token).status_code == 409
    newcomer = volunteer(client)
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers", token=newcomer.token).status_code == 404


def test_no_offer_on_your_own_request(client):
    both = register(client, roles=["resident", "volunteer"])
    client.put("/api/v1/me/profile", json={"postcode": "3144 BA"}, token=both.token)
    request = post(client, both)
    assert client.post(f"/api/v1/help-requests/{request['id']}/offers", token=both.token).status_code == 409
    assert client.get("/api/v1/help-requests", token=both.token).get_json()["items"] == []


# --- export and erasure -----------------------------------------------------------------------------------------

def test_export_gives_the_resident_their_address_and_the_intermediary_none(client, cli):
    asker = resident(client)
    post(client, asker)
    worker = intermediary(client, cli)
    post(client, worker, resident_first_name="Truus", consent=consent(client),
         address={"street": "Anderestraat", "house_number": "1", "postcode": "3144 BA"})
    mine = client.get("/api/v1/me/export", token=asker.token).get_json()["help_requests"]
    assert mine["asked"][0]["address"]["street"] == STREET and mine["posted_for_residents"] == []
    theirs = client.get("/api/v1/me/export", token=worker.token).get_json()["help_requests"]
    assert len(theirs["posted_for_residents"]) == 1 and theirs["asked"] == []
    assert "Anderestraat" not in str(theirs) and "Truus" not in str(theirs)


def _everything(session) -> str:
    from backend.extensions import db
    return "\n".join(" ".join(str(v) for v in row)
                     for table in db.metadata.sorted_tables for row in session.execute(sa.select(table)))


def test_erasing_a_requester_removes_their_requests_and_tells_the_helpers(client, db_session):
    asker = resident(client)
    request = post(client, asker, title="Hulp voor Gerda Vraagsma")
    helper = volunteer(client)
    _offer(client, helper, request["id"])
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=asker.token).status_code == 204
    everything = _everything(db_session)
    for trace in (STREET, "Gerda", "bel twee keer", asker.id):
        assert trace not in everything, trace
    assert [str(m.user_id) for m in outbox(db_session, "help_request_cancelled")] == [helper.id]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(Opportunity)) == 0


def test_erasing_an_intermediary_removes_what_they_posted(client, cli, db_session):
    worker = intermediary(client, cli)
    post(client, worker, resident_first_name="Truus", consent=consent(client))
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=worker.token).status_code == 204
    assert db_session.scalar(sa.select(sa.func.count()).select_from(HelpRequest)) == 0
    assert STREET not in _everything(db_session)


def test_erasing_the_accepted_volunteer_reopens_the_request(client, db_session):
    asker, request, helper, _offer_id = _accepted(client)
    assert client.delete("/api/v1/me", json={"password": PASSWORD}, token=helper.token).status_code == 204
    view = client.get(f"/api/v1/help-requests/{request['id']}", token=asker.token).get_json()
    assert view["status"] == "published" and view["offers"] == [] and view["accepted_offer_id"] is None
    assert helper.id not in _everything(db_session)
    assert [str(m.user_id) for m in outbox(db_session, "help_volunteer_withdrew")] == [asker.id]
    assert db_session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.actor_id == uuid.UUID(helper.id))) == 0
