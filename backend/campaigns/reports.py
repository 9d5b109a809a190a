"""What staff take out of a campaign: the participation report, the finance export (CSV) and the letter codes
for volunteers without the app (CSV).

Letter codes (a deliberate, minimal choice): the municipality sends a paper letter to every eligible volunteer
who does not use the app, i.e. has not used a DoeMee login in the last ``APP_USE_DAYS`` days and has not chosen a
gift yet. A letter needs a name and the address; DoeMee keeps no street address, so the CSV carries what is needed
to address the letter from the municipality's own records and nothing more: the code, the name the volunteer
gave, the postcode and the neighbourhood, and the last day it can be used. No e-mail, no user id, no birth year.
Each export is audited; the same volunteer keeps the same code across exports (one code per volunteer per
campaign), and a code is single use (backend.campaigns.claims.redeem_letter_code).
"""
from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from backend.accounts.models import AuthSession, User
from backend.audit.operations import record
from backend.campaigns import codes
from backend.campaigns.eligibility import eligible_count, eligible_facts
from backend.campaigns.models import Campaign, CampaignInvitation, Gift, GiftClaim, LetterCode, Merchant
from backend.campaigns.operations import require_not_cancelled, staff_campaign
from backend.csv_columns import header, word
from backend.errors import Conflict
from backend.extensions import db
from backend.localtime import local_zone
from backend.models_base import utcnow
from backend.places.models import Neighbourhood
from backend.reports.suppression import Cell, percent, suppress
from backend.volunteers.models import VolunteerProfile

APP_USE_DAYS = 180


def _count(stmt) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(stmt.subquery())) or 0


@dataclass(frozen=True)
class MerchantLine:
    merchant_id: uuid.UUID
    name: str
    kvk_number: str | None
    claimed: Cell
    redeemed: Cell
    value_to_reimburse_cents: int


@dataclass(frozen=True)
class NeighbourhoodLine:
    slug: str
    name: str
    district: str
    is_focus: bool
    invited: Cell
    claimed: Cell
    redeemed: Cell
    participation_percent: Cell


@dataclass(frozen=True)
class CampaignReport:
    campaign_id: uuid.UUID
    eligible: Cell
    invited: Cell
    claimed: Cell
    redeemed: Cell
    merchants: list[MerchantLine]
    neighbourhoods: list[NeighbourhoodLine]


def campaign_report(actor, campaign_id) -> CampaignReport:
    """Participation as staff read it. Every count of volunteers is suppressed as in every report
    (backend.reports.suppression: "<5", and "x" where a total would give a small cell away); the amounts to
    reimburse stay exact (money, not people; the finance export has them per shop)."""
    campaign = staff_campaign(actor, campaign_id)
    claims = sa.select(GiftClaim).where(GiftClaim.campaign_id == campaign.id)
    invited = _count(sa.select(CampaignInvitation.id).where(CampaignInvitation.campaign_id == campaign.id))
    totals = {"eligible": eligible_count(campaign), "invited": invited, "claimed": _count(claims),
              "redeemed": _count(claims.where(GiftClaim.redeemed_at.is_not(None)))}
    merchants, hoods = _per_merchant(campaign), _per_neighbourhood(campaign)
    cells = _suppressed(totals, merchants, hoods)
    return CampaignReport(
        campaign_id=campaign.id,
        **{name: cells[("total", name)] for name in totals},
        merchants=[MerchantLine(**{**m, "claimed": cells[("merchant", m["merchant_id"], "claimed")],
                                   "redeemed": cells[("merchant", m["merchant_id"], "redeemed")]})
                   for m in merchants],
        neighbourhoods=[_hood_cells(h, cells) for h in hoods],
    )


def _suppressed(totals: dict, merchants: list[dict], hoods: list[dict]) -> dict:
    """Every count of the report, suppressed together. The groups are the sums a reader can check: the
    neighbourhoods' and the shops' figures against the totals. Invitations and claims without a neighbourhood
    (erased accounts) have no row; a reader is assumed to know how many there are."""
    values = {("total", name): value for name, value in totals.items()}
    groups = []
    for name in ("invited", "claimed", "redeemed"):
        for h in hoods:
            values[("hood", h["slug"], name)] = h[name]
        groups.append(([("hood", h["slug"], name) for h in hoods], ("total", name)))
    for name in ("claimed", "redeemed"):
        for m in merchants:
            values[("merchant", m["merchant_id"], name)] = m[name]
        groups.append(([("merchant", m["merchant_id"], name) for m in merchants], ("total", name)))
    return suppress(values, groups)


