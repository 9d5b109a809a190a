"""Extensions, created unbound; the app factory binds them."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from backend.accounts.verified_tokens import CachingJWTManager

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Objects stay readable after the commit at the end of a request, when the response is dumped.
db = SQLAlchemy(model_class=Base, session_options={"expire_on_commit": False})
migrate = Migrate()
jwt = CachingJWTManager()  # a verified access token is parsed once per worker (see there)
# Limits are declared per route; counters live in memory by default and in Redis when configured, so that
# all gunicorn workers share them.
limiter = Limiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
