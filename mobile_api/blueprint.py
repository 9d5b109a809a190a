"""flask-smorest's Blueprint, with argument schemas instantiated once instead of at every request.

Given a schema class, webargs makes a new instance for every request it parses (marshmallow deep-copies every
declared field for it: ~0.5 ms per request on the benchmark machine). A schema instance holds no state between
loads, so one per route is enough.
"""
from __future__ import annotations

import functools

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

    def page(self, rule: str, policy: tuple[str, ...], page_schema: type, args: type | None = None):
        """GET ``rule``: one page of a list, for ``policy``. The decorated view takes the query's arguments
        (``args``, by default PageArgs: limit and cursor) and the URL's values, and returns (items, next_cursor)."""
        from mobile_api.auth import access
        from mobile_api.schemas import PageArgs, as_page

        def decorate(view):
            @functools.wraps(view)
            def paged(query, **values):
                return as_page(view(query, **values))

            return self.route(rule, methods=["GET"])(access(*policy)(
                self.arguments(args or PageArgs, location="query")(self.response(200, page_schema)(paged))))

        return decorate

    def conditional_list(self, rule: str, policy: str, args: type, page_schema: type):
        """GET ``rule``: a list that may answer 304 (mobile_api.conditional), read-only, for ``policy``; the view
        takes the query's ``args`` and answers with conditional.answer."""
        from mobile_api import conditional
        from mobile_api.auth import access

        def decorate(view):
            view = self.alt_response(304, **conditional.not_modified())(view)
            view = self.response(200, page_schema, headers=conditional.etag_header())(view)
            view = self.arguments(args, location="query")(view)
            return self.route(rule, methods=["GET"])(access(policy, reads_only=True)(view))

        return decorate