def _hood_cells(hood: dict, cells: dict) -> NeighbourhoodLine:
    counted = {name: cells[("hood", hood["slug"], name)] for name in ("invited", "claimed", "redeemed")}
    return NeighbourhoodLine(**{**hood, **counted,
                                "participation_percent": percent(counted["claimed"], counted["invited"])})


def _per_merchant(campaign: Campaign) -> list[dict]:
    redeemed = GiftClaim.redeemed_at.is_not(None)
    claim_totals = {row.merchant_id: row for row in db.session.execute(
        sa.select(GiftClaim.merchant_id, sa.func.count().label("claimed"),
                  sa.func.count(GiftClaim.redeemed_at).label("redeemed"),
                  sa.func.coalesce(sa.func.sum(sa.case((redeemed, GiftClaim.value_cents), else_=0)), 0)
                  .label("reimburse"))
        .where(GiftClaim.campaign_id == campaign.id).group_by(GiftClaim.merchant_id))}
    merchants = db.session.scalars(
        sa.select(Merchant).where(sa.or_(
            Merchant.id.in_(sa.select(Gift.merchant_id).where(Gift.campaign_id == campaign.id)),
            Merchant.id.in_(list(claim_totals) or [None])))
        .order_by(Merchant.name, Merchant.id))
    out = []
    for m in merchants:
        row = claim_totals.get(m.id)
        out.append({"merchant_id": m.id, "name": m.name, "kvk_number": m.kvk_number,
                    "claimed": row.claimed if row else 0, "redeemed": row.redeemed if row else 0,
                    "value_to_reimburse_cents": int(row.reimburse) if row else 0})
    return out


def _per_neighbourhood(campaign: Campaign) -> list[dict]:
    def counts(stmt, column):
        return dict(db.session.execute(stmt.group_by(column)).all())

    invited = counts(sa.select(CampaignInvitation.neighbourhood_id, sa.func.count())
                     .where(CampaignInvitation.campaign_id == campaign.id), CampaignInvitation.neighbourhood_id)
    claimed = counts(sa.select(GiftClaim.neighbourhood_id, sa.func.count())
                     .where(GiftClaim.campaign_id == campaign.id), GiftClaim.neighbourhood_id)
    redeemed = counts(sa.select(GiftClaim.neighbourhood_id, sa.func.count())
                      .where(GiftClaim.campaign_id == campaign.id, GiftClaim.redeemed_at.is_not(None)),
                      GiftClaim.neighbourhood_id)
    hoods = db.session.scalars(sa.select(Neighbourhood).where(Neighbourhood.municipality_id == campaign.municipality_id)
                               .order_by(Neighbourhood.district, Neighbourhood.name))
    return [{"slug": h.slug, "name": h.name, "district": h.district, "is_focus": h.is_focus,
             "invited": invited.get(h.id, 0), "claimed": claimed.get(h.id, 0), "redeemed": redeemed.get(h.id, 0)}
            for h in hoods]


# --- CSV ---------------------------------------------------------------------------------------------------------

def _cell(value) -> str:
    # A cell that starts like a formula would be run by a spreadsheet (CSV injection); quote it as text.
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(header: list[str], rows: list[list]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_cell(v) for v in row] for row in rows])
    return out.getvalue()


def _euros(cents: int) -> str:
    # Exact: integer arithmetic, never a float.
    return f"{cents // 100}.{cents % 100:02d}"


def finance_csv(actor, campaign_id, locale: str | None = None) -> str:
    """Per shop the vouchers redeemed and the amount to reimburse (integer cents, and euros for people), and the
    total. Only redeemed vouchers are paid; open ones are listed for information.

    Not suppressed, on purpose: this is the accounting of what each shop is paid, reconciled voucher by voucher
    with the shops' invoices. Its counts are vouchers per shop, which the shop itself handed over, with nothing
    about who the volunteers are or where they live; and the exact amount would give the count away anyway."""
    campaign = staff_campaign(actor, campaign_id)
    merchants = _per_merchant(campaign)
    rows = [[m["merchant_id"], m["name"], m["kvk_number"] or "", m["redeemed"], m["claimed"] - m["redeemed"],
             m["value_to_reimburse_cents"], _euros(m["value_to_reimburse_cents"])] for m in merchants]
    total = sum(m["value_to_reimburse_cents"] for m in merchants)
    rows.append([word("total", locale, "TOTAL"), "", "", sum(m["redeemed"] for m in merchants),
                 sum(m["claimed"] - m["redeemed"] for m in merchants), total, _euros(total)])
    record("campaign.finance_exported", actor_id=actor.id, object_type="campaign", object_id=campaign.id)
    return _csv(header(["merchant_id", "merchant", "kvk_number", "vouchers_redeemed", "vouchers_open",
                        "amount_cents", "amount_eur"], locale), rows)


