"""The municipality's administration through the API: the verification queue with what was submitted, turning
organisations and shops down with a reason the applicant reads, intermediaries' applications, staff and shop
roles; staff of Vlaardingen can do nothing in Maassluis; bad input is refused precisely and changes nothing."""
import pytest

from tests.campaigns.helpers import shop, staff_member
from tests.support import register


def _organisation(client, name="Voedselbank Maassluis"):
    coordinator = register(client)
    r = client.post("/api/v1/organisations", json={"name": name, "description": "Pakketten",
                                                   "municipality": "maassluis"}, token=coordinator.token)
    assert r.status_code == 201
    return r.get_json()["id"], coordinator


def _apply(client, person, **changes):
    body = {"municipality": "maassluis", "organisation_name": "Wijkteam West", "job_title": "Wijkcoach",
            "motivation": "Ouderen in de Koningshoek", **changes}
    return client.post("/api/v1/intermediary-applications", json=body, token=person.token,
                       headers={"Accept-Language": "en"})


def test_the_queue_shows_what_was_submitted_and_decisions_empty_it(client, cli):
    staff = staff_member(client, cli)
    org_id, coordinator = _organisation(client)
    merchant, _owner = shop(client, cli, staff, verify=False)
    worker = register(client, display_name="Wendy Wijkteam")
    assert _apply(client, worker).status_code == 201
    queue = client.get("/api/v1/municipalities/maassluis/verification-queue", token=staff.token).get_json()
    assert [o["name"] for o in queue["organisations"]] == ["Voedselbank Maassluis"]
    assert [m["kvk_number"] for m in queue["merchants"]] == ["12345678"]
    [application] = queue["intermediary_applications"]
    assert application["applicant"]["display_name"] == "Wendy Wijkteam" and application["job_title"] == "Wijkcoach"

    r = client.post(f"/api/v1/organisations/{org_id}/rejection", json={"reason": "Geen vrijwilligers"},
                    token=staff.token)
    assert r.status_code == 200 and r.get_json()["rejection_reason"] == "Geen vrijwilligers"
    assert client.post(f"/api/v1/merchants/{merchant['id']}/rejection", json={"reason": "Buiten de gemeente"},
                       token=staff.token).status_code == 200
    r = client.post(f"/api/v1/intermediary-applications/{application['id']}/approval", token=staff.token)
    assert r.status_code == 200 and r.get_json()["status"] == "approved"
    queue = client.get("/api/v1/municipalities/maassluis/verification-queue", token=staff.token).get_json()
    assert queue == {"organisations": [], "intermediary_applications": [], "merchants": []}
    # the applicants see the answer
    assert client.get(f"/api/v1/organisations/{org_id}").get_json()["rejection_reason"] == "Geen vrijwilligers"
    mine = client.get("/api/v1/me/intermediary-applications", token=worker.token).get_json()["items"]
    assert [a["status"] for a in mine] == ["approved"]
    # and the approved intermediary may post for residents (the role is in a fresh token)
    roles = client.post("/api/v1/auth/login", json={"email": worker.email, "password": worker.password})
    assert roles.status_code == 200


@pytest.mark.parametrize("body,field,message", [
    ({}, "reason", "Missing data for required field."),
    ({"reason": ""}, "reason", "Length must be between 1 and 500."),
    ({"reason": "   "}, "reason", "Give a reason (at most 500 characters): the applicant reads it."),
    ({"reason": "x" * 501}, "reason", "Length must be between 1 and 500."),
    ({"reason": "Nee", "extra": 1}, "extra", "Unknown field."),
])
def test_turning_down_needs_a_reason(client, cli, body, field, message):
    staff = staff_member(client, cli)
    org_id, _coordinator = _organisation(client)
    r = client.post(f"/api/v1/organisations/{org_id}/rejection", json=body, token=staff.token,
                    headers={"Accept-Language": "en"})
    assert r.status_code == 400 and r.mimetype == "application/problem+json"
    assert r.get_json()["errors"] == {field: [message]}
    assert client.get(f"/api/v1/organisations/{org_id}").get_json()["rejected_at"] is None


