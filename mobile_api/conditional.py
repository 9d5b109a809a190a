"""HTTP caching of reads whose operation knows the version of its answer (the lists, the feed).

The operation is given the versions the caller holds (If-None-Match) and answers either the page with its version
or "still current" without building the page (the shift, opportunity and initiative lists read it: their version
is its digest; the feed and the help requests nearby read only what their version is made of); the view answers
200 with an ``ETag`` or 304 without a body. How a version is made (and when it changes) is the operation's
business (backend.opportunities.listing_version, backend.recommendations.feed). Every answer must be revalidated (``no-cache``); an answer that
depends on who asks is ``private``.
"""
from __future__ import annotations

from flask import current_app, jsonify, request

def etag_header() -> dict:
    """The ETag header, documented (@blp.response(..., headers=etag_header())); a new dict each time, since the
    document's finishing touches add to it."""
    return {"ETag": {"description": "version of this answer; send it back in If-None-Match",
                     "schema": {"type": "string"}}}


def not_modified() -> dict:
    """The 304 answer, documented (@blp.alt_response(304, **not_modified()))."""
    return {"description": "Not modified: the ETag sent in If-None-Match is still current (no body)",
            "headers": etag_header()}


def known_versions() -> tuple[str, ...]:
    """The versions named in If-None-Match (weak or strong, without quotes); ``*`` names none we can check."""
    header = request.headers.get("If-None-Match", "")
    tags = (tag.strip() for tag in header.split(",")[:20])
    return tuple(tag.removeprefix("W/").strip('"') for tag in tags if tag and tag != "*" and len(tag) <= 100)


def answer(version: str, body, *, private: bool, vary: tuple[str, ...] = ()):
    """200 with ``body`` (already dumped), or 304 when ``body`` is None (the caller's version is current)."""
    response = current_app.response_class(status=304) if body is None else jsonify(body)
    response.headers["ETag"] = f'"{version}"'
    response.headers["Cache-Control"] = "private, no-cache" if private else "no-cache"
    for header in vary:
        response.vary.add(header)
    return response


def page_answer(found, dump, *, private: bool, vary: tuple[str, ...] = ()):
    """answer() for a page an operation read (``found``: items, next_cursor and version; items None when the
    caller's version is current), dumped with ``dump``."""
    body = None if found.items is None else dump({"items": found.items, "next_cursor": found.next_cursor})
    return answer(found.version, body, private=private, vary=vary)
