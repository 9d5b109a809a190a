"""The volunteer's profile."""
import pytest

from tests.support import make_role, register, volunteer

FULL = {
    "display_name": "Anna",
    "postcode": "3147 ab",
    "travel_radius_km": 3.5,
    "languages": ["nl", "en", "ar"],
    "skills": [{"code": "groceries", "level": 2}, {"code": "digital_help", "level": 3}],
    "interests": ["elderly", "digital_help"],
    "availability": [{"weekday": "tue", "start": "18:00", "end": "21:00"},
                     {"weekday": "tue", "start": "09:00", "end": "12:00"},
                     {"weekday": "sat", "start": "10:00", "end": "24:00"}],
    "availability_exceptions": [{"date": "2026-12-24", "available": False},
                                {"date": "2026-12-27", "start": "13:00", "end": "17:00", "available": True}],
    "preference": "one_off",
    "max_commitments_per_month": 6,
    "birth_year": 1961,
    "vog_status": "requested",
}


def test_fill_in_a_profile_and_see_it_placed_in_the_right_neighbourhood(client):
    person = register(client)
    assert client.get("/api/v1/me/profile", token=person.token).status_code == 404
    r = client.put("/api/v1/me/profile", json=FULL, token=person.token)
    assert r.status_code == 201
    body = r.get_json()
    assert body["postcode"] == "3147 AB"
    assert body["municipality"] == {"slug": "maassluis", "name": "Maassluis"}
    assert body["neighbourhood"] == {"slug": "vertobuurt", "name": "Vertobuurt", "district": "Dijkpolder",
                                     "is_focus": True}
    # approximate: the neighbourhood's centroid, the same for every address in it
    hoods = client.get("/api/v1/municipalities/maassluis/neighbourhoods?limit=100").get_json()["items"]
    verto = next(h for h in hoods if h["slug"] == "vertobuurt")
    assert body["approximate_location"] == {"latitude": verto["latitude"], "longitude": verto["longitude"]}
    assert [(a["weekday"], a["start"], a["end"]) for a in body["availability"]] == [
        ("tue", "09:00", "12:00"), ("tue", "18:00", "21:00"), ("sat", "10:00", "24:00")]
    assert body["skills"] == [{"code": "digital_help", "level": 3}, {"code": "groceries", "level": 2}]
    assert body["vog"] == {"status": "requested", "valid_until": None}
    assert body["preference"] == "one_off" and body["travel_radius_km"] == 3.5
    assert client.get("/api/v1/me/profile", token=person.token).get_json() == body

    again = client.put("/api/v1/me/profile", json={"postcode": "3141 AA"}, token=person.token)
    assert again.status_code == 200
    replaced = again.get_json()
    assert replaced["neighbourhood"]["name"] == "Binnenstad"
    assert replaced["skills"] == [] and replaced["availability"] == [] and replaced["preference"] == "both"


def test_patch_changes_only_what_is_sent(client):
    person = volunteer(client, **{k: v for k, v in FULL.items() if k != "postcode"})
    r = client.patch("/api/v1/me/profile", json={"paused": True, "travel_radius_km": 0}, token=person.token)
    assert r.status_code == 200
    body = r.get_json()
    assert body["paused"] is True and body["travel_radius_km"] == 0
    assert len(body["availability"]) == 3 and body["languages"] == ["nl", "en", "ar"]
    assert client.patch("/api/v1/me", json={"paused": True}, token=person.token).status_code == 405


def test_patch_without_profile_is_404(client):
    person = register(client)
    assert client.patch("/api/v1/me/profile", json={"paused": True}, token=person.token).status_code == 404


