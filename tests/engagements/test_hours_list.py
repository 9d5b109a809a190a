"""The coordinator's one list of hours waiting for approval (/organisatie/<org>/uren), through the browser-like test
client: every waiting entry of the organisation, newest shift first, with the volunteer's name and the shift; approve
the ticked ones at once, correct one as hours:minutes; who may see and approve what; CSRF; both languages; the
number of SQL statements does not grow with the list."""
from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from backend.accounts.models import User
from backend.engagements.models import Engagement, HoursEntry
from backend.notifications.models import OutboxMessage
from backend.opportunities.models import Opportunity
from tests.engagements.hours_setup import organisation_with_waiting_hours, waiting_hours
from tests.recommendations.statements import one_request
from tests.support import make_role
from tests.web_support import Browser, text

pytestmark = pytest.mark.any_hour  # every test moves the clock to a fixed moment itself
# Monday 19 October 2026, 11:00 in Maassluis.
MONDAY = datetime(2026, 10, 19, 9, 0, tzinfo=timezone.utc)


def coordinator(app, cli, db_session, *, language="nl", name="Carla Coördinator"):
    """A signed-in browser of someone with the coordinator role, and their user id."""
    browser = Browser(app, language=language)
    email = browser.register(name=name, locale=language)
    make_role(cli, SimpleNamespace(email=email), "coordinator")
    return browser, db_session.scalar(sa.select(User.id).where(User.email == email))


@pytest.fixture
def carla(app, cli, db_session, time_machine):
    """Carla coordinates an organisation with three waiting entries (Anna's, Bram's and Cees' shifts)."""
    time_machine.move_to(MONDAY, tick=False)
    browser, user_id = coordinator(app, cli, db_session)
    org, entries = organisation_with_waiting_hours(db_session, user_id, now=MONDAY)
    db_session.commit()  # to the test's savepoint: a refused request rolls back its own work only
    return SimpleNamespace(browser=browser, org=org, entries=entries, path=f"/organisatie/{org.id}/uren")


def statuses(db_session, entries) -> list[tuple[str, int]]:
    db_session.expire_all()
    return [(e.status, e.minutes) for e in (db_session.get(HoursEntry, entry.id) for entry in entries)]


def approve_form(entries, **durations) -> dict:
    """Every entry ticked, each with its time as the page fills it in (2:00), some changed."""
    form = {"hours": [str(e.id) for e in entries]}
    form.update({f"duration-{e.id}": durations.get(str(e.id), "2:00") for e in entries})
    return form


def test_every_waiting_entry_is_listed_newest_shift_first_with_name_vacancy_and_shift(carla, db_session):
    # Not waiting: an approved entry, and one of a shift that has not ended yet.
    coffee = db_session.get(Engagement, carla.entries[0].engagement_id).opportunity_id

    opportunity = db_session.get(Opportunity, coffee)
    [done] = waiting_hours(db_session, opportunity, starts_at=MONDAY - timedelta(days=3), names=("Dirk Dekker",))
    done.status = "approved"
    waiting_hours(db_session, opportunity, starts_at=MONDAY - timedelta(hours=1), names=("Els Evers",))
    db_session.flush()

    page = carla.browser.get(carla.path)
    assert page.status_code == 200
    body = text(page)
    assert "Uren goedkeuren (3)" in body
    listed = body.split("Uren goedkeuren", 2)[2]
    assert list(dict.fromkeys(re.findall(r"(Anna de Vries|Bram de Groot|Cees Bakker)", listed))) == [
        "Anna de Vries", "Bram de Groot", "Cees Bakker"]
    assert "Dirk Dekker" not in body and "Els Evers" not in body
    assert "Koffie schenken zo 18 okt 2026, 11:00-13:00" in listed and "Markt opbouwen ma 12 okt 2026" in listed
    html = page.get_data(as_text=True)
    for entry in carla.entries:
        assert f'name="duration-{entry.id}" value="2:00"' in html
    # the organisation's page and menu lead there with the count
    dashboard = carla.browser.get(f"/organisatie/{carla.org.id}").get_data(as_text=True)
    assert f'href="{carla.path}">Uren goedkeuren (3)</a>' in dashboard


