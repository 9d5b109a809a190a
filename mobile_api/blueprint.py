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
