"""README's "Try it on your phone", on the demo data: log in as a demo volunteer, find a shift, sign up, see it
in my engagements, pick a gift."""
import re

from tests.test_demo_demand import DEMO, PASSWORD, SMALL
from tests.web_support import Browser, text


def test_the_readme_walk_on_the_demo_data(app, cli):
    result = cli.invoke(args=SMALL)
    assert result.exit_code == 0, result.output
    assert "demo thank-you campaign" in result.output
    browser = Browser(app)
    r = browser.login(f"vrijwilliger-00001@{DEMO}", PASSWORD)
    assert r.status_code == 303

    assert browser.get("/voor-jou").status_code == 200
    work = browser.get("/aanbod").get_data(as_text=True)
    opportunity = re.search(r'href="(/aanbod/[0-9a-f-]{36})"', work).group(1)
    detail = browser.get(opportunity)
    title = re.search(r"<h1[^>]*>([^<]+)</h1>", detail.get_data(as_text=True)).group(1)
    sign_up = re.search(r'action="(/diensten/[0-9a-f-]{36}/aanmelden)"', detail.get_data(as_text=True)).group(1)
    r = browser.post(sign_up, form_from=opportunity)
    assert r.status_code == 303
    assert title in text(browser.get("/mijn/inzet"))

    gifts = browser.get("/mijn/bedankt")
    assert "Je mag een cadeau kiezen." in text(gifts) and "Appeltaart" in text(gifts)
    choose = re.search(r'action="(/mijn/bedankt/[0-9a-f-]{36}/kies)"', gifts.get_data(as_text=True)).group(1)
    gift_id = re.search(r'name="gift_id" value="([0-9a-f-]{36})"', gifts.get_data(as_text=True)).group(1)
    r = browser.post(choose, {"gift_id": gift_id}, form_from="/mijn/bedankt")
    assert r.status_code == 303
    assert "Code van de waardebon" in text(browser.get(r.headers["Location"]))
