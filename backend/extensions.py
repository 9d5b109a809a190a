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


class RouteLimiter(Limiter):
    """Limits are declared on routes only (``@limiter.limit``: the logins, resets and sign-up forms), never as
    default, application-wide or blueprint limits; each route's decorator checks its own limits when it is called.
    Flask-Limiter also checks every request in a before_request hook, where with no such limits there is nothing to
    find (but the work of finding it, ~4 % of a listing): that check is skipped."""

    def _check_request_limit(self, callable_name=None, in_middleware=True) -> None:
        if in_middleware:
            return
        super()._check_request_limit(callable_name=callable_name, in_middleware=in_middleware)


# Counters live in memory by default and in Redis when configured, so that all gunicorn workers share them.
limiter = RouteLimiter(key_func=get_remote_address, default_limits=[], headers_enabled=True)
