"""The municipality's thank-you campaign: campaigns, local shops (merchants) and their staff, gifts, claims with
single-use vouchers, invitations, nominations by organisations, and letter codes for volunteers without the app.

Money is integer cents everywhere. Claims outlive the volunteer who made them (ON DELETE SET NULL): the
municipality must account for every euro it reimburses, but an erased person must not be traceable.
"""
import sqlalchemy as sa
from sqlalchemy.orm import deferred, relationship

from backend.extensions import db
from backend.models_base import UTCDateTime, created_at, updated_at, uuid_pk


class Campaign(db.Model):
    """A year-end thank-you campaign of one municipality.

    Volunteers pick a gift between ``opens_at`` and ``closes_at``; shops redeem vouchers until ``redeem_until``.
    ``eligibility`` is the rule documented in backend.campaigns.eligibility. One campaign per municipality runs
    at a time: the spans opens_at..redeem_until of campaigns that are not cancelled never overlap. A cancelled
    campaign (``cancelled_at``) is never current; its unredeemed vouchers were released.
    """

    __tablename__ = "campaigns"
    __table_args__ = (
        sa.CheckConstraint("closes_at > opens_at", name="closes_after_opening"),
        sa.CheckConstraint("redeem_until >= closes_at", name="redeem_after_closing"),
        sa.CheckConstraint("budget_per_volunteer_cents > 0", name="budget_positive"),
        sa.Index("ix_campaigns_window", "municipality_id", "opens_at"),
    )
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=False)
    name = sa.Column(sa.String(120), nullable=False)
    year = sa.Column(sa.Integer, nullable=False)
    opens_at = sa.Column(UTCDateTime, nullable=False)
    closes_at = sa.Column(UTCDateTime, nullable=False)
    redeem_until = sa.Column(UTCDateTime, nullable=False)
    eligibility = sa.Column(sa.JSON, nullable=False, default=dict)
    budget_per_volunteer_cents = sa.Column(sa.Integer, nullable=False)
    message = sa.Column(sa.Text, nullable=False, default="")
    created_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at()
    updated_at = updated_at()
    cancelled_at = sa.Column(UTCDateTime, nullable=True)
    # Run from the web portal: shops take part when staff invite them (CampaignShop), and each gift waits for
    # staff approval before volunteers see it. Campaigns made through the API before this existed are not.
    curated = sa.Column(sa.Boolean, nullable=False, default=False, server_default=sa.false())

    municipality = relationship("Municipality", lazy="joined")

    @property
    def cancelled(self) -> bool:
        return self.cancelled_at is not None


class Merchant(db.Model):
    """A local shop, onboarded and verified by municipality staff. Business data only (public anyway)."""

    __tablename__ = "merchants"
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id"), nullable=False, index=True)
    name = sa.Column(sa.String(120), nullable=False)
    address = sa.Column(sa.String(200), nullable=False, default="")
    kvk_number = sa.Column(sa.String(8), nullable=True)
    verified_at = sa.Column(UTCDateTime, nullable=True)
    verified_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # The municipality turned the shop down (its staff see why); verifying it later clears this.
    rejected_at = sa.Column(UTCDateTime, nullable=True)
    rejection_reason = sa.Column(sa.String(500), nullable=True)
    created_at = created_at()
    updated_at = updated_at()

    municipality = relationship("Municipality")

    @property
    def verified(self) -> bool:
        return self.verified_at is not None


class MerchantStaff(db.Model):
    """A user who acts for a shop (role "merchant"): offers its gifts and redeems its vouchers."""

    __tablename__ = "merchant_staff"
    __table_args__ = (sa.UniqueConstraint("merchant_id", "user_id"),)
    id = uuid_pk()
    merchant_id = sa.Column(sa.Uuid, sa.ForeignKey("merchants.id", ondelete="CASCADE"), nullable=False)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    created_at = created_at()


