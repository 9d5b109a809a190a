"""Small helpers the jobs share."""
from __future__ import annotations

from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import current_app

from backend import localtime
from backend.accounts.models import User
from backend.extensions import db


def config():
    return current_app.extensions["doemee_config"]


def local_zone() -> ZoneInfo:
    return localtime.local_zone()


def locales_of(user_ids) -> dict:
    ids = set(user_ids)
    if not ids:
        return {}
    return dict(db.session.execute(sa.select(User.id, User.locale).where(User.id.in_(ids))).all())
