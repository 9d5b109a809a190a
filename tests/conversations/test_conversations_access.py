"""Nobody reads a thread they are not part of: every outsider (another volunteer, a coordinator of another
organisation, the municipality's staff, an admin, anonymous) is walked over every route of each kind of thread, and
the response text is searched for the messages. Staff read a thread only once someone reported a message in it,
only of their own municipality, and each look is audited."""
import sqlalchemy as sa

from backend.audit.models import AuditEvent
from tests.conversations.helpers import accepted_help, ask, outsiders, say, scene, unread
from tests.support import make_role, register
from tests.web_support import Browser

SECRET = "Mijn pincode is 4321"


def _walk(client, person, thread_id, message_id) -> dict:
    token = person.token if person else None
    statuses = {}
    for name, method, path, body in (
            ("list", "GET", "/api/v1/conversations", None),
            ("read", "GET", f"/api/v1/conversations/{thread_id}", None),
            ("reply", "POST", f"/api/v1/conversations/{thread_id}/messages", {"body": "Ik lees mee"}),
            ("report", "POST", f"/api/v1/conversations/{thread_id}/messages/{message_id}/report", {}),
            ("block", "POST", f"/api/v1/conversations/{thread_id}/messages/{message_id}/block-sender", None),
            ("staff", "GET", f"/api/v1/conversations/reported/{thread_id}", None)):
        r = client.open(method, path, json=body, token=token)
        assert SECRET not in r.get_data(as_text=True), (name, path)
        statuses[name] = r.status_code
    return statuses


def _refused(statuses: dict) -> bool:
    return statuses["list"] in (200, 401) and all(
        status in (401, 403, 404) for name, status in statuses.items() if name != "list")


def test_a_vacancy_thread_is_for_the_volunteer_and_the_organisation_only(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id, SECRET)
    message_id = thread["messages"][0]["id"]
    people = {**outsiders(client, cli, db_session), "a volunteer on one of its shifts": s.on_shift}
    for name, person in people.items():
        statuses = _walk(client, person, thread["id"], message_id)
        assert _refused(statuses), (name, statuses)
        if person is not None:
            assert unread(client, person) == 0, name
    assert client.get(f"/api/v1/conversations/{thread['id']}", token=s.co_coordinator.token).status_code == 200
    _walk_pages(app, people, thread["id"], message_id)


def _walk_pages(app, people: dict, thread_id, message_id) -> None:
    """The same on the web pages: the thread, a reply, a report, a block."""
    for name, person in people.items():
        browser = Browser(app)
        if person is not None:
            assert browser.login(person.email).status_code == 303
        with_token = "/inloggen" if person is None else "/berichten"
        for r in (browser.get(f"/berichten/{thread_id}"),
                  browser.post(f"/berichten/{thread_id}", {"body": "Ik lees mee"}, form_from=with_token),
                  browser.post(f"/berichten/{thread_id}/{message_id}", {}, form_from=with_token)):
            assert SECRET not in r.get_data(as_text=True), name
            assert r.status_code == (302 if person is None else 404), (name, r.request.path, r.status_code)


def test_a_shift_thread_is_for_its_coordinators_and_everyone_on_it(app, client, cli, db_session):
    s = scene(client, cli, db_session)
    r = client.post(f"/api/v1/conversations/shifts/{s.shift_id}/messages", json={"body": SECRET},
                    token=s.coordinator.token)
    thread = r.get_json()
    people = {**outsiders(client, cli, db_session), "a volunteer who only asked about the vacancy": s.asker}
    for name, person in people.items():
        assert _refused(_walk(client, person, thread["id"], thread["messages"][0]["id"])), name
    assert client.get(f"/api/v1/conversations/{thread['id']}", token=s.on_shift.token).status_code == 200
    _walk_pages(app, people, thread["id"], thread["messages"][0]["id"])