def test_approving_all_at_once_with_one_entry_corrected_to_1_45(carla, db_session):
    anna, bram, cees = carla.entries
    r = carla.browser.post(carla.path, approve_form(carla.entries, **{str(bram.id): "1:45"}))
    assert r.status_code == 303
    assert statuses(db_session, carla.entries) == [("approved", 120), ("approved", 105), ("approved", 120)]
    page = carla.browser.get(r.headers["Location"])
    assert "De uren zijn goedgekeurd." in text(page) and "Er wachten geen uren op goedkeuring." in text(page)
    assert "Uren goedkeuren (0)" in text(page)
    told = db_session.scalars(sa.select(OutboxMessage.payload).where(OutboxMessage.template == "hours_approved"))
    assert sorted(p["minutes"] for p in told) == [105, 120, 120]
    assert {db_session.get(Engagement, e.engagement_id).status for e in carla.entries} == {"completed"}


def test_only_the_ticked_entries_are_approved(carla, db_session):
    anna, bram, cees = carla.entries
    form = approve_form([anna, cees])
    form[f"duration-{bram.id}"] = "9:99"  # not ticked: not read
    r = carla.browser.post(carla.path, form)
    assert r.status_code == 303
    assert statuses(db_session, carla.entries) == [("approved", 120), ("proposed", 120), ("approved", 120)]
    assert "Bram de Groot" in text(carla.browser.get(carla.path))


@pytest.mark.parametrize("language,typed,message", [
    ("nl", "2:75", "Schrijf de tijd als uren:minuten, bijvoorbeeld 2:30."),
    ("nl", "105", "Schrijf de tijd als uren:minuten, bijvoorbeeld 2:30."),
    ("en", "25:00", "Between 0:01 and 24:00."),
    ("en", "0:00", "Between 0:01 and 24:00."),
])
def test_a_bad_time_re_shows_the_list_with_the_message_and_approves_nothing(app, cli, db_session, time_machine,
                                                                             language, typed, message):
    time_machine.move_to(MONDAY, tick=False)
    browser, user_id = coordinator(app, cli, db_session, language=language)
    org, entries = organisation_with_waiting_hours(db_session, user_id, now=MONDAY)
    path = f"/organisatie/{org.id}/uren"
    bram = entries[1]
    form = approve_form(entries, **{str(bram.id): typed})
    form["hours"] = [str(e.id) for e in entries[:2]]  # Cees not ticked
    page = browser.post(path, form)
    assert page.status_code == 422
    html = page.get_data(as_text=True)
    assert f'<a class="utrecht-link" href="#duration-{bram.id}">{message}</a>' in html
    assert f'id="duration-{bram.id}" name="duration-{bram.id}" value="{typed}" aria-invalid="true"' in html
    # what was ticked stays ticked, what was not stays unticked
    assert re.search(rf'value="{entries[0].id}" id="hours" checked', html)
    assert re.search(rf'value="{entries[2].id}" id="hours-{entries[2].id}">', html)
    assert statuses(db_session, entries) == [("proposed", 120)] * 3
    assert ("Hours to approve" if language == "en" else "Uren goedkeuren") in text(page)


def test_nothing_ticked_is_refused_with_a_message(carla, db_session):
    form = approve_form(carla.entries)
    del form["hours"]
    page = carla.browser.post(carla.path, form)
    assert page.status_code == 422
    assert '<a class="utrecht-link" href="#hours">' in page.get_data(as_text=True)
    assert statuses(db_session, carla.entries) == [("proposed", 120)] * 3


def test_the_page_speaks_english(app, cli, db_session, time_machine):
    time_machine.move_to(MONDAY, tick=False)
    browser, user_id = coordinator(app, cli, db_session, language="en")
    org, entries = organisation_with_waiting_hours(db_session, user_id, now=MONDAY)
    body = text(browser.get(f"/organisatie/{org.id}/uren"))
    assert "Hours to approve (3)" in body and "Approve the ticked hours" in body
    assert "Sun 18 Oct 2026, 11:00-13:00" in body
    r = browser.post(f"/organisatie/{org.id}/uren", approve_form(entries))
    assert "The hours have been approved." in text(browser.get(r.headers["Location"]))


