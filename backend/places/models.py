"""Municipalities (tenants), their neighbourhoods and the postcode areas that map onto them."""
import sqlalchemy as sa
from sqlalchemy.orm import relationship

from backend.extensions import db
from backend.models_base import created_at, updated_at, uuid_pk


class Municipality(db.Model):
    __tablename__ = "municipalities"
    id = uuid_pk()
    slug = sa.Column(sa.String(60), nullable=False, unique=True)
    name = sa.Column(sa.String(120), nullable=False)
    timezone = sa.Column(sa.String(40), nullable=False, default="Europe/Amsterdam")
    created_at = created_at()
    updated_at = updated_at()

    neighbourhoods = relationship("Neighbourhood", back_populates="municipality", order_by="Neighbourhood.name")


class Neighbourhood(db.Model):
    """A buurt, with the wijk (district) it belongs to. Its centroid is the only location we keep for residents."""

    __tablename__ = "neighbourhoods"
    __table_args__ = (sa.UniqueConstraint("municipality_id", "slug"),)
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False,
                                index=True)
    slug = sa.Column(sa.String(80), nullable=False)
    name = sa.Column(sa.String(120), nullable=False)
    district = sa.Column(sa.String(120), nullable=False)
    latitude = sa.Column(sa.Float, nullable=False)
    longitude = sa.Column(sa.Float, nullable=False)
    is_focus = sa.Column(sa.Boolean, nullable=False, default=False)
    focus_weight = sa.Column(sa.Float, nullable=False, default=1.0)
    created_at = created_at()
    updated_at = updated_at()

    municipality = relationship("Municipality", back_populates="neighbourhoods")
    postcode_areas = relationship("PostcodeArea", back_populates="neighbourhood", order_by="PostcodeArea.pc4")


class PostcodeArea(db.Model):
    """A PC4 code, or a letter range within it (``3144 AA``-``3144 BZ``), that lies in one neighbourhood."""

    __tablename__ = "postcode_areas"
    __table_args__ = (sa.UniqueConstraint("pc4", "letters_from"),)
    id = uuid_pk()
    municipality_id = sa.Column(sa.Uuid, sa.ForeignKey("municipalities.id", ondelete="CASCADE"), nullable=False)
    neighbourhood_id = sa.Column(sa.Uuid, sa.ForeignKey("neighbourhoods.id", ondelete="CASCADE"), nullable=False,
                                 index=True)
    pc4 = sa.Column(sa.String(4), nullable=False, index=True)
    letters_from = sa.Column(sa.String(2), nullable=False, default="AA")
    letters_to = sa.Column(sa.String(2), nullable=False, default="ZZ")

    neighbourhood = relationship("Neighbourhood", back_populates="postcode_areas")
