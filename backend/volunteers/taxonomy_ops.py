import sqlalchemy as sa

from backend.pagination import page
from backend.volunteers.models import Skill


def list_skills(*, limit: int, cursor: str | None):
    stmt = sa.select(Skill).where(Skill.active.is_(True))
    return page(stmt, [Skill.code], [str], limit=limit, cursor=cursor, key=lambda s: [s.code])
