"""README's campaign walk-through on the demo data: the demo staff login follows the running demo campaign, cancels
it (one campaign at a time), creates a new one, invites the demo shop, which offers a gift with its own login;
staff approve it and open the campaign."""
import re

from tests.test_demo_demand import DEMO, PASSWORD, SMALL
from tests.campaigns.web_helpers import campaign_form
from tests.web_support import Browser, text


def test_the_readme_walk_through_on_the_demo_data(app, cli):
    assert cli.invoke(args=SMALL).exit_code == 0
    staff = Browser(app)
    assert staff.login(f"gemeente@{DEMO}", PASSWORD).status_code == 303
    index = staff.get("/gemeente/acties").get_data(as_text=True)
    running = re.search(r'href="(/gemeente/acties/[0-9a-f-]{36})"', index).group(1)
    page = text(staff.get(running))
    assert "Maassluis bedankt" in page and "Open" in page and "Bakkerij Het Hoofd" in page
    assert staff.get(running + "/financien.csv").status_code == 200

    r = staff.post(running + "/annuleren", {"confirm": "on"}, form_from=running)
    assert r.status_code == 303
    # Opens in a week (the window must lie in the future when it is made), then opened now by hand.
    r = staff.post("/gemeente/acties/nieuw", campaign_form(opens_at="2099-01-01T09:00", closes_at="2099-02-01T17:00",
                                                          redeem_until="", year="2099"))
    assert r.status_code == 303, text(r)[:2000]
    new = r.headers["Location"].split("?")[0]
    shops = staff.get(new).get_data(as_text=True)
    bakery = re.search(r'<option value="([0-9a-f-]{36})">Bakkerij Het Hoofd</option>', shops).group(1)
    assert staff.post(new + "/winkels", {"merchant_id": bakery}, form_from=new).status_code == 303

    shop = Browser(app)
    assert shop.login(f"winkel@{DEMO}", PASSWORD).status_code == 303
    gifts = shop.get("/winkel/cadeaus").get_data(as_text=True)
    offer = re.search(r'href="(/winkel/cadeaus/[0-9a-f-]{36}/[0-9a-f-]{36}/nieuw)"', gifts).group(1)
    r = shop.post(offer, {"title": "Krentenbollen", "description": "Zes stuks", "value": "7,50", "stock": "50"})
    assert r.status_code == 303

    gift = re.search(r'action="(/gemeente/acties/[0-9a-f-]{36}/cadeaus/[0-9a-f-]{36}/goedkeuren)"',
                     staff.get(new).get_data(as_text=True)).group(1)
    assert staff.post(gift, form_from=new).status_code == 303
    r = staff.post(new + "/openen", form_from=new)
    assert r.status_code == 303 and "De actie is open" in text(staff.get(r.headers["Location"]))
