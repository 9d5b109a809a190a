"""From the demo data (`make run` seeds it): the demo organisation's coordinator finds every waiting hours entry in
one list and approves them all at once; seeding again adds none back."""
import re

from tests.test_demo_demand import DEMO, PASSWORD, SMALL
from tests.web_support import Browser, text


def test_the_demo_coordinator_approves_all_waiting_hours_from_one_list(app, cli):
    result = cli.invoke(args=SMALL)
    assert result.exit_code == 0, result.output
    assert "demo hours waiting for approval: 3 on" in result.output
    browser = Browser(app)
    assert browser.login(f"coordinator-001@{DEMO}", PASSWORD).status_code == 303
    organisation = re.search(r'href="(/organisatie/[0-9a-f-]{36})"',
                             browser.get("/organisatie").get_data(as_text=True)).group(1)
    dashboard = browser.get(organisation).get_data(as_text=True)
    link, count = re.search(r'href="(/organisatie/[0-9a-f-]{36}/uren)">Uren goedkeuren \((\d+)\)</a>',
                            dashboard).groups()
    assert int(count) >= 3

    page = browser.get(link).get_data(as_text=True)
    ticked = re.findall(r'name="hours" value="([0-9a-f-]{36})"[^>]*checked', page)
    assert len(ticked) == int(count)
    form = {"hours": ticked}
    form.update({f"duration-{hours_id}": re.search(rf'name="duration-{hours_id}" value="([^"]*)"', page).group(1)
                 for hours_id in ticked})
    done = browser.post(link, form)
    assert done.status_code == 303
    after = browser.get(done.headers["Location"])
    assert "Er wachten geen uren op goedkeuring." in text(after) and "Uren goedkeuren (0)" in text(after)

    again = cli.invoke(args=SMALL)
    assert again.exit_code == 0 and "demo hours waiting for approval: nothing to add" in again.output
    assert "Uren goedkeuren (0)" in text(browser.get(link))