@dataclass(frozen=True)
class LetterCodesResult:
    created: int  # new codes for volunteers who had none
    total: int    # codes of the campaign for volunteers who still have neither the app nor a gift


def create_letter_codes(actor, campaign_id, *, now: datetime | None = None) -> LetterCodesResult:
    """Give every eligible volunteer without the app (180 days) and without a gift a single-use letter code; those
    who have one keep it. Safe to repeat: a second run creates only the codes of people who joined the list."""
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)  # its codes would be worthless
    people = _without_app_and_unclaimed(campaign, now or utcnow())
    known = _letter_codes(campaign)
    created = 0
    try:
        with db.session.begin_nested():
            for user_id in people:
                if user_id not in known:
                    known[user_id] = codes.new_code()
                    db.session.add(LetterCode(campaign_id=campaign.id, user_id=user_id, code=known[user_id]))
                    created += 1
    except IntegrityError:
        # Another member of staff created codes at the same moment; their codes stand. Asking again adds the rest.
        raise Conflict("detail.export_in_progress") from None
    record("campaign.letter_codes_created", actor_id=actor.id, object_type="campaign", object_id=campaign.id,
           count=created)
    return LetterCodesResult(created, len(set(people) & set(known)))


def _letter_rows(campaign: Campaign, now: datetime) -> list:
    """(user id, name, postcode, neighbourhood) of the volunteers with a letter code who still have neither the app
    nor a gift, in the order of the letters (neighbourhood, postcode, name)."""
    wanted = set(_without_app_and_unclaimed(campaign, now)) & set(_letter_codes(campaign))
    return [r for r in db.session.execute(
        sa.select(User.id, User.display_name, VolunteerProfile.postcode, Neighbourhood.name)
        .join(VolunteerProfile, VolunteerProfile.user_id == User.id)
        .join(Neighbourhood, Neighbourhood.id == VolunteerProfile.neighbourhood_id)
        .where(VolunteerProfile.municipality_id == campaign.municipality_id)
        .order_by(Neighbourhood.name, VolunteerProfile.postcode, User.display_name)) if r[0] in wanted]


def letter_codes_csv(actor, campaign_id, *, now: datetime | None = None, locale: str | None = None) -> str:
    """The letter codes made by create_letter_codes, for the volunteers who still have neither the app nor a gift.
    Reads only (the reading of personal data is audited)."""
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)
    known = _letter_codes(campaign)
    rows = _letter_rows(campaign, now or utcnow())
    until = campaign.redeem_until.astimezone(local_zone(campaign.municipality)).date().isoformat()
    record("campaign.letter_codes_exported", actor_id=actor.id, object_type="campaign", object_id=campaign.id,
           count=len(rows))
    return _csv(header(["code", "name", "postcode", "neighbourhood", "valid_until"], locale),
                [[codes.display(known[r[0]]), r[1], r[2], r[3], until] for r in rows])


def letter_codes(actor, campaign_id, *, now: datetime | None = None) -> list[str]:
    """Only the codes of letter_codes_csv, in the same order (one letter each; names and addresses are merged in
    from the municipality's own records, by the CSV)."""
    campaign = staff_campaign(actor, campaign_id)
    require_not_cancelled(campaign)
    known = _letter_codes(campaign)
    rows = _letter_rows(campaign, now or utcnow())
    record("campaign.letter_codes_printed", actor_id=actor.id, object_type="campaign", object_id=campaign.id,
           count=len(rows))
    return [known[r[0]] for r in rows]


def _letter_codes(campaign: Campaign) -> dict:
    return dict(db.session.execute(sa.select(LetterCode.user_id, LetterCode.code)
                                   .where(LetterCode.campaign_id == campaign.id)).all())


def _without_app_and_unclaimed(campaign: Campaign, now: datetime) -> list:
    recent_app_users = set(db.session.scalars(
        sa.select(AuthSession.user_id).where(AuthSession.last_used_at >= now - timedelta(days=APP_USE_DAYS))
        .distinct()))
    claimed = set(db.session.scalars(sa.select(GiftClaim.user_id).where(GiftClaim.campaign_id == campaign.id,
                                                                        GiftClaim.user_id.is_not(None))))
    return [f.user_id for f in eligible_facts(campaign) if f.user_id not in recent_app_users | claimed]
