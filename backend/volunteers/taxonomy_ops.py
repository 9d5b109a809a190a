import sqlalchemy as sa

from backend.extensions import db
from backend.pagination import page
from backend.volunteers.models import Skill


def list_skills(*, limit: int, cursor: str | None):
    stmt = sa.select(Skill).where(Skill.active.is_(True))
    return page(stmt, [Skill.code], [str], limit=limit, cursor=cursor, key=lambda s: [s.code])


def active_skill_codes() -> set[str]:
    return set(db.session.scalars(sa.select(Skill.code).where(Skill.active.is_(True))))
