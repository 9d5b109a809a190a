"""The shop's gifts (/winkel/cadeaus): an invited shop offers gifts with a picture while the campaign accepts them;
they wait for the municipality's approval (no volunteer can choose them before); a shop sees and changes only its
own gifts; bad input and a form without its token change nothing."""
import io
import uuid

import sqlalchemy as sa
import time_machine

from backend.campaigns.models import Gift
from tests.campaigns.helpers import claim, staff_member
from tests.support import volunteer
from tests.campaigns.web_helpers import NOW, PNG, create, gift_id_on, offer_on_page, shop_browser, staff_browser
from tests.web_support import Browser, text


def _invited(app, client, cli, *names):
    staff = staff_browser(app, client, cli)
    cid = create(staff)
    shops = []
    for name in names or ("Bakkerij Het Hoofd",):
        shop = shop_browser(app, client, cli, staff.person, name=name)
        assert staff.post(f"/gemeente/acties/{cid}/winkels", {"merchant_id": shop.merchant_id},
                          form_from=f"/gemeente/acties/{cid}").status_code == 303
        shops.append(shop)
    return staff, cid, shops


def _gifts(db_session):
    return list(db_session.scalars(sa.select(Gift).order_by(Gift.title).execution_options(populate_existing=True)))


@time_machine.travel(NOW, tick=False)
def test_an_invited_shop_offers_a_gift_that_waits_for_approval(app, client, cli, db_session):
    staff, cid, [bakery] = _invited(app, client, cli)
    page = text(bakery.get("/winkel/cadeaus"))
    assert "Maassluis bedankt 2026" in page and "Je biedt in deze actie nog geen cadeaus aan." in page
    assert '/winkel/cadeaus"' in bakery.get("/winkel").get_data(as_text=True)  # the link in the header

    r = offer_on_page(bakery, cid, picture=(io.BytesIO(PNG), "taart.png"))
    assert r.status_code == 303
    assert offer_on_page(bakery, cid, title="Krentenbollen", value="5").status_code == 303
    pie, buns = _gifts(db_session)[0], _gifts(db_session)[1]
    assert (pie.title, pie.status, pie.stock, pie.stock_offered, pie.value_cents) == ("Appeltaart", "pending", 0, 10,
                                                                                     1550)
    assert pie.picture_type == "image/png"
    html = bakery.get("/winkel/cadeaus").get_data(as_text=True)
    assert "Wacht op goedkeuring van de gemeente" in text(bakery.get("/winkel/cadeaus")) and gift_id_on(html)

    # The picture of a gift under review: its shop and staff see it, nobody else.
    assert bakery.get(f"/cadeaus/{pie.id}/foto").status_code == 200
    r = staff.get(f"/cadeaus/{pie.id}/foto")
    assert r.status_code == 200 and r.mimetype == "image/png" and r.get_data() == PNG
    assert Browser(app).get(f"/cadeaus/{pie.id}/foto").status_code == 302  # to log in
    someone = Browser(app)
    someone.register()
    assert someone.get(f"/cadeaus/{pie.id}/foto").status_code == 404

    # Staff approve the buns only and open; nobody can take the pie, not even by its id.
    staff.post(f"/gemeente/acties/{cid}/cadeaus/{buns.id}/goedkeuren", form_from=f"/gemeente/acties/{cid}")
    reject = f"/gemeente/acties/{cid}/cadeaus/{pie.id}/afwijzen"
    r = staff.post(reject, {"reason": "  "}, form_from=f"/gemeente/acties/{cid}")  # a reason is needed
    assert r.status_code == 422 and f'href="#reason-cadeau-{pie.id}"' in r.get_data(as_text=True)
    assert db_session.get(Gift, pie.id, populate_existing=True).status == "pending"
    r = staff.post(reject, {"reason": "Geen foto van de taart zelf"}, form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 303
    assert "De reden van de gemeente: Geen foto van de taart zelf" in text(staff.get(f"/gemeente/acties/{cid}"))
    assert staff.post(f"/gemeente/acties/{cid}/openen", form_from=f"/gemeente/acties/{cid}").status_code == 303
    person = volunteer(client)
    current = client.get("/api/v1/campaigns/current", token=person.token).get_json()
    assert [g["title"] for g in current["gifts"]] == ["Krentenbollen"]
    assert claim(client, person, cid, str(pie.id)).status_code >= 400
    assert claim(client, person, cid, str(buns.id)).status_code == 201
    assert someone.get(f"/cadeaus/{buns.id}/foto").status_code == 404  # no picture
    shop_page = text(bakery.get("/winkel/cadeaus"))
    assert "Afgewezen; wijzig het om het opnieuw in te dienen" in shop_page
    assert "De reden van de gemeente: Geen foto van de taart zelf" in shop_page

    # A rejected gift, changed, is submitted again.
    r = bakery.post(f"/winkel/cadeau/{pie.id}", {"title": "Appeltaart groot", "description": "", "stock": "8"})
    assert r.status_code == 303
    pie = db_session.get(Gift, pie.id, populate_existing=True)
    assert (pie.title, pie.status, pie.stock, pie.stock_offered) == ("Appeltaart groot", "pending", 0, 8)
    staff.post(f"/gemeente/acties/{cid}/cadeaus/{pie.id}/goedkeuren", form_from=f"/gemeente/acties/{cid}")
    assert db_session.get(Gift, pie.id, populate_existing=True).stock == 8
    assert someone.get(f"/cadeaus/{pie.id}/foto").status_code == 200  # approved: every volunteer may see it
    page = Browser(app)
    page.login(person.email)
    assert f'src="/cadeaus/{pie.id}/foto"' in page.get("/mijn/bedankt").get_data(as_text=True)


@time_machine.travel(NOW, tick=False)
def test_an_approved_gift_changes_only_its_stock(app, client, cli, db_session):
    staff, cid, [bakery] = _invited(app, client, cli)
    offer_on_page(bakery, cid)
    [gift] = _gifts(db_session)
    staff.post(f"/gemeente/acties/{cid}/cadeaus/{gift.id}/goedkeuren", form_from=f"/gemeente/acties/{cid}")
    page = text(bakery.get(f"/winkel/cadeau/{gift.id}"))
    assert "alleen het aantal dat je aanbiedt kan nog veranderen" in page
    r = bakery.post(f"/winkel/cadeau/{gift.id}", {"title": "Iets anders", "stock": "12"})
    assert r.status_code == 303
    gift = db_session.get(Gift, gift.id, populate_existing=True)
    assert (gift.title, gift.stock, gift.stock_offered) == ("Appeltaart", 12, 12)


@time_machine.travel(NOW, tick=False)
def test_bad_input_changes_nothing(app, client, cli, db_session):
    _staff, cid, [bakery] = _invited(app, client, cli)
    cases = [({"picture": (io.BytesIO(b"GIF89a" + b"\x00" * 32), "taart.png")}, "Kies een foto van het type"),
             ({"picture": (io.BytesIO(PNG + b"\x00" * 400_000), "groot.png")}, "De foto mag hoogstens 400 kB"),
             ({"value": "25"}, "Hoogstens het budget per vrijwilliger"), ({"value": "12,345"}, "Geef een bedrag in euro"),
             ({"stock": "0"}, "Bied er minstens één aan."), ({"stock": "veel"}, "Geen geldig geheel getal."),
             ({"title": ""}, "Verplicht veld ontbreekt.")]
    for changes, message in cases:
        r = offer_on_page(bakery, cid, **changes)
        assert r.status_code == 422, changes
        assert message in text(r), (changes, text(r)[:1500])
    r = bakery.post(f"/winkel/cadeaus/{cid}/{bakery.merchant_id}/nieuw",
                    {"title": "Taart", "value": "10", "stock": "5"}, csrf=False)
    assert r.status_code == 400
    assert _gifts(db_session) == []


@time_machine.travel(NOW, tick=False)
def test_a_shop_sees_and_changes_only_its_own_gifts(app, client, cli, db_session):
    staff, cid, [bakery, florist] = _invited(app, client, cli, "Bakkerij Het Hoofd", "Bloemenhuis De Sluis")
    offer_on_page(bakery, cid, title="Appeltaart")
    [pie] = _gifts(db_session)
    page = text(florist.get("/winkel/cadeaus"))
    assert "Appeltaart" not in page and "Je biedt in deze actie nog geen cadeaus aan." in page
    assert florist.get(f"/winkel/cadeau/{pie.id}").status_code == 403
    r = florist.post(f"/winkel/cadeau/{pie.id}", {"title": "Van mij", "stock": "1"}, form_from="/winkel/cadeaus")
    assert r.status_code == 403
    r = florist.post(f"/winkel/cadeaus/{cid}/{bakery.merchant_id}/nieuw", {"title": "Rozen", "value": "5",
                                                                          "stock": "3"}, form_from="/winkel/cadeaus")
    assert r.status_code == 404
    assert [g.title for g in _gifts(db_session)] == ["Appeltaart"]
    assert florist.get(f"/cadeaus/{pie.id}/foto").status_code == 404
    assert florist.get(f"/winkel/cadeaus/{cid}/{uuid.uuid4()}/nieuw").status_code == 404

    someone = Browser(app)
    someone.register()
    assert someone.get("/winkel/cadeaus").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_the_gifts_page_in_english(app, client, cli):
    _staff, cid, [bakery] = _invited(app, client, cli)
    bakery.language = "en"
    assert bakery.post("/taal", {"locale": "en", "next": "/winkel/cadeaus"},
                       form_from="/winkel/cadeaus").status_code == 303
    assert "You offer no gifts in this campaign yet." in text(bakery.get("/winkel/cadeaus"))
    offer_on_page(bakery, cid)
    assert "Waiting for the municipality's approval" in text(bakery.get("/winkel/cadeaus"))


@time_machine.travel(NOW, tick=False)
def test_through_the_api_staff_turn_a_gift_down_with_a_reason_its_shop_reads(app, client, cli, db_session):
    staff, cid, [bakery, florist] = _invited(app, client, cli, "Bakkerij Het Hoofd", "Bloemist Roos")
    offer_on_page(bakery, cid)
    [gift] = _gifts(db_session)
    path, reason = f"/api/v1/gifts/{gift.id}", "Geen foto van de taart zelf"

    # Only staff of the campaign's municipality decide, and only with a reason.
    elsewhere = staff_member(client, cli, "vlaardingen")
    for person in (bakery.person, elsewhere):
        assert client.post(f"{path}/rejection", json={"reason": reason}, token=person.token).status_code == 403
    r = client.post(f"{path}/rejection", json={"reason": "   "}, token=staff.person.token)
    assert r.status_code == 400 and set(r.get_json()["errors"]) == {"reason"}
    assert _gifts(db_session)[0].status == "pending"

    r = client.post(f"{path}/rejection", json={"reason": reason}, token=staff.person.token)
    assert r.status_code == 200 and (r.get_json()["status"], r.get_json()["rejection_reason"]) == ("rejected", reason)
    assert client.post(f"{path}/approval", token=staff.person.token).status_code == 409  # decided already

    # Its shop reads why; another shop does not see the gift at all.
    mine = client.get(path, token=bakery.person.token)
    assert mine.status_code == 200 and mine.get_json()["rejection_reason"] == reason
    assert client.get(path, token=florist.person.token).status_code == 403

    # Changed, it is offered again; approved, the reason is gone.
    assert bakery.post(f"/winkel/cadeau/{gift.id}", {"title": "Appeltaart groot", "stock": "8"}).status_code == 303
    r = client.post(f"{path}/approval", token=staff.person.token)
    assert r.status_code == 200 and (r.get_json()["status"], r.get_json()["rejection_reason"]) == ("approved", None)
    assert r.get_json()["stock_left"] == 8
