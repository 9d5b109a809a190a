"""The demo (`flask seed-demo`, behind `make run`) holds one example conversation, once: the first demo volunteer's
question about a vacancy and the first coordinator's answer, unread by the volunteer."""
from tests.test_demo_demand import DEMO, PASSWORD, SMALL
from tests.web_support import Browser, text


def test_the_demo_has_an_example_conversation(app, cli, db_session):
    first = cli.invoke(args=SMALL)
    assert first.exit_code == 0 and "demo conversation: vrijwilliger-00001@" in first.output, first.output
    again = cli.invoke(args=SMALL)
    assert "demo conversation: already there" in again.output
    volunteer = Browser(app)
    assert volunteer.login(f"vrijwilliger-00001@{DEMO}", PASSWORD).status_code == 303
    listing = text(volunteer.get("/berichten"))
    assert "1 nieuw bericht" in listing and "Berichten 1 ongelezen" in listing
    coordinator = Browser(app)
    assert coordinator.login(f"coordinator-001@{DEMO}", PASSWORD).status_code == 303
    listing = coordinator.get("/berichten").get_data(as_text=True)
    thread = listing.split('href="/berichten/')[1].split('"')[0]
    page = text(coordinator.get(f"/berichten/{thread}"))
    assert "Moet ik iets meenemen" in page and "wij zorgen voor koffie" in page
