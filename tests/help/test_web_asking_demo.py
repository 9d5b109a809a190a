"""From the demo (`flask seed-demo`, as `make run` loads it): the demo resident bewoner-001 signs in, gets a
resident's home, finds a request of their own with offers, can choose a helper and can ask for more help."""
import re

from tests.web_support import Browser, text

SMALL = ["seed-demo", "--volunteers", "150", "--organisations", "6", "--opportunities", "30", "--initiatives", "12",
         "--help-requests", "20", "--quiet"]


def test_the_demo_resident_follows_their_request_and_can_ask_for_more(app, cli):
    result = cli.invoke(args=SMALL)
    assert result.exit_code == 0, result.output
    ria = Browser(app)
    r = ria.login("bewoner-001@demo.doemee.invalid", "doemee-demo-2026")
    assert r.status_code == 303
    home = text(ria.get("/mijn"))
    assert "Hulp vragen" in home and "Mijn hulpvragen" in home and "Voor jou" not in home
    mine = ria.get("/mijn/hulpvragen").get_data(as_text=True)
    ids = re.findall(r'href="/mijn/hulpvragen/([0-9a-f-]{36})"', mine)
    assert ids
    detail = ria.get(f"/mijn/hulpvragen/{ids[-1]}")
    assert detail.status_code == 200 and "Wie wil helpen" in text(detail)
    assert re.search(r"/aanbod/[0-9a-f-]{36}/kiezen", detail.get_data(as_text=True))
    assert "Waar heb je hulp bij nodig?" in text(ria.get("/mijn/hulpvragen/nieuw"))
