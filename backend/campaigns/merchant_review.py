"""The municipality's side of its shops: the queue of shops waiting for verification (what was submitted for
them), approving or turning one down with a reason its staff read, and who works at each shop (the merchant role,
tied to the shop)."""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from backend.accounts.models import RoleGrant, User
from backend.audit.operations import record
from backend.campaigns.models import Merchant, MerchantStaff
from backend.campaigns.operations import get_merchant, merchant_municipality, verify_merchant
from backend.errors import NotFound
from backend.extensions import db
from backend.organisations.verification import turned_down
from backend.places.operations import get_municipality, require_staff


@dataclass(frozen=True)
class ShopWithStaff:
    merchant: Merchant
    staff: tuple[User, ...]


def _of_municipality(actor: User, municipality_slug: str):
    municipality = get_municipality(municipality_slug)
    require_staff(actor, municipality)
    return sa.select(Merchant).where(Merchant.municipality_id == municipality.id)


def pending_merchants(actor: User, municipality_slug: str) -> list[Merchant]:
    """Onboarded, neither verified nor turned down; the longest waiting first."""
    return list(db.session.scalars(_of_municipality(actor, municipality_slug).where(
        Merchant.verified_at.is_(None), Merchant.rejected_at.is_(None)).order_by(Merchant.created_at, Merchant.id)))


def _staff_merchant(actor: User, merchant_id) -> Merchant:
    merchant = get_merchant(merchant_id)
    require_staff(actor, merchant_municipality(merchant))
    return merchant


def approve_merchant(actor: User, merchant_id) -> Merchant:
    merchant = verify_merchant(actor, merchant_id)
    merchant.rejected_at, merchant.rejection_reason = None, None
    return merchant


def reject_merchant(actor: User, merchant_id, reason: str) -> Merchant:
    """Turn a shop down (staff of its municipality); it stays unverified, its staff see why."""
    return turned_down(actor, _staff_merchant(actor, merchant_id), reason, "merchant")


def shops_with_staff(actor: User, municipality_slug: str) -> list[ShopWithStaff]:
    """Every shop of the municipality with the accounts that act for it (two queries, whatever the number)."""
    shops = list(db.session.scalars(_of_municipality(actor, municipality_slug).order_by(Merchant.name, Merchant.id)))
    people: dict = {}
    if shops:
        for link, user in db.session.execute(
                sa.select(MerchantStaff, User).join(User, User.id == MerchantStaff.user_id)
                .where(MerchantStaff.merchant_id.in_([s.id for s in shops])).order_by(User.display_name)):
            people.setdefault(link.merchant_id, []).append(user)
    return [ShopWithStaff(shop, tuple(people.get(shop.id, ()))) for shop in shops]


def remove_merchant_staff(actor: User, merchant_id, user_id) -> None:
    """Unlink an account from a shop; it loses the merchant role when it acts for no other shop."""
    merchant = _staff_merchant(actor, merchant_id)
    link = db.session.scalar(sa.select(MerchantStaff).where(MerchantStaff.merchant_id == merchant.id,
                                                           MerchantStaff.user_id == user_id))
    if link is None:
        raise NotFound("detail.not_found", what="User")
    db.session.delete(link)
    db.session.flush()
    if db.session.scalar(sa.select(MerchantStaff.id).where(MerchantStaff.user_id == user_id).limit(1)) is None:
        db.session.execute(sa.delete(RoleGrant).where(RoleGrant.user_id == user_id, RoleGrant.role == "merchant"))
        user = db.session.get(User, user_id)
        if user is not None:
            db.session.expire(user, ["roles"])
    record("merchant.staff_removed", actor_id=actor.id, subject_id=user_id, object_type="merchant",
           object_id=merchant.id)