def test_put_needs_a_postcode_for_a_new_profile(client):
    person = register(client)
    r = client.put("/api/v1/me/profile", json={"travel_radius_km": 2}, token=person.token,
                   headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert r.get_json()["errors"] == {"postcode": ["Required for a new profile."]}


@pytest.mark.parametrize("change,field,message", [
    ({"availability": [{"weekday": "mon", "start": "20:00", "end": "18:00"}]}, "availability.0.end",
     "The end must be after the start."),
    ({"availability": [{"weekday": "mon", "start": "18:00", "end": "18:00"}]}, "availability.0.end",
     "The end must be after the start."),
    ({"availability": [{"weekday": "mon", "start": "09:00", "end": "12:00"},
                       {"weekday": "mon", "start": "11:30", "end": "14:00"}]}, "availability.1.start",
     "Overlaps with another time range on the same day."),
    ({"availability": [{"weekday": "mon", "start": "09:15", "end": "12:00"}]}, "availability.0.start",
     "Use whole or half hours (:00 or :30)."),
    ({"availability": [{"weekday": "mon", "start": "24:30", "end": "12:00"}]}, "availability.0.start",
     "Use HH:MM (00:00-24:00)."),
    ({"availability": [{"weekday": "monday", "start": "09:00", "end": "12:00"}]}, "availability.0.weekday",
     "Must be one of: mon, tue, wed, thu, fri, sat, sun."),
    ({"availability": [{"weekday": "mon", "start": "9", "end": "12:00"}]}, "availability.0.start",
     "Use HH:MM (00:00-24:00)."),
    ({"availability_exceptions": [{"date": "2026-12-24", "start": "10:00", "end": "09:00"}]},
     "availability_exceptions.0.end", "The end must be after the start."),
    ({"availability_exceptions": [{"date": "2026-12-24", "start": "10:00"}]},
     "availability_exceptions.0.end", "Missing data for required field."),
    ({"availability_exceptions": [{"date": "2026-12-24"}, {"date": "2026-12-24", "start": "10:00", "end": "11:00"}]},
     "availability_exceptions.1.start", "Overlaps with another time range on the same day."),
    ({"skills": [{"code": "juggling"}]}, "skills.0.code", "Unknown skill: juggling."),
    ({"skills": [{"code": "cooking"}, {"code": "cooking"}]}, "skills.1.code", "Listed twice: cooking."),
    ({"skills": [{"code": "cooking", "level": 4}]}, "skills.0.level",
     "Must be greater than or equal to 1 and less than or equal to 3."),
    ({"travel_radius_km": -1}, "travel_radius_km", "Must be greater than or equal to 0 and less than or equal to 100."),
    ({"travel_radius_km": "NaN"}, "travel_radius_km", "Special numeric values (nan or infinity) are not permitted."),
    ({"languages": ["nl", "xx"]}, "languages.1", "Unknown language code: xx."),
    ({"interests": ["knitting"]}, "interests.0", "Unknown interest: knitting."),
    ({"preference": "sometimes"}, "preference", "Must be one of: one_off, regular, both."),
    ({"vog_status": "valid"}, "vog_status", "Only municipality staff can mark a VOG as valid."),
    ({"postcode": "1012 AB"}, "postcode", "DoeMee is not (yet) available for postcode 1012 AB."),
    ({"postcode": "abc"}, "postcode", "Not a Dutch postcode (like 3144 BA)."),
    ({"street": "Hoogstraat 1"}, "street", "Unknown field."),
    ({"languages": ["nl"] * 21}, "languages", "Longer than maximum length 20."),
])
def test_bad_profile_input_is_a_precise_400_and_changes_nothing(client, change, field, message):
    person = volunteer(client, postcode="3144 BA", availability=[{"weekday": "wed", "start": "13:00", "end": "17:00"}])
    before = client.get("/api/v1/me/profile", token=person.token).get_json()
    r = client.patch("/api/v1/me/profile", json=change, token=person.token, headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert message in r.get_json()["errors"][field], r.get_json()["errors"]
    assert client.get("/api/v1/me/profile", token=person.token).get_json() == before


def test_dutch_field_messages(client):
    person = volunteer(client)
    r = client.patch("/api/v1/me/profile", json={"availability": [{"weekday": "mon", "start": "20:00", "end": "18:00"}]},
                     token=person.token, headers={"Accept-Language": "nl"})
    assert r.get_json()["errors"] == {"availability.0.end": ["Het einde moet na het begin liggen."]}


def test_only_staff_of_the_volunteers_municipality_set_the_vog(client, cli):
    anna = volunteer(client, postcode="3144 BA")
    other_volunteer = volunteer(client)
    staff = register(client)
    make_role(cli, staff, "municipality_staff", "maassluis")
    elsewhere = register(client)
    make_role(cli, elsewhere, "municipality_staff", "schiedam")
    path = f"/api/v1/volunteers/{anna.id}/vog"
    body = {"status": "valid", "valid_until": "2029-01-01"}

    assert client.put(path, json=body, token=other_volunteer.token).status_code == 403
    assert client.put(path, json=body, token=anna.token).status_code == 403
    assert client.put(path, json=body, token=elsewhere.token).status_code == 403
    assert client.put(path, json={"status": "valid", "valid_until": "2001-01-01"}, token=staff.token).status_code == 400
    r = client.put(path, json=body, token=staff.token)
    assert r.status_code == 200 and r.get_json()["valid_until"] == "2029-01-01"
    assert client.get("/api/v1/me/profile", token=anna.token).get_json()["vog"] == {
        "status": "valid", "valid_until": "2029-01-01"}
    # the volunteer cannot downgrade a verified VOG to "requested" by themselves either
    client.patch("/api/v1/me/profile", json={"vog_status": "requested"}, token=anna.token)
    assert client.get("/api/v1/me/profile", token=anna.token).get_json()["vog"]["status"] == "valid"
    assert client.put(f"/api/v1/volunteers/{staff.id}/vog", json=body, token=staff.token).status_code == 404


def test_one_user_can_neither_read_nor_change_anothers_profile(client):
    anna = volunteer(client, postcode="3144 BA", display_name="Anna")
    bram = volunteer(client, postcode="3131 AA", display_name="Bram")
    # every profile route answers for the token's owner only; there is no id to change
    assert client.get("/api/v1/me/profile", token=bram.token).get_json()["display_name"] == "Bram"
    client.patch("/api/v1/me/profile", json={"paused": True}, token=bram.token)
    assert client.get("/api/v1/me/profile", token=anna.token).get_json()["paused"] is False
    # an id smuggled into the query changes nothing: it is still Bram's own profile
    smuggled = client.get(f"/api/v1/me/profile?user_id={anna.id}", token=bram.token)
    assert smuggled.get_json()["display_name"] == "Bram" and smuggled.get_json()["postcode"] == "3131 AA"
    export = client.get("/api/v1/me/export", token=bram.token).get_json()
    assert anna.email not in str(export) and "Anna" not in str(export)
    # staff-only routes that take an id are closed to volunteers
    assert client.put(f"/api/v1/volunteers/{anna.id}/vog", json={"status": "none"}, token=bram.token).status_code == 403
    assert client.post(f"/api/v1/admin/users/{bram.id}/roles", json={"role": "admin"},
                       token=bram.token).status_code == 403