def test_a_help_thread_is_for_the_neighbour_and_their_volunteer(app, client, cli, db_session):
    neighbour, helper, other, request_id = accepted_help(client, db_session)
    thread = client.post(f"/api/v1/conversations/help-requests/{request_id}/messages", json={"body": SECRET},
                         token=neighbour.token).get_json()
    people = {**outsiders(client, cli, db_session), "the volunteer whose offer was closed": other}
    for name, person in people.items():
        assert _refused(_walk(client, person, thread["id"], thread["messages"][0]["id"])), name
    assert client.get(f"/api/v1/conversations/{thread['id']}", token=helper.token).status_code == 200
    _walk_pages(app, people, thread["id"], thread["messages"][0]["id"])


def test_staff_read_a_reported_thread_of_their_municipality_audited(client, cli, db_session):
    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id, SECRET)
    answer = say(client, s.coordinator, thread["id"], "Kom maar langs, schat.")
    staff, elsewhere = register(client), register(client)
    make_role(cli, staff, "municipality_staff", "maassluis")
    make_role(cli, elsewhere, "municipality_staff", "vlaardingen")
    path = f"/api/v1/conversations/reported/{thread['id']}"
    # before a report: nothing to see
    assert client.get("/api/v1/conversations/reported", token=staff.token).get_json()["items"] == []
    assert client.get(path, token=staff.token).status_code == 404

    # one cannot report one's own message; the other side can
    own = client.post(f"/api/v1/conversations/{thread['id']}/messages/{thread['messages'][0]['id']}/report",
                      json={}, token=s.asker.token)
    assert own.status_code == 409
    r = client.post(f"/api/v1/conversations/{thread['id']}/messages/{answer['messages'][1]['id']}/report",
                    json={"reason": "Ongepast"}, token=s.asker.token)
    assert r.status_code == 201, r.get_json()

    listed = client.get("/api/v1/conversations/reported", token=staff.token).get_json()["items"]
    assert [t["id"] for t in listed] == [thread["id"]]
    r = client.get(path, token=staff.token)
    assert r.status_code == 200 and SECRET in r.get_data(as_text=True) and r.get_json()["reported"] is True
    looks = db_session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "conversation.read_by_staff")).all()
    assert [(str(e.actor_id), str(e.object_id)) for e in looks] == [(staff.id, thread["id"])]
    # staff of another municipality, and an admin without the staff role: no
    assert client.get(path, token=elsewhere.token).status_code == 404
    assert client.get("/api/v1/conversations/reported", token=elsewhere.token).get_json()["items"] == []
    admin = register(client)
    make_role(cli, admin, "admin")
    assert client.get(path, token=admin.token).status_code == 403
    # staff only read: they are not a participant
    assert client.get(f"/api/v1/conversations/{thread['id']}", token=staff.token).status_code == 404


def test_a_blocked_person_is_neither_seen_nor_heard(client, cli, db_session):
    from tests.conversations.helpers import notices

    s = scene(client, cli, db_session)
    thread = ask(client, s.asker, s.opportunity_id)
    answer = say(client, s.coordinator, thread["id"], "Eerste antwoord")
    coordinator_message = answer["messages"][1]["id"]
    r = client.post(f"/api/v1/conversations/{thread['id']}/messages/{coordinator_message}/block-sender",
                    token=s.asker.token)
    assert r.status_code == 200 and r.get_json() == {"blocked_id": s.coordinator.id}
    before = len(notices(db_session, s.asker))
    client.get(f"/api/v1/conversations/{thread['id']}", token=s.asker.token)
    say(client, s.coordinator, thread["id"], "Nog iets")
    assert unread(client, s.asker) == 0 and len(notices(db_session, s.asker)) == before
    view = client.get(f"/api/v1/conversations/{thread['id']}", token=s.asker.token).get_json()
    assert view["hidden"] == 2 and view["blocked"] == [s.coordinator.id]
    assert [m["body"] for m in view["messages"]] == ["Is er parkeerplek bij het buurthuis?"]
    # the colleague still reaches them
    say(client, s.co_coordinator, thread["id"], "Van je andere coördinator")
    assert unread(client, s.asker) == 1
    # and unblocking shows everything again
    r = client.post(f"/api/v1/conversations/blocked/{s.coordinator.id}/unblock", token=s.asker.token)
    assert r.status_code == 204
    view = client.get(f"/api/v1/conversations/{thread['id']}", token=s.asker.token).get_json()
    assert view["hidden"] == 0 and len(view["messages"]) == 4
