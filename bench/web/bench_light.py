"""Benchmark (issue 24, light pages): bytes on the wire for a first and a repeat visit of the volunteer's pages.

Not a test (tests/web_static/test_light_pages.py holds the budgets in CI). Against a running server with the demo,
over real HTTP: for the landing page, the login page, "Mijn DoeMee" (/mijn) and "Voor jou" (/voor-jou), logged in as
the demo's vrijwilliger-00001 for the last two, it fetches the page and every stylesheet, script, icon and image
it links, with ``Accept-Encoding: br, gzip``, and counts the bytes as sent (compressed, headers not counted). A
repeat visit fetches again everything but the files answered ``immutable``. ``--cookie`` prints the logged-in
session's Cookie header instead (bench/web/lighthouse.sh passes it to Lighthouse).

    .venv/bin/python bench/web/bench_light.py --base http://127.0.0.1:5099 [--cookie]

Figures are in bench/RESULTS.md ("Issue 24: light pages").
"""
from __future__ import annotations

import argparse
import gzip
import re
from html import unescape

import requests

HEADERS = {"Accept-Encoding": "br, gzip", "Accept-Language": "nl"}
PAGES = (("landing", "/", False), ("login", "/inloggen", False), ("mijn", "/mijn", True),
         ("voor-jou", "/voor-jou", True))
_LINKED = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"')


def _cookies(session: requests.Session) -> dict:
    # Sent by hand: the server's cookies are Secure in production, and requests keeps those off plain http.
    return {**HEADERS, "Cookie": "; ".join(f"{c.name}={c.value}" for c in session.cookies)}


def wire(session: requests.Session, url: str) -> tuple[requests.Response, bytes]:
    response = session.get(url, headers=_cookies(session), stream=True, allow_redirects=False)
    raw = response.raw.read(decode_content=False)
    assert response.status_code == 200, (url, response.status_code)
    return response, raw


def visit(session, base: str, path: str, kept: set[str]) -> tuple[int, int, set[str]]:
    """(bytes, requests, URLs kept for good) of one visit with the files in ``kept`` in the browser's cache."""
    response, raw = wire(session, base + path)
    html = (gzip.decompress(raw) if response.headers.get("Content-Encoding") == "gzip" else raw).decode("utf-8")
    total, count, now_kept = len(raw), 1, set(kept)
    for url in map(unescape, _LINKED.findall(html)):
        if url in kept:
            continue
        linked, body = wire(session, base + url)
        total, count = total + len(body), count + 1
        if "immutable" in linked.headers.get("Cache-Control", ""):
            now_kept.add(url)
    return total, count, now_kept


def log_in(base: str) -> requests.Session:
    from backend.demo.people import DEMO_DOMAIN, DEMO_PASSWORD

    session = requests.Session()
    page = session.get(base + "/inloggen", headers=HEADERS).text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    answer = session.post(base + "/inloggen", allow_redirects=False, headers=_cookies(session), data={
        "csrf_token": token, "email": f"vrijwilliger-00001@{DEMO_DOMAIN}", "password": DEMO_PASSWORD})
    assert answer.status_code == 303, answer.status_code
    return session


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:5099")
    parser.add_argument("--cookie", action="store_true", help="print the logged-in Cookie header and stop")
    args = parser.parse_args()
    volunteer = log_in(args.base)
    if args.cookie:
        print(_cookies(volunteer)["Cookie"])
        return
    print(f"| page | first visit (bytes, requests) | repeat visit (bytes, requests) |\n| --- | --- | --- |")
    for name, path, personal in PAGES:
        session = volunteer if personal else requests.Session()
        first, first_count, kept = visit(session, args.base, path, set())
        repeat, repeat_count, _ = visit(session, args.base, path, kept)
        print(f"| {name} `{path}` | {first} ({first_count}) | {repeat} ({repeat_count}) |")


if __name__ == "__main__":
    main()