class CampaignShop(db.Model):
    """Staff invited a shop to offer gifts in a (curated) campaign."""

    __tablename__ = "campaign_shops"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "merchant_id"),)
    id = uuid_pk()
    campaign_id = sa.Column(sa.Uuid, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    merchant_id = sa.Column(sa.Uuid, sa.ForeignKey("merchants.id", ondelete="CASCADE"), nullable=False, index=True)
    invited_at = sa.Column(UTCDateTime, nullable=False)

    merchant = relationship("Merchant", lazy="joined")


class Gift(db.Model):
    """What a shop offers in a campaign. ``stock`` is what is left; it only changes by conditional UPDATEs and
    the CHECK constraint makes a negative stock impossible even for a buggy writer.

    In a curated campaign a gift is "pending" until staff approve it; until then its ``stock`` is 0 (what the
    shop offers is ``stock_offered``), so no claim can take it even by its id. A rejected gift keeps stock 0 and the
    reason its shop reads; changed, it is pending again.
    The picture (JPEG, PNG or WebP, checked by its bytes) is kept in the database, so that every web worker
    serves it; it is loaded only when asked for."""

    __tablename__ = "gifts"
    __table_args__ = (
        sa.CheckConstraint("stock >= 0", name="stock_not_negative"),
        sa.CheckConstraint("stock <= stock_offered", name="stock_within_offered"),
        sa.CheckConstraint("value_cents > 0", name="value_positive"),
        sa.CheckConstraint(sa.text("status IN ('pending','approved','rejected')"), name="status_known"),
    )
    id = uuid_pk()
    campaign_id = sa.Column(sa.Uuid, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False, index=True)
    merchant_id = sa.Column(sa.Uuid, sa.ForeignKey("merchants.id", ondelete="CASCADE"), nullable=False, index=True)
    title = sa.Column(sa.String(120), nullable=False)
    description = sa.Column(sa.Text, nullable=False, default="")
    value_cents = sa.Column(sa.Integer, nullable=False)
    stock_offered = sa.Column(sa.Integer, nullable=False)
    stock = sa.Column(sa.Integer, nullable=False)
    picture_url = sa.Column(sa.String(300), nullable=True)
    status = sa.Column(sa.String(10), nullable=False, default="approved", server_default="approved")
    reviewed_at = sa.Column(UTCDateTime, nullable=True)
    rejection_reason = sa.Column(sa.String(500), nullable=True)  # why staff turned it down; the shop reads it
    picture = deferred(sa.Column(sa.LargeBinary, nullable=True))
    picture_type = sa.Column(sa.String(20), nullable=True)
    created_at = created_at()
    updated_at = updated_at()

    merchant = relationship("Merchant", lazy="joined")

    @property
    def approved(self) -> bool:
        return self.status == "approved"

    @property
    def has_picture(self) -> bool:
        return self.picture_type is not None


class GiftClaim(db.Model):
    """A volunteer's choice in a campaign, with its single-use voucher code.

    One per volunteer per campaign (unique; NULLs of erased volunteers do not collide). ``merchant_id``,
    ``value_cents`` and ``neighbourhood_id`` are copied at claim time so that reports and the finance export stay
    exact after the volunteer is erased or moves.
    """

    __tablename__ = "gift_claims"
    __table_args__ = (
        sa.UniqueConstraint("campaign_id", "user_id"),
        sa.CheckConstraint(sa.text("source IN ('app','letter')"), name="source_known"),
        sa.Index("ix_gift_claims_merchant", "campaign_id", "merchant_id"),
    )
    id = uuid_pk()
    campaign_id = sa.Column(sa.Uuid, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    gift_id = sa.Column(sa.Uuid, sa.ForeignKey("gifts.id"), nullable=False, index=True)
    merchant_id = sa.Column(sa.Uuid, sa.ForeignKey("merchants.id"), nullable=False)
    value_cents = sa.Column(sa.Integer, nullable=False)
    neighbourhood_id = sa.Column(sa.Uuid, sa.ForeignKey("neighbourhoods.id"), nullable=True)
    source = sa.Column(sa.String(10), nullable=False, default="app")
    voucher_code = sa.Column(sa.String(16), nullable=False, unique=True)
    redeemed_at = sa.Column(UTCDateTime, nullable=True)
    redeemed_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at()
    updated_at = updated_at()

    gift = relationship("Gift", lazy="joined")


class CampaignInvitation(db.Model):
    """That an eligible volunteer was invited (and reminded). Kept, unlinked, after erasure for the counts."""

    __tablename__ = "campaign_invitations"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "user_id"),)
    id = uuid_pk()
    campaign_id = sa.Column(sa.Uuid, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True)
    neighbourhood_id = sa.Column(sa.Uuid, sa.ForeignKey("neighbourhoods.id"), nullable=True)
    invited_at = sa.Column(UTCDateTime, nullable=False)
    reminded_at = sa.Column(UTCDateTime, nullable=True)


class Nomination(db.Model):
    """A verified organisation puts a volunteer forward for a campaign (one way to be eligible)."""

    __tablename__ = "campaign_nominations"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "volunteer_id", "organisation_id"),)
    id = uuid_pk()
    campaign_id = sa.Column(sa.Uuid, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    volunteer_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    organisation_id = sa.Column(sa.Uuid, sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False)
    nominated_by = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    created_at = created_at()


class LetterCode(db.Model):
    """A single-use code printed on a letter to an eligible volunteer who does not use the app; a shop exchanges
    it for one of its gifts. Goes with the person on erasure (an unused code is worthless; a used one became a
    claim, which stays)."""

    __tablename__ = "campaign_letter_codes"
    __table_args__ = (sa.UniqueConstraint("campaign_id", "user_id"),)
    id = uuid_pk()
    campaign_id = sa.Column(sa.Uuid, sa.ForeignKey("campaigns.id", ondelete="CASCADE"), nullable=False)
    user_id = sa.Column(sa.Uuid, sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    code = sa.Column(sa.String(16), nullable=False, unique=True)
    created_at = created_at()
    used_at = sa.Column(UTCDateTime, nullable=True)
