"""Places: listing, postcode resolution and staff edits of neighbourhoods."""
from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa

from backend.accounts.models import User
from backend.audit.operations import record
from backend.errors import Conflict, Forbidden, InvalidInput, NotFound
from backend.extensions import db
from backend.i18n import Msg
from backend.pagination import page
from backend.places.models import Municipality, Neighbourhood, PostcodeArea

_POSTCODE = re.compile(r"^([1-9][0-9]{3}) ?([A-Z]{2})$")


@dataclass(frozen=True)
class Placement:
    """Where a postcode lies, as precisely as we ever keep it: the neighbourhood and its centroid."""

    postcode: str
    municipality: Municipality
    neighbourhood: Neighbourhood

    @property
    def latitude(self) -> float:
        return self.neighbourhood.latitude

    @property
    def longitude(self) -> float:
        return self.neighbourhood.longitude


def normalise_postcode(raw: str) -> tuple[str, str] | None:
    """``" 3144 ba "`` -> ``("3144", "BA")``; None when it is not a Dutch postcode."""
    match = _POSTCODE.match(raw.strip().upper())
    return (match.group(1), match.group(2)) if match else None


def resolve_postcode(raw: str, *, field: str = "postcode") -> Placement:
    parts = normalise_postcode(raw)
    if parts is None:
        raise InvalidInput("detail.validation", errors={field: [Msg("field.postcode_malformed")]})
    pc4, letters = parts
    area = db.session.scalar(
        sa.select(PostcodeArea)
        .where(PostcodeArea.pc4 == pc4, PostcodeArea.letters_from <= letters, PostcodeArea.letters_to >= letters)
        .order_by(PostcodeArea.letters_from.desc())
        .limit(1)
    )
    if area is None:
        raise InvalidInput("detail.validation",
                           errors={field: [Msg("field.postcode_not_served", postcode=f"{pc4} {letters}")]})
    hood = area.neighbourhood
    return Placement(postcode=f"{pc4} {letters}", municipality=hood.municipality, neighbourhood=hood)


def list_municipalities(*, limit: int, cursor: str | None):
    stmt = sa.select(Municipality)
    return page(stmt, [Municipality.slug], [str], limit=limit, cursor=cursor, key=lambda m: [m.slug])


def get_municipality(slug: str) -> Municipality:
    municipality = db.session.scalar(sa.select(Municipality).where(Municipality.slug == slug))
    if municipality is None:
        raise NotFound("detail.not_found", what="Municipality")
    return municipality


def list_neighbourhoods(slug: str, *, limit: int, cursor: str | None):
    municipality = get_municipality(slug)
    stmt = (sa.select(Neighbourhood).where(Neighbourhood.municipality_id == municipality.id)
            .options(sa.orm.selectinload(Neighbourhood.postcode_areas)))
    return page(stmt, [Neighbourhood.slug], [str], limit=limit, cursor=cursor, key=lambda n: [n.slug])


def staffed_municipalities(user: User) -> list[Municipality]:
    """The municipalities a user works for as staff (every one for an admin), by slug."""
    municipalities = db.session.scalars(sa.select(Municipality).order_by(Municipality.slug))
    return [m for m in municipalities if user.has_role("admin") or user.has_role("municipality_staff", m.id)]


def require_staff(user: User, municipality: Municipality) -> None:
    if not (user.has_role("municipality_staff", municipality.id) or user.has_role("admin")):
        raise Forbidden("detail.not_your_municipality")


def get_neighbourhood(slug: str, hood_slug: str) -> Neighbourhood:
    municipality = get_municipality(slug)
    hood = db.session.scalar(sa.select(Neighbourhood).where(
        Neighbourhood.municipality_id == municipality.id, Neighbourhood.slug == hood_slug))
    if hood is None:
        raise NotFound("detail.not_found", what="Neighbourhood")
    return hood


_EDITABLE = ("name", "district", "latitude", "longitude", "is_focus", "focus_weight")


def update_neighbourhood(actor: User, slug: str, hood_slug: str, changes: dict) -> Neighbourhood:
    hood = get_neighbourhood(slug, hood_slug)
    require_staff(actor, hood.municipality)
    for name in _EDITABLE:
        if name in changes:
            setattr(hood, name, changes[name])
    record("place.neighbourhood_updated", actor_id=actor.id, object_type="neighbourhood", object_id=hood.id,
           fields=sorted(k for k in changes if k in _EDITABLE))
    return hood


def create_neighbourhood(actor: User, slug: str, data: dict) -> Neighbourhood:
    municipality = get_municipality(slug)
    require_staff(actor, municipality)
    if db.session.scalar(sa.select(Neighbourhood.id).where(
            Neighbourhood.municipality_id == municipality.id, Neighbourhood.slug == data["slug"])) is not None:
        raise Conflict("detail.validation", errors={"slug": [Msg("field.slug_taken")]})
    hood = Neighbourhood(municipality_id=municipality.id, **{k: data[k] for k in ("slug", *_EDITABLE) if k in data})
    db.session.add(hood)
    db.session.flush()
    record("place.neighbourhood_created", actor_id=actor.id, object_type="neighbourhood", object_id=hood.id)
    return hood


def staff_neighbourhoods(actor: User, slug: str) -> list[Neighbourhood]:
    """All neighbourhoods of the municipality for its staff to manage, by district (wijk) and name."""
    municipality = get_municipality(slug)
    require_staff(actor, municipality)
    return list(db.session.scalars(sa.select(Neighbourhood).where(Neighbourhood.municipality_id == municipality.id)
                                   .order_by(Neighbourhood.district, Neighbourhood.name, Neighbourhood.id)))
