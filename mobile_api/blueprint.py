"""flask-smorest's Blueprint, with argument schemas instantiated once instead of at every request.

Given a schema class, webargs makes a new instance for every request it parses (marshmallow deep-copies every
declared field for it: ~0.5 ms per request on the benchmark machine). A schema instance holds no state between
loads, so one per route is enough.
"""
from __future__ import annotations

import flask_smorest


class Blueprint(flask_smorest.Blueprint):
    def arguments(self, schema, *args, **kwargs):
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)

    def delegate(self, rule: str, method: str, policy: tuple[str, ...], answer: tuple[int, type], endpoint: str,
                 operation, doc: str) -> None:
        """An endpoint that hands the caller and the URL's one value to ``operation`` and answers what it returns,
        declared in one statement; the route, its policy, its OpenAPI entry and its endpoint name are those the
        decorators would give a view ``endpoint`` with ``doc`` as its docstring."""
        from flask_jwt_extended import current_user

        from mobile_api.auth import access

        def view(**values):
            (value,) = values.values()
            return operation(current_user, value)

        view.__name__ = view.__qualname__ = endpoint
        view.__doc__ = doc
        self.route(rule, methods=[method])(access(*policy)(self.response(*answer)(view)))