def test_one_open_application_and_none_for_an_intermediary(client, cli):
    worker = register(client)
    assert _apply(client, worker, job_title="").status_code == 400
    assert client.get("/api/v1/me/intermediary-applications", token=worker.token).get_json()["items"] == []
    assert _apply(client, worker).status_code == 201
    # the applicant's own data: in their export
    export = client.get("/api/v1/me/export", token=worker.token).get_json()["intermediary_applications"]
    assert [(a["organisation_name"], a["status"]) for a in export] == [("Wijkteam West", "pending")]
    again = _apply(client, worker)
    assert again.status_code == 409
    assert again.get_json()["detail"] == "You already have an application waiting for the municipality."


def test_staff_grant_and_revoke_the_staff_role(client, cli):
    staff = staff_member(client, cli)
    colleague = register(client, display_name="Cees")
    r = client.post("/api/v1/municipalities/maassluis/staff", json={"email": "nobody@example.org"},
                    token=staff.token, headers={"Accept-Language": "en"})
    assert r.status_code == 400 and list(r.get_json()["errors"]) == ["email"]
    r = client.post("/api/v1/municipalities/maassluis/staff", json={"email": colleague.email}, token=staff.token)
    assert r.status_code == 201 and r.get_json()["display_name"] == "Cees"
    listed = client.get("/api/v1/municipalities/maassluis/staff", token=staff.token).get_json()["items"]
    assert {p["user_id"] for p in listed} == {staff.id, colleague.id}
    assert client.delete(f"/api/v1/municipalities/maassluis/staff/{staff.id}", token=staff.token).status_code == 409
    assert client.delete(f"/api/v1/municipalities/maassluis/staff/{colleague.id}",
                         token=staff.token).status_code == 204
    listed = client.get("/api/v1/municipalities/maassluis/staff", token=staff.token).get_json()["items"]
    assert [p["user_id"] for p in listed] == [staff.id]


def test_staff_of_vlaardingen_can_do_nothing_in_maassluis(client, cli):
    maassluis = staff_member(client, cli)
    other = staff_member(client, cli, "vlaardingen")
    org_id, _coordinator = _organisation(client)
    merchant, owner = shop(client, cli, maassluis, verify=False)
    worker = register(client)
    application_id = _apply(client, worker).get_json()["id"]
    token = {"token": other.token}
    for method, path, body in [
            ("get", "/api/v1/municipalities/maassluis/verification-queue", None),
            ("post", f"/api/v1/organisations/{org_id}/rejection", {"reason": "Nee"}),
            ("post", f"/api/v1/merchants/{merchant['id']}/rejection", {"reason": "Nee"}),
            ("delete", f"/api/v1/merchants/{merchant['id']}/staff/{owner.id}", None),
            ("post", f"/api/v1/intermediary-applications/{application_id}/approval", None),
            ("post", f"/api/v1/intermediary-applications/{application_id}/rejection", {"reason": "Nee"}),
            ("get", "/api/v1/municipalities/maassluis/staff", None),
            ("post", "/api/v1/municipalities/maassluis/staff", {"email": other.email}),
            ("delete", f"/api/v1/municipalities/maassluis/staff/{maassluis.id}", None)]:
        kwargs = {"json": body} if body is not None else {}
        assert getattr(client, method)(path, **kwargs, **token).status_code == 403, path
    queue = client.get("/api/v1/municipalities/maassluis/verification-queue", token=maassluis.token).get_json()
    assert len(queue["organisations"]) == 1 and len(queue["merchants"]) == 1
    assert len(queue["intermediary_applications"]) == 1
    staff = client.get("/api/v1/municipalities/maassluis/staff", token=maassluis.token).get_json()["items"]
    assert [p["user_id"] for p in staff] == [maassluis.id]
    assert client.get("/api/v1/merchant/shops", token=owner.token).get_json()["items"][0]["id"] == merchant["id"]


def test_unlinking_the_last_shop_takes_the_merchant_role(client, cli):
    staff = staff_member(client, cli)
    merchant, owner = shop(client, cli, staff)
    assert client.get("/api/v1/merchant/shops", token=owner.token).status_code == 200
    assert client.delete(f"/api/v1/merchants/{merchant['id']}/staff/{owner.id}", token=staff.token).status_code == 204
    again = client.post("/api/v1/auth/login", json={"email": owner.email, "password": owner.password}).get_json()
    assert client.get("/api/v1/merchant/shops", token=again["access_token"]).status_code == 403
