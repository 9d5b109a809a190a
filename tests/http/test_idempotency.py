"""Idempotency-Key: a retried request gets the first answer and does not do the work twice."""
from tests.support import volunteer


def test_replay_returns_the_first_response_without_doing_the_work_again(client):
    anna = volunteer(client)
    key = {"Idempotency-Key": "phone-7f3a-0001"}
    first = client.patch("/api/v1/me/profile", json={"paused": True, "travel_radius_km": 2}, token=anna.token,
                         headers=key)
    assert first.status_code == 200 and "Idempotent-Replayed" not in first.headers
    # the volunteer changes their mind in between
    client.patch("/api/v1/me/profile", json={"paused": False}, token=anna.token)
    replay = client.patch("/api/v1/me/profile", json={"paused": True, "travel_radius_km": 2}, token=anna.token,
                          headers=key)
    assert replay.status_code == 200
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.get_json() == first.get_json()
    # the retry did not pause the profile again
    assert client.get("/api/v1/me/profile", token=anna.token).get_json()["paused"] is False


def test_same_key_with_another_body_is_400(client):
    anna = volunteer(client)
    key = {"Idempotency-Key": "phone-7f3a-0002", "Accept-Language": "en"}
    assert client.patch("/api/v1/me/profile", json={"paused": True}, token=anna.token, headers=key).status_code == 200
    r = client.patch("/api/v1/me/profile", json={"paused": False}, token=anna.token, headers=key)
    assert r.status_code == 400
    assert r.get_json()["detail"] == "This Idempotency-Key was used for a different request."
    assert client.get("/api/v1/me/profile", token=anna.token).get_json()["paused"] is True


def test_keys_belong_to_one_user(client):
    anna, bram = volunteer(client), volunteer(client)
    key = {"Idempotency-Key": "same-key"}
    client.patch("/api/v1/me/profile", json={"paused": True}, token=anna.token, headers=key)
    r = client.patch("/api/v1/me/profile", json={"paused": True}, token=bram.token, headers=key)
    assert "Idempotent-Replayed" not in r.headers
    assert client.get("/api/v1/me/profile", token=bram.token).get_json()["paused"] is True


def test_a_failed_request_is_not_remembered(client):
    anna = volunteer(client)
    key = {"Idempotency-Key": "retry-after-fix"}
    bad = client.patch("/api/v1/me/profile", json={"travel_radius_km": -3}, token=anna.token, headers=key)
    assert bad.status_code == 400
    ok = client.patch("/api/v1/me/profile", json={"travel_radius_km": -3}, token=anna.token, headers=key)
    assert ok.status_code == 400 and "Idempotent-Replayed" not in ok.headers


def test_a_bad_key_is_400(client):
    anna = volunteer(client)
    r = client.patch("/api/v1/me/profile", json={"paused": True}, token=anna.token,
                     headers={"Idempotency-Key": "x" * 101})
    assert r.status_code == 400 and "Idempotency-Key" in r.get_json()["errors"]
