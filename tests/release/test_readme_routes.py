"""README describes what exists: every page of the portals and every API call it names is a route of the app
(with that method), so a section cannot promise a page that "will come"."""
from __future__ import annotations

import re

from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.release.install import ROOT

PAGE = re.compile(r"(?<![\w/.])(/(?:organisatie|gemeente|winkel)(?:/[a-z0-9-]+)*)")
CALL = re.compile(r"`(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`\s]*)`")
SOME_ID = "6f1f3b8e-2a52-4c0e-9d8a-3b9d2f1c0a11"


def _named(text: str) -> list[tuple[str, str]]:
    pages = [("GET", path) for path in PAGE.findall(text)]
    calls = [(method, re.sub(r"\{[^}]+\}", SOME_ID, path.split("?")[0])) for method, path in CALL.findall(text)]
    return sorted(set(pages + calls))


def unknown_routes(app, text: str) -> list[str]:
    adapter = app.url_map.bind("localhost")
    unknown = []
    for method, path in _named(text):
        try:
            adapter.match(path, method=method)
        except (NotFound, MethodNotAllowed):
            unknown.append(f"{method} {path}")
    return unknown


def test_every_page_and_api_call_the_readme_names_exists(app):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(_named(readme)) > 25
    assert unknown_routes(app, readme) == []


def test_a_page_that_does_not_exist_is_found_out(app):
    text = "Open /gemeente/toekomst, or `POST /api/v1/me/profile` and `GET /api/v1/campaigns/{id}/letter-codes.csv`"
    assert unknown_routes(app, text) == ["GET /gemeente/toekomst", "POST /api/v1/me/profile"]
