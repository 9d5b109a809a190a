"""An integrator's client: generated with openapi-python-client (a generator nobody here wrote) from the document a
running server serves, then used against that server (127.0.0.1) for a volunteer's and a shop's journey: log in,
list shifts with a filter, sign up with an Idempotency-Key (the retry is answered, not done twice), read the feed
and get 304 on the repeat (If-None-Match), choose a thank-you gift, redeem its voucher at the shop. The answers
come back as the generated models, nested ones included (a shift's organisation is an OrganisationRef, not an
untyped object), and errors as the problem model of the status the document lists."""
from __future__ import annotations

import importlib
import json
import os
import sys
import threading
import uuid
from datetime import datetime, timezone

import pytest
import requests
import sqlalchemy as sa

from tests import factories
from tests.campaigns.helpers import create_campaign, offer, shop, staff_member
from tests.support import ApiClient, run_output, volunteer

pytestmark = pytest.mark.slow

# Wednesday 18 November 2026, 14:00 in Maassluis: the shift is on Saturday, the campaign window open.
WEDNESDAY = datetime(2026, 11, 18, 13, 0, tzinfo=timezone.utc)
PACKAGE = "doemee_client"


@pytest.fixture(scope="module")
def server(new_database):
    """The whole app on a free port of 127.0.0.1 (a database of its own: the journey commits); (base URL, app)."""
    from werkzeug.serving import make_server

    from backend.devdb import free_port
    from backend.extensions import db
    from doemee.app import create_app
    from tests.conftest import app_config

    app = create_app(app_config(new_database()))
    port = free_port()
    http = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}", app
    http.shutdown()
    thread.join(5)
    http.server_close()
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def generated(server, tmp_path_factory):
    """The client package generated from the served document, imported; removed from sys.modules afterwards."""
    base_url, _app = server
    folder = tmp_path_factory.mktemp("generated")
    document = folder / "openapi.json"
    document.write_text(requests.get(f"{base_url}/api/v1/openapi.json", timeout=10).text, encoding="utf-8")
    config = folder / "config.json"
    config.write_text(json.dumps({"package_name_override": PACKAGE, "post_hooks": []}), encoding="utf-8")
    generator = os.path.join(os.path.dirname(sys.executable), "openapi-python-client")
    out = run_output([generator, "generate", "--path", str(document), "--config", str(config), "--meta", "none",
                      "--output-path", str(folder / PACKAGE)], input="", timeout=120)
    # The generator warns about every part of the document it cannot turn into code: there must be none.
    assert "Warning" not in out and "Unable" not in out, out
    sys.path.insert(0, str(folder))
    try:
        yield lambda name: importlib.import_module(f"{PACKAGE}.{name}")
    finally:
        sys.path.remove(str(folder))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _world(app):
    """A published vacancy with a shift on Saturday, a volunteer, an open campaign with a shop's gift."""
    from backend.extensions import db

    client, cli = ApiClient(app), app.test_cli_runner()
    anna = volunteer(client, postcode="3144 BA")
    staff = staff_member(client, cli)
    merchant, owner = shop(client, cli, staff)
    campaign = create_campaign(client, staff)
    gift = offer(client, owner, campaign["id"], merchant["id"])
    with app.app_context():
        org = factories.organisation(db.session, name="Buurthuis De Kapel")
        vacancy = factories.opportunity(db.session, org, title="Koffie schenken")
        shift = factories.shift(db.session, vacancy, starts_at=datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc))
        ids = {"shift": shift.id, "vacancy": vacancy.id, "organisation": org.id}
        db.session.commit()
        db.session.remove()
    return anna, owner, campaign, gift, ids


def _engagements_of(app, shift_id) -> int:
    from backend.engagements.models import Engagement
    from backend.extensions import db

    with app.app_context():
        count = db.session.scalar(sa.select(sa.func.count()).select_from(Engagement)
                                  .where(Engagement.shift_id == shift_id))
        db.session.remove()
    return count


