"""What is mine: milestones, my hours and their approval, my data as a JSON download, and deleting the account
(the password first; then nothing of me is left and the browser is signed out)."""
import json
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from backend.accounts.models import User
from backend.appreciation.models import MilestoneAward
from backend.engagements.models import HoursEntry
from tests import factories
from tests.support import PASSWORD
from tests.web_support import text
from tests.engagements.test_volunteer_work import _user_id, _volunteer

NOW = datetime(2026, 6, 10, 12, 0, tzinfo=timezone.utc)


def test_my_hours_show_what_they_were_for_and_whether_they_are_approved(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    me = _user_id(db_session, browser.email)
    assert "Nog geen uren." in text(browser.get("/mijn/uren"))
    org = factories.organisation(db_session)
    opp = factories.opportunity(db_session, org, title="Koffie schenken in De Kapel")
    shift = factories.shift(db_session, opp, starts_at=NOW - timedelta(days=1))
    done = factories.engagement(db_session, volunteer_id=me, opp=opp, shift=shift, status="completed")
    db_session.add(HoursEntry(engagement_id=done.id, volunteer_id=me, minutes=150, status="approved",
                              approved_at=NOW))
    other = factories.engagement(db_session, volunteer_id=_user_id(db_session, _volunteer(app).email), opp=opp,
                                 shift=shift, status="completed")
    db_session.add(HoursEntry(engagement_id=other.id, volunteer_id=other.volunteer_id, minutes=60))
    db_session.flush()
    page = text(browser.get("/mijn/uren"))
    assert "Koffie schenken in De Kapel" in page and "2,5 uur" in page and "Goedgekeurd" in page
    assert "1 uur" not in page and "Wacht op goedkeuring" not in page  # someone else's


def test_my_milestones(app, db_session):
    browser = _volunteer(app)
    assert "Je eerste mijlpaal komt" in text(browser.get("/mijn/mijlpalen"))
    db_session.add(MilestoneAward(user_id=_user_id(db_session, browser.email), code="first_engagement",
                                  achieved_at=datetime(2026, 3, 1, 9, tzinfo=timezone.utc)))
    db_session.flush()
    page = text(browser.get("/mijn/mijlpalen"))
    assert "zo 1 mrt, 10:00" in page and "Je eerste mijlpaal komt" not in page


def test_my_data_downloads_as_json(app, db_session):
    browser = _volunteer(app)
    r = browser.client.get("/mijn/gegevens/download")
    assert r.status_code == 200 and r.mimetype == "application/json"
    assert "attachment" in r.headers["Content-Disposition"] and r.headers["Cache-Control"] == "no-store"
    data = json.loads(r.get_data(as_text=True))
    assert data["account"]["email"] == browser.email
    assert "3144 BA" in json.dumps(data)


def test_deleting_the_account_asks_the_password_and_then_leaves_nothing(app, db_session):
    browser = _volunteer(app)
    page = text(browser.get("/mijn/gegevens"))
    assert "Dit verwijdert je account meteen en voorgoed" in page
    r = browser.post("/mijn/gegevens/verwijderen", {"password": "niet-mijn-wachtwoord"}, form_from="/mijn/gegevens")
    assert r.status_code == 422 and 'aria-invalid="true"' in r.get_data(as_text=True)
    assert _user_id(db_session, browser.email) is not None
    assert browser.post("/mijn/gegevens/verwijderen", {"password": PASSWORD}, csrf=False).status_code == 400
    assert _user_id(db_session, browser.email) is not None

    r = browser.post("/mijn/gegevens/verwijderen", {"password": PASSWORD}, form_from="/mijn/gegevens")
    assert r.status_code == 200 and "Je account is verwijderd" in text(r)
    db_session.expire_all()
    assert db_session.scalar(sa.select(User).where(User.email == browser.email)) is None
    assert browser.get("/mijn").status_code == 302  # signed out


def test_in_english(app):
    browser = _volunteer(app, language="en")
    assert "Delete my account" in text(browser.get("/mijn/gegevens"))
    assert "No hours yet." in text(browser.get("/mijn/uren"))
