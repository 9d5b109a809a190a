"""README's "For shops" and "For the municipality" on the demo data: a demo volunteer picks the bakery's gift, the
demo shop login redeems the voucher at /winkel, and the demo staff login opens the dashboard of Maassluis."""
import re

import sqlalchemy as sa

from backend.campaigns.models import GiftClaim
from tests.test_demo_demand import DEMO, PASSWORD, SMALL
from tests.web_support import Browser, text


def test_the_demo_shop_redeems_a_demo_volunteers_voucher(app, cli, db_session):
    result = cli.invoke(args=SMALL)
    assert result.exit_code == 0, result.output
    assert f"demo shop login: winkel@{DEMO}" in result.output
    assert "demo shop login" not in cli.invoke(args=SMALL).output  # once

    volunteer = Browser(app)
    assert volunteer.login(f"vrijwilliger-00001@{DEMO}", PASSWORD).status_code == 303
    gifts = volunteer.get("/mijn/bedankt").get_data(as_text=True)
    choose = re.search(r'action="(/mijn/bedankt/[0-9a-f-]{36}/kies)"', gifts).group(1)
    cake = re.search(r'name="gift_id" value="([0-9a-f-]{36})"[^>]*>\s*[^<]*Appeltaart|'
                     r'Appeltaart[\s\S]*?name="gift_id" value="([0-9a-f-]{36})"', gifts)
    gift_id = cake.group(1) or cake.group(2)
    assert volunteer.post(choose, {"gift_id": gift_id}, form_from="/mijn/bedankt").status_code == 303
    code = db_session.scalar(sa.select(GiftClaim.voucher_code))

    shop = Browser(app)
    assert shop.login(f"winkel@{DEMO}", PASSWORD).status_code == 303
    r = shop.post("/winkel/inwisselen", {"code": code}, form_from="/winkel")
    assert "Geldig: geef het cadeau mee" in text(r) and "Appeltaart" in text(r)
    assert "De gemeente vergoedt: € 15,00" in text(shop.get("/winkel"))

    staff = Browser(app)
    assert staff.login(f"gemeente@{DEMO}", PASSWORD).status_code == 303
    page = text(staff.get("/gemeente"))
    assert "Dashboard van de gemeente" in page and "Balkon" in page and "Aandachtsbuurten" in page
