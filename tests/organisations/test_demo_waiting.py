"""The demo's verification queue: `flask seed-demo` leaves two organisations, an intermediary's application and a
shop waiting for the municipality, once; the demo's staff find them at /gemeente/verificatie."""

from backend.demo.waiting import APPLICANT_EMAIL, seed_waiting
from tests.support import make_role, register
from tests.web_support import Browser, text


def test_the_demo_leaves_a_queue_for_the_municipality_once(app, client, cli, db_session):
    first = seed_waiting()
    assert "Repair Café Maassluis" in first[0]
    assert seed_waiting() == ["waiting for verification: all already there"]
    staff = register(client)
    make_role(cli, staff, "municipality_staff", "maassluis")
    browser = Browser(app)
    assert browser.login(staff.email).status_code == 303
    queue = text(browser.get("/gemeente/verificatie"))
    for name in ("Repair Café Maassluis", "Taalmaatjes Waterweg", "Samira Wijkteam", "Fietsenmaker Het Wiel"):
        assert name in queue
    applicant = Browser(app)
    assert applicant.login(APPLICANT_EMAIL, "doemee-demo-2026").status_code == 303
    assert "Wachten op de gemeente." in text(applicant.get("/organisatie/hulpvragen/aanmelden"))
    assert "Repair Café Maassluis" in text(applicant.get("/organisatie"))
