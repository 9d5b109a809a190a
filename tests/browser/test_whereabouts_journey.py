"""Where and whom in a real browser: on a phone (390x844) a volunteer opens a vacancy with its place and contact
person, the map link opens the map app (a geo: URI) with OpenStreetMap as the fallback, signs up and sees where to
go and whom to ask on the confirmation; an invitation shows the same and is answered with one tap. The coordinator
(laptop) sets the place on the vacancy form and sees the accepted volunteer's full name on the roster. axe-core
finds no WCAG 2.1 A/AA violation on any of these pages."""
import itertools
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from tests.browser.support import check, log_in
from tests.browser.test_volunteer_app import _complete_volunteer
from tests.support import ApiClient, make_role, register

pytestmark = pytest.mark.browser

_counter = itertools.count(1)


def _vacancy_with_place(app, coordinator_id) -> tuple[str, str, str]:
    """A published vacancy of Buurthuis De Vloot with its place and contact person, and two shifts."""
    from backend.extensions import db
    from backend.opportunities.models import MeetingPlace, VacancyContact
    from tests import factories

    title = f"Koffie schenken in De Vloot {next(_counter)}"
    with app.app_context():
        org = factories.organisation(db.session, coordinator_id=coordinator_id, name="Buurthuis De Vloot")
        place = MeetingPlace(organisation_id=org.id, name="Buurthuis De Vloot", street="Uiverstraat 2",
                             postcode="3144 AB", city="Maassluis", directions="Ingang aan de achterkant, bel aan.",
                             latitude=51.9187, longitude=4.2497)
        db.session.add(place)
        db.session.flush()
        opp = factories.opportunity(db.session, org, title=title, description="Koffie en thee voor de buurt.",
                                    meeting_place_id=place.id)
        db.session.add(VacancyContact(opportunity_id=opp.id, user_id=coordinator_id, channel="phone",
                                      phone="+31612345678"))
        start = (datetime.now(timezone.utc) + timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
        first = factories.shift(db.session, opp, starts_at=start, capacity=4)
        later = factories.shift(db.session, opp, starts_at=start + timedelta(days=7), capacity=4)
        db.session.commit()
        return str(opp.id), str(first.id), str(later.id)


def test_a_volunteer_finds_where_to_go_and_whom_to_ask_on_a_phone(live_server, phone, desktop):
    base_url, app = live_server
    client = ApiClient(app)
    coordinator = register(client, display_name="Marloes Jansen")
    make_role(app.test_cli_runner(), coordinator, "coordinator")
    opp_id, shift_id, later_id = _vacancy_with_place(app, coordinator.id)
    email, volunteer_id = _complete_volunteer(app)

    page = phone
    log_in(page, base_url, email)
    page.goto(f"{base_url}/aanbod/{opp_id}")
    main = page.inner_text("main")
    assert "Uiverstraat 2" in main and "Contactpersoon" in main and "Marloes" in main and "Jansen" not in main
    map_app = page.get_by_role("link", name="Open in mijn kaart-app")
    assert map_app.get_attribute("href").startswith("geo:51.918700,4.249700")
    fallback = page.get_by_role("link", name="Of bekijk het op OpenStreetMap")
    assert fallback.get_attribute("href").startswith("https://www.openstreetmap.org/?mlat=51.918700&mlon=4.249700")
    assert page.locator("main iframe, main img[src*='tile'], script[src^='http']").count() == 0  # no tiles, no scripts
    check(page, "60-vacancy-place")

    page.get_by_role("button", name="Aanmelden").first.click()
    main = page.inner_text("main")
    assert "Je bent aangemeld. Bedankt!" in main and "Uiverstraat 2" in main and "06 1234 5678" in main
    check(page, "61-signed-up-place")

    # the coordinator invites the volunteer to the later shift (laptop); the roster shows the full name
    coordinating = desktop
    log_in(coordinating, base_url, coordinator.email)
    coordinating.goto(f"{base_url}/organisatie/diensten/{shift_id}")
    assert "Anna" in coordinating.inner_text("main") and "Alleen via DoeMee" in coordinating.inner_text("main")
    check(coordinating, "62-org-roster-full-names")
    with app.app_context():
        from backend.accounts.models import User
        from backend.engagements.operations import invite
        from backend.extensions import db
        invite(db.session.get(User, uuid.UUID(coordinator.id)), uuid.UUID(later_id), uuid.UUID(str(volunteer_id)))
        db.session.commit()
    coordinating.goto(f"{base_url}/organisatie/vacatures/{opp_id}/bewerken")
    assert coordinating.get_by_label("Straat en huisnummer").input_value() == "Uiverstraat 2"
    check(coordinating, "63-org-vacancy-place-form")

    page.goto(f"{base_url}/mijn/inzet")
    main = page.inner_text("main")
    assert "Uitnodigingen voor jou" in main and "Uiverstraat 2" in main
    check(page, "64-my-invitation")
    page.get_by_role("button", name="Ja, ik kom").first.click()
    assert "Je bent aangemeld. Bedankt!" in page.inner_text("main")
    check(page)
    assert [e for e in page.console_errors if not e.startswith("Failed to load resource")] == []
