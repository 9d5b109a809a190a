"""A campaign opens only with an approved gift - also when its opening date comes (the job that invites the
volunteers leaves it closed and tells the staff why; the page says so too) - and a gift decision says approved, or
not approved with the reason, to the staff on the page and to the shop by message."""
from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

import sqlalchemy as sa
import time_machine

from backend.campaigns.models import CampaignInvitation, Gift, MerchantStaff
from backend.notifications.models import OutboxMessage
from backend.notifications.render import render
from tests.campaigns.test_shop_gifts import _gifts, _invited
from tests.campaigns.web_helpers import NOW, offer_on_page
from tests.support import volunteer
from tests.web_support import text

OPENING_DAY = "2026-11-25 10:00:00+01:00"  # an hour after the form's opening (25 November, 09:00)


def _outbox(db_session, template: str) -> list[OutboxMessage]:
    return list(db_session.scalars(sa.select(OutboxMessage).where(OutboxMessage.template == template)
                                   .order_by(OutboxMessage.created_at).execution_options(populate_existing=True)))


def _rendered(message: OutboxMessage):
    return render(message.template, "nl", message.payload, tz=ZoneInfo("Europe/Amsterdam"), base_url="http://x")


def _invitations(db_session) -> int:
    return db_session.scalar(sa.select(sa.func.count()).select_from(CampaignInvitation))


def test_the_opening_date_without_an_approved_gift_leaves_the_campaign_closed(app, client, cli, db_session):
    with time_machine.travel(NOW, tick=False) as clock:
        staff, cid, [bakery] = _invited(app, client, cli)
        assert offer_on_page(bakery, cid).status_code == 303  # offered, still waiting for approval
        for _ in range(2):
            volunteer(client)

        clock.move_to(OPENING_DAY)
        for _ in range(2):  # the job runs every few minutes: the staff are told once
            assert cli.invoke(args=["run-appreciation-job", "open-campaigns"]).output.strip() == "open-campaigns: 0"
        assert _invitations(db_session) == 0
        [told] = _outbox(db_session, "campaign_held")
        assert str(told.user_id) == staff.person.id
        mail = _rendered(told)
        assert "Maassluis bedankt 2026" in mail.subject and "geen cadeau goedgekeurd" in mail.text
        assert f"http://x/gemeente/acties/{cid}" in mail.text
        page = text(staff.get(f"/gemeente/acties/{cid}"))
        assert "Niet open: nog geen goedgekeurd cadeau" in page and "De actie is niet opengegaan" in page
        assert "Niet open" in text(staff.get("/gemeente/acties"))  # the list says it too

        [gift] = _gifts(db_session)
        r = staff.post(f"/gemeente/acties/{cid}/cadeaus/{gift.id}/goedkeuren", form_from=f"/gemeente/acties/{cid}")
        assert r.status_code == 303
        assert "Goedgekeurd: Appeltaart. De winkel krijgt bericht." in text(staff.get(r.headers["Location"]))
        assert cli.invoke(args=["run-appreciation-job", "open-campaigns"]).output.strip() == "open-campaigns: 2"
        page = text(staff.get(f"/gemeente/acties/{cid}"))
        assert "De actie is niet opengegaan" not in page and "Open" in page


@time_machine.travel(NOW, tick=False)
def test_opening_now_needs_an_approved_gift_also_when_shops_need_no_approval(app, client, cli):
    from tests.campaigns.web_helpers import create, staff_browser

    staff = staff_browser(app, client, cli)
    cid = create(staff, curated=None)  # every verified shop, gifts approved as offered
    r = staff.post(f"/gemeente/acties/{cid}/openen", form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 409 and "Keur eerst minstens één cadeau goed" in text(r)


@time_machine.travel(NOW, tick=False)
def test_a_decision_says_approved_or_not_with_the_reason_to_staff_and_shop(app, client, cli, db_session):
    staff, cid, [bakery] = _invited(app, client, cli)
    offer_on_page(bakery, cid)
    [pie] = _gifts(db_session)
    r = staff.post(f"/gemeente/acties/{cid}/cadeaus/{pie.id}/afwijzen", {"reason": "Geen foto van de taart zelf"},
                   form_from=f"/gemeente/acties/{cid}")
    assert r.status_code == 303
    page = text(staff.get(r.headers["Location"]))
    assert ('Niet goedgekeurd: Appeltaart, met de reden "Geen foto van de taart zelf". De winkel krijgt bericht en '
            'kan het cadeau wijzigen.') in page
    assert "Het cadeau is beoordeeld" not in page
    [no] = _outbox(db_session, "gift_decided")
    shop_staff = set(db_session.scalars(sa.select(MerchantStaff.user_id).where(
        MerchantStaff.merchant_id == uuid.UUID(bakery.merchant_id))))
    assert shop_staff == {no.user_id}  # the shop's own people, nobody else
    assert (no.payload["approved"], no.payload["rejection_reason"]) == (False, "Geen foto van de taart zelf")
    mail = _rendered(no)
    assert mail.subject == "Je cadeau is niet goedgekeurd: Appeltaart"
    assert "Geen foto van de taart zelf" in mail.text and "http://x/winkel/cadeaus" in mail.text

    assert bakery.post(f"/winkel/cadeau/{pie.id}", {"title": "Appeltaart", "stock": "8"}).status_code == 303
    staff.post(f"/gemeente/acties/{cid}/cadeaus/{pie.id}/goedkeuren", form_from=f"/gemeente/acties/{cid}")
    assert db_session.get(Gift, pie.id, populate_existing=True).status == "approved"
    _no, yes = _outbox(db_session, "gift_decided")
    assert yes.payload["approved"] is True and _rendered(yes).subject == "Je cadeau is goedgekeurd: Appeltaart"
