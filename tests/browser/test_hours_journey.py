"""A coordinator approves the week's hours from one list, in a real browser on a laptop (1280x800) and on a phone
(390x844): from the organisation's menu to "Uren goedkeuren (3)", one time typed wrong and shown again with its
message, corrected to 1:45, all ticked and approved at once, the list empty. axe-core finds no WCAG 2.1 A/AA violation on the
way; screenshots for docs/screenshots/."""
import uuid
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from tests.browser.support import check
from tests.engagements.hours_setup import organisation_with_waiting_hours
from tests.support import ApiClient, make_role, register

pytestmark = pytest.mark.browser

PASSWORD = "lange-wandeling-langs-de-waterweg"
# Monday 19 October 2026, 11:00 in Maassluis.
MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)


def _coordinator_with_waiting_hours(app) -> tuple[str, str, list[str]]:
    """(e-mail, organisation id, entry ids newest shift first: Anna's, Bram's, Cees')."""
    from backend.extensions import db

    carla = register(ApiClient(app), password=PASSWORD, display_name="Carla Coördinator")
    make_role(app.test_cli_runner(), SimpleNamespace(email=carla.email), "coordinator")
    with app.app_context():
        org, entries = organisation_with_waiting_hours(db.session, carla.id, now=MONDAY)
        ids = str(org.id), [str(e.id) for e in entries]
        db.session.commit()
        db.session.remove()
    return carla.email, *ids


def _hours(app, entry_ids) -> list[tuple[str, int]]:
    from backend.engagements.models import HoursEntry
    from backend.extensions import db

    with app.app_context():
        found = {str(h.id): (h.status, h.minutes) for h in db.session.scalars(
            sa.select(HoursEntry).where(HoursEntry.id.in_([uuid.UUID(i) for i in entry_ids])))}
        db.session.remove()
    return [found[i] for i in entry_ids]


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_a_coordinator_corrects_one_entry_and_approves_all_hours_from_one_list(live_server, request, time_machine,
                                                                               device):
    time_machine.move_to(MONDAY, tick=True)
    base_url, app = live_server
    page = request.getfixturevalue(device)
    email, org_id, entries = _coordinator_with_waiting_hours(app)
    name = "laptop" if device == "desktop" else "phone"

    page.goto(base_url + "/inloggen")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.goto(f"{base_url}/organisatie/{org_id}")
    page.get_by_role("link", name="Uren goedkeuren (3)").click()
    listed = page.inner_text("main")
    assert listed.index("Anna de Vries") < listed.index("Bram de Groot") < listed.index("Cees Bakker")
    assert "Koffie schenken" in listed and "zo 18 okt 2026, 11:00-13:00" in listed
    check(page, f"org-hours-list-{name}")

    bram = page.get_by_label("Uren van Bram de Groot, als uren:minuten")
    assert bram.input_value() == "2:00"
    bram.fill("1:75")
    page.get_by_role("button", name="Aangevinkte uren goedkeuren").click()
    assert "Schrijf de tijd als uren:minuten, bijvoorbeeld 2:30." in page.inner_text("main")
    assert _hours(app, entries) == [("proposed", 120)] * 3
    check(page, f"org-hours-error-{name}")

    page.get_by_role("link", name="Schrijf de tijd als uren:minuten, bijvoorbeeld 2:30.").click()
    bram = page.get_by_label("Uren van Bram de Groot, als uren:minuten")
    assert bram.evaluate("element => element === document.activeElement")
    bram.fill("1:45")
    boxes = page.get_by_role("checkbox")
    assert boxes.count() == 3
    page.get_by_role("button", name="Niets aanvinken").click()
    assert not any(box.is_checked() for box in boxes.all())
    page.get_by_role("button", name="Alles aanvinken").click()
    assert all(box.is_checked() for box in boxes.all())
    page.get_by_role("button", name="Aangevinkte uren goedkeuren").click()
    after = page.inner_text("main")
    assert "De uren zijn goedgekeurd." in after and "Er wachten geen uren op goedkeuring." in after
    assert page.get_by_role("link", name="Uren goedkeuren (0)").is_visible()
    assert _hours(app, entries) == [("approved", 120), ("approved", 105), ("approved", 120)]
    check(page, f"org-hours-done-{name}")
    # (the form re-shown with its message answers 422, which the phone's console reports)
    assert [e for e in page.console_errors if "status of 422" not in e] == []