def test_a_generated_client_runs_the_journey_with_typed_models(server, generated, time_machine):
    time_machine.move_to(WEDNESDAY, tick=True)
    base_url, app = server
    anna, owner, campaign, gift, ids = _world(app)
    client_module, models = generated("client"), generated("models")
    api = f"{base_url}/api/v1"

    def logged_in(person):
        tokens = generated("api.auth.auth_login").sync(
            client=client_module.Client(base_url=api), body=models.Login(email=person.email, password=person.password))
        assert isinstance(tokens, models.Tokens), tokens
        return client_module.AuthenticatedClient(base_url=api, token=tokens.access_token)

    volunteer_client = logged_in(anna)

    # The list, filtered, read anonymously: nested references are the generated models.
    page = generated("api.opportunities.opportunities_list_shifts").sync(
        client=client_module.Client(base_url=api), municipality="maassluis", open_only=True,
        opportunity_id=ids["vacancy"])
    assert isinstance(page, models.ShiftPage)
    (item,) = page.items
    assert isinstance(item, models.ShiftItem) and item.id == ids["shift"]
    assert isinstance(item.organisation, models.OrganisationRef)
    assert (item.organisation.id, item.organisation.name) == (ids["organisation"], "Buurthuis De Kapel")
    assert isinstance(item.opportunity, models.OpportunityRef) and item.opportunity.title == "Koffie schenken"
    assert isinstance(item.neighbourhood, models.NeighbourhoodRef) and item.neighbourhood.slug == "balkon"

    # Signing up with an Idempotency-Key: the retry gets the first answer, and nothing happens twice.
    sign_up = generated("api.engagements.engagements_sign_up")
    key = str(uuid.uuid4())
    first = sign_up.sync_detailed(ids["shift"], client=volunteer_client, idempotency_key=key)
    again = sign_up.sync_detailed(ids["shift"], client=volunteer_client, idempotency_key=key)
    assert first.status_code == again.status_code == 201
    assert isinstance(first.parsed, models.Engagement) and first.parsed.status.value == "accepted"
    assert again.parsed.id == first.parsed.id and again.headers["Idempotent-Replayed"] == "true"
    assert _engagements_of(app, ids["shift"]) == 1
    # Without a key it is a new request: already signed up, a problem of a documented status, in English if asked.
    refused = sign_up.sync_detailed(ids["shift"], client=volunteer_client, accept_language="en")
    assert refused.status_code == 409 and isinstance(refused.parsed, models.Problem)
    assert refused.headers["Content-Language"] == "en" and refused.parsed.status == 409

    # The feed, then the same version again: 304 without a body.
    feed = generated("api.matching.matching_my_recommendations")
    read = feed.sync_detailed(client=volunteer_client)
    assert read.status_code == 200 and isinstance(read.parsed, models.Feed)
    assert all(isinstance(entry, models.FeedItem) for entry in read.parsed.items)
    repeat = feed.sync_detailed(client=volunteer_client, if_none_match=read.headers["ETag"])
    assert repeat.status_code == 304 and repeat.content == b""

    # A thank-you gift, chosen with a key as well.
    chosen = generated("api.campaigns.campaigns_choose_gift").sync_detailed(
        uuid.UUID(campaign["id"]), client=volunteer_client, body=models.ClaimIn(gift_id=uuid.UUID(gift["id"])),
        idempotency_key=str(uuid.uuid4()))
    assert chosen.status_code == 201, chosen.content
    claim = chosen.parsed
    assert isinstance(claim, models.Claim) and isinstance(claim.gift, models.Gift)
    assert claim.gift.title == "Taart" and claim.redeemed_at is None

    # At the shop's till.
    redeem = generated("api.merchants.merchants_redeem_voucher")
    till = logged_in(owner)
    redeemed = redeem.sync_detailed(client=till, body=models.RedemptionIn(code=claim.voucher_code))
    assert redeemed.status_code == 201 and isinstance(redeemed.parsed, models.Redemption)
    assert redeemed.parsed.claim_id == claim.id and redeemed.parsed.value_cents == gift["value_cents"]
    twice = redeem.sync_detailed(client=till, body=models.RedemptionIn(code=claim.voucher_code))
    assert twice.status_code == 409 and twice.parsed.type_.endswith("/voucher-redeemed")
    # And a volunteer is not a shop: 403, a documented problem too.
    not_a_shop = redeem.sync_detailed(client=volunteer_client, body=models.RedemptionIn(code=claim.voucher_code))
    assert not_a_shop.status_code == 403 and isinstance(not_a_shop.parsed, models.Problem)
