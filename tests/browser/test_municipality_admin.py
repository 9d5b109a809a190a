"""The municipality's staff pages in a real browser at a desktop (1280x800): someone of a neighbourhood team asks
to post for residents; staff of Maassluis open the verification queue from the dashboard, verify a pending
organisation, flag a focus neighbourhood and look at the roles. axe-core finds no WCAG 2.1 A/AA violation on any
of the new pages; screenshots for docs/screenshots/."""
import pytest

from tests.browser.conftest import DESKTOP
from tests.browser.support import check, log_in
from tests.support import ApiClient, register

pytestmark = pytest.mark.browser




def test_staff_verify_an_organisation_and_flag_a_focus_neighbourhood(live_server, desktop, chromium):
    from tests.campaigns.helpers import staff_member

    base_url, app = live_server
    api = ApiClient(app)
    staff = staff_member(api, app.test_cli_runner())
    coordinator = register(api, display_name="Kees Kolk")
    r = api.post("/api/v1/organisations", json={
        "name": "Buurtkamer De Kolk", "description": "Koffie, een krant en een praatje, elke ochtend open.",
        "website": "https://buurtkamer.example", "municipality": "maassluis"}, token=coordinator.token)
    assert r.status_code == 201
    org_id = r.get_json()["id"]
    r = api.post("/api/v1/merchants", json={"municipality": "maassluis", "name": "Fietsenmaker Het Wiel",
                                            "address": "Fenacoliuslaan 2, Maassluis", "kvk_number": "87654321"},
                 token=staff.token)
    assert r.status_code == 201

    # someone of a neighbourhood team asks the municipality (their own browser)
    worker_context = chromium.new_context(viewport=DESKTOP, locale="nl-NL", bypass_csp=True)
    worker_page = worker_context.new_page()
    worker = register(api, display_name="Wendy Wijkteam")
    log_in(worker_page, base_url, worker.email)
    worker_page.goto(base_url + "/organisatie/hulpvragen/aanmelden")
    worker_page.get_by_label("Je team of organisatie").fill("Wijkteam Maassluis West")
    worker_page.get_by_label("Je functie").fill("Wijkcoach")
    worker_page.get_by_label("Voor wie ga je hulpvragen plaatsen?").fill("Ouderen in de Koningshoek.")
    worker_page.get_by_role("button", name="Aanvraag versturen").click()
    assert "Wachten op de gemeente." in worker_page.inner_text("main")
    check(worker_page, "63-intermediary-apply")

    page = desktop
    log_in(page, base_url, staff.email)
    page.goto(base_url + "/gemeente")
    page.get_by_role("navigation", name="Gemeente").get_by_role("link", name="Verificatie").click()
    main = page.inner_text("main")
    assert "Buurtkamer De Kolk" in main and "Koffie, een krant en een praatje" in main
    assert "Wendy Wijkteam" in main and "Fietsenmaker Het Wiel" in main and "87654321" in main
    check(page, "60-municipality-verification")
    page.get_by_role("button", name="Goedkeuren Buurtkamer De Kolk").click()
    assert "Goedgekeurd. De aanvrager kan nu verder." in page.inner_text("main")
    assert "Buurtkamer De Kolk" not in page.inner_text("main")
    check(page)
    assert api.get(f"/api/v1/organisations/{org_id}").get_json()["verified"] is True

    page.get_by_role("navigation", name="Gemeente").get_by_role("link", name="Buurten").click()
    page.get_by_label("Aandachtsbuurt Balkon").check()
    page.get_by_role("button", name="Opslaan Balkon").click()
    assert "De buurt is opgeslagen." in page.inner_text("main")
    assert page.get_by_label("Aandachtsbuurt Balkon").is_checked()
    check(page, "61-municipality-neighbourhoods")
    hoods = api.get("/api/v1/municipalities/maassluis/neighbourhoods?limit=100").get_json()["items"]
    assert [h["is_focus"] for h in hoods if h["slug"] == "balkon"] == [True]

    page.get_by_role("navigation", name="Gemeente").get_by_role("link", name="Rollen").click()
    assert "Fietsenmaker Het Wiel" in page.inner_text("main")
    check(page, "62-municipality-roles")
    assert page.console_errors == []
    worker_context.close()
