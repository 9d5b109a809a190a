"""flask-smorest's Blueprint, with argument schemas instantiated once instead of at every request.

Given a schema class, webargs makes a new instance for every request it parses (marshmallow deep-copies every
declared field for it: ~0.5 ms per request on the benchmark machine). A schema instance holds no state between
loads, so one per route is enough.
"""
from __future__ import annotations

import functools

import flask
import flask_smorest


class Blueprint(flask_smorest.Blueprint):
    def arguments(self, schema, *args, **kwargs):
        return super().arguments(schema() if isinstance(schema, type) else schema, *args, **kwargs)

    def route(self, rule, *, parameters=None, tags=None, errors: tuple[int, ...] = (), **options):
        """flask-smorest's route, which also documents the error responses the view can give (as
        mobile_api.document derives them from its access policy, method and path), besides ``errors``: those only
        the operation knows of (a throttle of its own, a login's wrong password)."""
        from mobile_api import document

        register = super().route(rule, parameters=parameters, tags=tags, **options)

        def decorate(view):
            apidoc = getattr(view, "_apidoc", {})
            secured = "security" in apidoc.get("manual_doc", {})
            for method in options.get("methods", ["GET"]):
                statuses = document.error_statuses(
                    rule, method, getattr(view, "access_policy", ()), secured=secured,
                    throttled=429 in errors, reads_input=bool(apidoc.get("arguments")))
                for status in sorted({*statuses, *errors}):
                    view = self.alt_response(status, document.ERROR_RESPONSES[status][0])(view)
            return register(view)

        return decorate

    def endpoint(self, rule: str, method: str, policy: str | tuple[str, ...], answer: tuple, args=None, *,
                 query: bool = False, description: str | None = None, created: str | None = None, guards=(),
                 errors: tuple[int, ...] = ()):
        """The stack of decorators nearly every view has, as one: ``rule`` for ``method``; who may call it
        (``policy``: one name or a tuple, as mobile_api.auth.access takes them); ``guards`` (throttles), which act
        before the input is read; the input loaded through ``args`` (the JSON body, or the query string with
        ``query``), if the view takes any; the answer ``(status, schema)`` with its ``description``; and
        ``created``, the description of a 201 with the same schema, which the view may answer instead; ``errors``,
        the error statuses only the operation knows of (the rest are derived: route). The OpenAPI entry is the one
        the separate decorators give, with 429 for a throttled one."""
        from mobile_api.auth import access

        def decorate(view):
            if created is not None:
                view = self.alt_response(201, schema=answer[1], description=created)(view)
            view = self.response(*answer, **({"description": description} if description else {}))(view)
            if args is not None:
                view = self.arguments(args, **({"location": "query"} if query else {}))(view)
            for guard in reversed(guards):
                view = guard(view)
            throttled = (429,) if guards else ()
            return self.route(rule, methods=[method], errors=(*errors, *throttled))(access(*_names(policy))(view))

        return decorate

    def delegate(self, rule: str, method: str, policy: tuple[str, ...], answer: tuple[int, type], endpoint: str,
                 operation, doc: str) -> None:
        """An endpoint that hands the caller and the URL's one value to ``operation`` and answers what it returns,
        declared in one statement; the route, its policy, its OpenAPI entry and its endpoint name are those the
        decorators would give a view ``endpoint`` with ``doc`` as its docstring."""
        from flask_jwt_extended import current_user

        def view(**values):
            (value,) = values.values()
            return operation(current_user, value)

        view.__name__ = view.__qualname__ = endpoint
        view.__doc__ = doc
        self.endpoint(rule, method, policy, answer)(view)

    def page(self, rule: str, policy: tuple[str, ...], page_schema: type, args: type | None = None):
        """GET ``rule``: one page of a list, for ``policy``. The decorated view takes the query's arguments
        (``args``, by default PageArgs: limit and cursor) and the URL's values, and returns (items, next_cursor)."""
        from mobile_api.schemas import PageArgs, as_page

        def decorate(view):
            @functools.wraps(view)
            def paged(query, **values):
                return as_page(view(query, **values))

            return self.endpoint(rule, "GET", policy, (200, page_schema), args or PageArgs, query=True)(paged)

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


    def moved(self, rule: str, endpoint: str, to: str) -> None:
        """GET ``rule``, a URL an earlier version of the API published, answers 308 Permanent Redirect to the
        public endpoint ``to`` with the same URL values and query. Left out of the document."""
        from mobile_api.auth import access

        def view(**values):
            return flask.redirect(flask.url_for(to, **values, **flask.request.args), code=308)

        view.__name__ = view.__qualname__ = endpoint
        routed = access("public")(view)
        routed.moved_to = to  # tests/http/test_adr.py: a route the document leaves out on purpose
        flask.Blueprint.add_url_rule(self, rule, endpoint, routed, methods=["GET"])


def _names(policy: str | tuple[str, ...]) -> tuple[str, ...]:
    return (policy,) if isinstance(policy, str) else tuple(policy)
