"""Log lines: readable text in development, one JSON object per line in production (DOEMEE_LOG_FORMAT).

Every line written while a request is handled carries its request id (``request_id``), so that the lines of one
request can be found together and matched with the ``X-Request-ID`` the client got. The request's own line
(backend/http/observe.py) adds the route (the URL rule, never the path asked for), method, status, duration and the
user's id. Never a name, e-mail address, street address or message text: the code logs ids, and an exception is
written as its type and where it happened (its message may quote what a person typed).
"""
from __future__ import annotations

import json
import logging
import sys
import traceback
from datetime import datetime, timezone

from flask import Flask, g, has_request_context
from flask.logging import default_handler

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"
# What the request line adds to a log record (``extra``), written as JSON fields of their own.
REQUEST_FIELDS = ("request_id", "method", "route", "status", "duration_ms", "user_id")


class JsonFormatter(logging.Formatter):
    """One line of JSON per record: time (UTC), level, logger, message, the request fields, an exception's type and
    stack (without its message)."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        for name in REQUEST_FIELDS:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            line["exception"] = kind.__name__
            line["stack"] = "".join(traceback.format_tb(tb))
        return json.dumps(line, ensure_ascii=False, default=str)


class RequestIdFilter(logging.Filter):
    """Gives every record written during a request that request's id."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "request_id", None) is None and has_request_context():
            record.request_id = g.get("request_id")
        return True


class _StderrHandler(logging.StreamHandler):
    """Writes to the ``sys.stderr`` of the moment, not the one it was made with (a test's capture ends)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _value) -> None:
        pass


def configure(app: Flask) -> None:
    config = app.extensions["doemee_config"]
    wanted = config["LOG_FORMAT"]
    if wanted == "auto":
        wanted = "json" if config["ENV"] == "production" else "text"
    if wanted == "json":
        _json_to_stderr(app)
    elif not app.logger.handlers or config["ENV"] == "production":
        logging.basicConfig(level=logging.INFO, format=TEXT_FORMAT)


def _json_to_stderr(app: Flask) -> None:
    root = logging.getLogger()
    # One handler however often an app is made in this process (the tests make many).
    for old in [h for h in root.handlers if getattr(h, "doemee_json", False)]:
        root.removeHandler(old)
    handler = _StderrHandler()
    handler.doemee_json = True
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # Flask's own handler on the app's logger would write its lines a second time, as text.
    app.logger.removeHandler(default_handler)
