"""The shop's page (/winkel): typing a voucher code gives one clear answer (valid / already redeemed at <time> /
another shop's / unknown) through the same operation as the API, and the shop sees only its own redemptions with
the amount the municipality will reimburse."""
from tests.campaigns.helpers import claim, create_campaign, offer, shop, staff_member
from tests.support import volunteer
from tests.web_support import Browser, text


def _till(app, client, cli, *, language="nl"):
    """A campaign with two shops, each with a gift; returns (the first shop's page browser, its codes, the other
    shop's code, client for the API, the other shop's owner)."""
    staff = staff_member(client, cli)
    campaign = create_campaign(client, staff)
    merchant, owner = shop(client, cli, staff)
    other_merchant, other_owner = shop(client, cli, staff, name="Bloemen Aan De Haven")
    cake = offer(client, owner, campaign["id"], merchant["id"], title="Taart", value=1995, stock=5)
    flowers = offer(client, other_owner, campaign["id"], other_merchant["id"], title="Bos bloemen", value=1500)
    codes = [claim(client, volunteer(client), campaign["id"], cake["id"]).get_json()["voucher_code"]
             for _ in range(2)]
    other_code = claim(client, volunteer(client), campaign["id"], flowers["id"]).get_json()["voucher_code"]
    browser = Browser(app, language=language)
    assert browser.login(owner.email).status_code == 303
    browser.owner = owner
    return browser, codes, other_code, other_owner


def test_a_shop_redeems_a_voucher_once_and_sees_what_will_be_reimbursed(app, client, cli):
    browser, codes, other_code, _ = _till(app, client, cli)
    page = text(browser.get("/winkel"))
    assert "Waardebon inwisselen" in page and "Nog geen bonnen ingewisseld." in page
    assert "De gemeente vergoedt: € 0,00" in page

    r = browser.post("/winkel/inwisselen", {"code": codes[0].lower()}, form_from="/winkel")
    assert r.status_code == 200
    assert "Geldig: geef het cadeau mee" in text(r) and "Taart" in text(r)

    r = browser.post("/winkel/inwisselen", {"code": codes[0]}, form_from="/winkel")
    assert r.status_code == 409 and "Al ingewisseld op 20" in text(r) and "Geldig" not in text(r)

    r = browser.post("/winkel/inwisselen", {"code": other_code}, form_from="/winkel")
    assert r.status_code == 403 and "Deze bon hoort bij een andere winkel" in text(r)

    r = browser.post("/winkel/inwisselen", {"code": "ZZZZ-ZZZZ"}, form_from="/winkel")
    assert r.status_code == 404 and "Onbekende code" in text(r)

    browser.post("/winkel/inwisselen", {"code": codes[1]}, form_from="/winkel")
    page = text(browser.get("/winkel"))
    assert "De gemeente vergoedt: € 39,90" in page and page.count("€ 19,95") == 2


def test_the_api_and_the_page_redeem_through_the_same_rule(app, client, cli):
    browser, codes, _other, _ = _till(app, client, cli)
    # Redeemed through the page, then refused by the API as already redeemed; and the other way round.
    assert browser.post("/winkel/inwisselen", {"code": codes[0]}, form_from="/winkel").status_code == 200
    r = client.post("/api/v1/merchant/redemptions", json={"code": codes[0]}, token=browser.owner.token)
    assert r.status_code == 409 and r.get_json()["type"].endswith("voucher-redeemed")
    assert client.post("/api/v1/merchant/redemptions", json={"code": codes[1]},
                       token=browser.owner.token).status_code == 201
    r = browser.post("/winkel/inwisselen", {"code": codes[1]}, form_from="/winkel")
    assert r.status_code == 409 and "Al ingewisseld op" in text(r)
    assert "De gemeente vergoedt: € 39,90" in text(browser.get("/winkel"))


def test_a_shop_sees_only_its_own_redemptions(app, client, cli):
    browser, codes, other_code, other_owner = _till(app, client, cli)
    assert client.post("/api/v1/merchant/redemptions", json={"code": other_code},
                       token=other_owner.token).status_code == 201
    page = text(browser.get("/winkel"))
    assert "Bos bloemen" not in page and "€ 15,00" not in page and "De gemeente vergoedt: € 0,00" in page


def test_redeeming_without_the_forms_token_is_refused_and_changes_nothing(app, client, cli):
    browser, codes, _other, _ = _till(app, client, cli)
    r = browser.post("/winkel/inwisselen", {"code": codes[0]}, csrf=False)
    assert r.status_code == 400
    assert "Geldig" in text(browser.post("/winkel/inwisselen", {"code": codes[0]}, form_from="/winkel"))


def test_only_shops_may_open_the_till(app, browser):
    browser.register()
    assert browser.get("/winkel").status_code == 403
    anonymous = Browser(app)
    r = anonymous.get("/winkel")
    assert r.status_code == 302 and "/inloggen" in r.headers["Location"]


def test_the_till_in_english(app, client, cli):
    browser, codes, _other, _ = _till(app, client, cli, language="en")
    assert browser.post("/taal", {"locale": "en", "next": "/winkel"}, form_from="/winkel").status_code == 303
    assert "The municipality will reimburse: €0.00" in text(browser.get("/winkel"))
    r = browser.post("/winkel/inwisselen", {"code": codes[0]}, form_from="/winkel")
    assert "Valid: hand over the gift" in text(r)
    r = browser.post("/winkel/inwisselen", {"code": codes[0]}, form_from="/winkel")
    assert "Already redeemed at 20" in text(r)