def test_another_organisations_coordinator_sees_none_of_it_and_approves_none_of_it(carla, app, cli, db_session):
    other, other_id = coordinator(app, cli, db_session, name="Olga Overbeek")
    other_org, own = organisation_with_waiting_hours(db_session, other_id, now=MONDAY, name="Sportclub Het Hoofd")
    db_session.commit()  # to the test's savepoint: a refused request rolls back its own work only
    other_path = f"/organisatie/{other_org.id}/uren"

    page = other.get(carla.path)
    assert page.status_code == 403
    assert "Anna" not in text(page) and "Koffie schenken" not in text(page)
    # Carla's list through Olga's organisation: nothing of Carla's is in it ...
    assert str(carla.entries[0].id) not in other.get(other_path).get_data(as_text=True)
    # ... and approving Carla's entries is refused, through Carla's page or smuggled into Olga's own list
    assert other.post(carla.path, approve_form(carla.entries), form_from=other_path).status_code == 403
    mixed = approve_form(own[:1] + carla.entries[:1])
    refused = other.post(other_path, mixed)
    assert refused.status_code == 404 and str(carla.entries[0].id) not in refused.get_data(as_text=True)
    assert statuses(db_session, carla.entries) == [("proposed", 120)] * 3
    assert statuses(db_session, own) == [("proposed", 120)] * 3  # nothing approved: not even Olga's own
    # a volunteer (no coordinator role) is not let in; an id that is not a UUID is not found
    volunteer = Browser(app)
    volunteer.register()
    assert volunteer.get(carla.path).status_code == 403
    assert carla.browser.get("/organisatie/geen-uuid/uren").status_code == 404


def test_an_entry_approved_meanwhile_refuses_the_whole_list(carla, db_session):
    # Another coordinator approved one entry in the meantime: the one approved last (entries are approved shift
    # by shift, in the order of the shifts' ids), so that the two before it were approved and must be undone.
    shift_of = {e.id: db_session.get(Engagement, e.engagement_id).shift_id for e in carla.entries}
    decided = max(carla.entries, key=lambda e: str(shift_of[e.id]))
    others = [e for e in carla.entries if e is not decided]
    form = approve_form(carla.entries)
    db_session.get(HoursEntry, decided.id).status = "approved"
    db_session.commit()
    r = carla.browser.post(carla.path, form)
    assert r.status_code == 409
    assert "Deze uren zijn al beoordeeld (status: approved)." in text(r)
    # the list is shown again, with what is still waiting
    assert str(decided.id) not in r.get_data(as_text=True)
    assert all(str(e.id) in r.get_data(as_text=True) for e in others)
    assert statuses(db_session, others) == [("proposed", 120)] * 2
    assert not db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == "hours_approved")).all()


def test_the_form_needs_the_pages_csrf_token(carla, db_session):
    r = carla.browser.post(carla.path, approve_form(carla.entries), csrf=False)
    assert r.status_code == 400
    assert statuses(db_session, carla.entries) == [("proposed", 120)] * 3


def test_a_long_list_comes_in_pages_and_costs_the_same_statements_as_a_short_one(carla, app, db_session):
    anna = carla.entries[0]
    opportunity = db_session.get(Engagement, anna.engagement_id).opportunity_id

    coffee = db_session.get(Opportunity, opportunity)

    short, seen_short = one_request(lambda: carla.browser.get(carla.path))
    assert short.status_code == 200
    for day in range(1, 21):  # 40 more, two per shift, on older shifts
        waiting_hours(db_session, coffee, starts_at=MONDAY - timedelta(days=7 + day),
                      names=(f"Vrijwilliger {day}a", f"Vrijwilliger {day}b"))
    long, seen_long = one_request(lambda: carla.browser.get(carla.path))
    assert long.status_code == 200
    assert len(seen_long) == len(seen_short) <= 10, [s[:80] for s in seen_long]
    html = long.get_data(as_text=True)
    assert html.count('name="hours"') == 40 and "Uren goedkeuren (43)" in text(long)
    more = re.search(r'href="(/organisatie/[^"]+/uren\?verder=[^"]+)"', html).group(1)
    rest = carla.browser.get(more.replace("&amp;", "&"))
    assert rest.get_data(as_text=True).count('name="hours"') == 3
    assert "Vrijwilliger 20b" in text(rest) or "Vrijwilliger 20a" in text(rest)
    assert "Anna de Vries" not in text(rest).split("Uren goedkeuren", 2)[2]
