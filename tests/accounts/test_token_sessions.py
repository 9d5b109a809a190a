"""A token is valid only for the user whose session it names. (The login throttle of both surfaces:
tests/http/test_login_throttle.py.)"""
import base64
import json

from flask_jwt_extended import create_access_token

from tests.support import register


def _claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def test_a_token_naming_another_users_live_session_is_refused(app, client):
    anna, bram = register(client, display_name="Anna"), register(client, display_name="Bram")
    bram_session = _claims(bram.token)["sid"]
    anna_session = _claims(anna.token)["sid"]
    with app.app_context():  # forged with the installation's secret, as someone holding it could
        forged = create_access_token(identity=anna.id, additional_claims={"sid": bram_session})
        genuine = create_access_token(identity=anna.id, additional_claims={"sid": anna_session})
    assert client.get("/api/v1/me", token=genuine).get_json()["display_name"] == "Anna"
    r = client.get("/api/v1/me", token=forged)
    assert r.status_code == 401
    assert r.get_json()["type"].endswith("/unauthorized")
    # Bram's own session is untouched.
    assert client.get("/api/v1/me", token=bram.token).get_json()["display_name"] == "Bram"
