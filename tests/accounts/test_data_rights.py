"""Export and erasure (AVG/GDPR)."""
import sqlalchemy as sa

from backend.extensions import db
from tests.support import PASSWORD, login, make_role, register, volunteer


def test_export_holds_everything_about_me(client):
    person = volunteer(client, postcode="3146 CD", display_name="Henk Export", languages=["nl", "pap"],
                       skills=[{"code": "gardening", "level": 3}],
                       availability=[{"weekday": "fri", "start": "14:00", "end": "16:30"}])
    client.post("/api/v1/auth/password-reset", json={"email": person.email})
    r = client.get("/api/v1/me/export", token=person.token)
    assert r.status_code == 200
    data = r.get_json()
    assert data["format"] == "doemee-export/1"
    assert data["account"]["email"] == person.email and data["account"]["display_name"] == "Henk Export"
    profile = data["volunteer_profile"]
    assert profile["postcode"] == "3146 CD" and profile["neighbourhood"] == "Bloemenbuurt"
    assert profile["skills"] == [{"code": "gardening", "level": 3}]
    assert profile["availability"] == [{"weekday": "fri", "start": "14:00", "end": "16:30"}]
    assert profile["languages"] == ["nl", "pap"]
    assert [c["purpose"] for c in data["consents"]] == ["privacy_statement"]
    assert len(data["sessions"]) == 1
    assert [m["template"] for m in data["messages"]] == ["password_reset"]
    assert {"account.registered", "auth.login", "profile.created"} <= {e["action"] for e in data["audit_events"]}
    assert "password_hash" not in str(data) and "$argon2" not in str(data)
    assert "token" not in str(data["messages"])  # the reset token itself is not handed out


def _every_value_in_the_database(session) -> str:
    chunks = []
    for table in db.metadata.sorted_tables:
        for row in session.execute(sa.select(table)):
            chunks.append(" ".join(str(v) for v in row))
    return "\n".join(chunks)


def test_erasure_leaves_nothing_personal_behind(client, cli, db_session):
    staff = register(client)
    make_role(cli, staff, "municipality_staff", "maassluis")
    person = volunteer(client, postcode="3143 GK", display_name="Zwaantje Wisbaar",
                       skills=[{"code": "music", "level": 2}], birth_year=1947,
                       availability=[{"weekday": "mon", "start": "10:00", "end": "12:00"}],
                       availability_exceptions=[{"date": "2026-12-31", "available": False}])
    email = "zwaantje.wisbaar@example.org"
    # a second person with a distinctive e-mail address, a VOG verified by staff, a pending mail and a rotated token
    person2 = register(client, email=email, display_name="Zwaantje Wisbaar")
    client.put("/api/v1/me/profile", json={"postcode": "3143 GK", "birth_year": 1947}, token=person2.token)
    client.put(f"/api/v1/volunteers/{person2.id}/vog", json={"status": "valid", "valid_until": "2030-01-01"},
               token=staff.token)
    client.post("/api/v1/auth/password-reset", json={"email": email})
    client.post("/api/v1/auth/refresh", token=person2.refresh_token)
    assert email in _every_value_in_the_database(db_session)

    wrong = client.delete("/api/v1/me", json={"password": "not-my-password"}, token=person2.token)
    assert wrong.status_code == 400
    assert client.get("/api/v1/me", token=person2.token).status_code == 200

    for who in (person, person2):
        r = client.delete("/api/v1/me", json={"password": PASSWORD}, token=who.token)
        assert r.status_code == 204

    everything = _every_value_in_the_database(db_session)
    for trace in (email, person.email, "Zwaantje", "Wisbaar", person.id, person2.id, "3143 GK"):
        assert trace not in everything, trace
    # tokens are dead, the address can sign up again
    assert client.get("/api/v1/me", token=person2.token).status_code == 401
    assert client.post("/api/v1/auth/refresh", token=person2.refresh_token).status_code == 401
    assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 401
    register(client, email=email)
    # the staff member who verified the VOG is unaffected
    login(client, staff.email)
