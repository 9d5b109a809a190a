"""Light pages (issue 24): what the volunteer's browser transfers on a first and on a repeat visit, and the headers
that make it so (fingerprinted static files kept a year, compressed with brotli or gzip, Vary: Accept-Encoding).

A visit is counted as a browser would: the page, then every stylesheet, script, icon and image it links, with
``Accept-Encoding: br, gzip``, counting the bytes on the wire (compressed). On a repeat visit a file answered with
``immutable`` is not fetched again; everything else is."""
from __future__ import annotations

import gzip
import re
from html import unescape

import brotli
import pytest

from tests.engagements.test_volunteer_work import NOW, _volunteer, _work
from tests.web_support import Browser, fetch

ENCODINGS = {"Accept-Encoding": "br, gzip", "Accept-Language": "nl"}
FIRST_VISIT_BUDGET = 100_000
REPEAT_VISIT_BUDGET = 15_000
_LINKED = re.compile(r'<(?:link|script|img)\b[^>]*?\b(?:href|src)="([^"]+)"')


def _get(client, url, headers=ENCODINGS):
    response = client.get(url, headers=headers)
    try:
        return response, len(response.get_data())  # the test client does not decode: the bytes on the wire
    finally:
        response.close()


def _html(response) -> str:
    body = response.get_data()
    return (gzip.decompress(body) if response.headers.get("Content-Encoding") == "gzip" else body).decode()


def visit(client, path: str, kept: set[str]) -> tuple[int, set[str]]:
    """(bytes transferred, the URLs now kept for good) for one visit of ``path`` with the files in ``kept`` cached."""
    page, total = _get(client, path)
    assert page.status_code == 200, path
    now_kept = set(kept)
    for url in map(unescape, _LINKED.findall(_html(page))):
        if url in kept:
            continue
        response, size = _get(client, url)
        assert response.status_code == 200, url
        total += size
        if "immutable" in response.headers.get("Cache-Control", ""):
            now_kept.add(url)
    return total, now_kept


@pytest.fixture
def volunteer(app, db_session, time_machine):
    time_machine.move_to(NOW, tick=False)
    browser = _volunteer(app)
    for title in ("Koffie schenken in De Kapel", "Fietsen repareren", "Voorlezen in de bibliotheek"):
        _work(db_session, title=title, required_skills=["cooking"])
    return browser


@pytest.mark.parametrize("path", ["/", "/inloggen"])
def test_the_public_pages_are_light_on_a_first_and_a_repeat_visit(app, path):
    client = Browser(app).client
    first, kept = visit(client, path, set())
    assert first <= FIRST_VISIT_BUDGET, first
    assert len(kept) >= 4  # the stylesheets and scripts at least
    repeat, _ = visit(client, path, kept)
    assert repeat <= REPEAT_VISIT_BUDGET, repeat


@pytest.mark.parametrize("path", ["/mijn", "/voor-jou"])
def test_the_volunteers_own_pages_are_light_on_a_first_and_a_repeat_visit(volunteer, path):
    first, kept = visit(volunteer.client, path, set())
    assert first <= FIRST_VISIT_BUDGET, first
    repeat, _ = visit(volunteer.client, path, kept)
    assert repeat <= REPEAT_VISIT_BUDGET, repeat
    assert "Koffie schenken" in volunteer.get("/voor-jou").get_data(as_text=True)  # a page with cards


def _stylesheet_url(client) -> str:
    html = _html(client.get("/", headers=ENCODINGS))
    return unescape(re.search(r'<link rel="stylesheet" href="(/static/build/[^"]+)"', html).group(1))


def test_a_fingerprinted_file_is_kept_a_year_and_compressed_as_the_browser_accepts(client):
    url = _stylesheet_url(client)
    assert re.fullmatch(r"/static/build/nl-design-system\.css\?v=[0-9a-f]{12}", url)
    plain, _ = _get(client, url, headers={})
    css = plain.get_data()
    assert plain.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Content-Encoding" not in plain.headers and plain.headers["Vary"] == "Accept-Encoding"
    assert b".utrecht-button{" in css

    br, _ = _get(client, url)
    assert br.headers["Content-Encoding"] == "br" and br.headers["Vary"] == "Accept-Encoding"
    assert brotli.decompress(br.get_data()) == css and len(br.get_data()) < len(css) / 5
    gz, _ = _get(client, url, headers={"Accept-Encoding": "gzip"})
    assert gz.headers["Content-Encoding"] == "gzip" and gzip.decompress(gz.get_data()) == css
    assert len({plain.headers["ETag"], br.headers["ETag"], gz.headers["ETag"]}) == 3

    again = client.get(url, headers={**ENCODINGS, "If-None-Match": br.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


def test_an_old_or_missing_fingerprint_still_answers_with_a_short_cache(client):
    url = _stylesheet_url(client)
    current, _ = _get(client, url)
    for other in (url.split("?")[0], url.split("?")[0] + "?v=0123456789ab"):
        response, _ = _get(client, other)
        assert response.status_code == 200 and response.get_data() == current.get_data()
        assert response.headers["Cache-Control"] == "public, max-age=300"
    assert fetch(client, "/static/build/nothing-here.css")[0] == 404
    assert fetch(client, "/static/../doemee/app.py")[0] == 404


def test_an_image_is_sent_as_it_is(client):
    response, _ = _get(client, "/static/icons/icon-192.png")
    assert response.status_code == 200 and "Content-Encoding" not in response.headers
    assert response.get_data()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_service_worker_keeps_the_fingerprinted_files_the_pages_ask_for(client):
    html = _html(client.get("/", headers=ENCODINGS))
    worker, _ = _get(client, "/sw.js")
    script = _html(worker)
    assert worker.headers["Cache-Control"] == "no-cache"
    shell = re.search(r"const SHELL = \[(.*?)\];", script, flags=re.S).group(1)
    for url in re.findall(r'"(/static/[^"]+)"', shell):
        assert "?v=" in url and f'"{url}"' in html.replace("&amp;", "&"), url
    assert re.search(r'const VERSION = "doemee-shell-v\d+-[0-9a-f]{12}"', script)


def test_the_built_stylesheet_keeps_what_the_pages_use_and_drops_the_rest():
    from web.build_css import UsedNames, subset

    css = """/** @license EUPL-1.2 */
    :root{--unused:1px} .used{color:var(--a)} .unused{color:red} .used, .unused-too{margin:0}
    @media (min-width:1px){.kind--big{--b:var(--c);padding:var(--b)} .kind-nope{x:y}}
    .holder{--a:blue;--c:2px;--d:3px} a{color:inherit}"""
    used = UsedNames(['<p class="used holder kind--{{ size }}">'])
    out = subset([css], used, roots=set())
    assert "@license EUPL-1.2" in out
    assert ".used{color:var(--a)}" in out and ".used{margin:0}" in out and "a{color:inherit}" in out
    assert "@media (min-width:1px){.kind--big{--b:var(--c);padding:var(--b)}}" in out
    assert ".holder{--a:blue;--c:2px}" in out
    assert "unused" not in out and "kind-nope" not in out and "--d" not in out


def test_a_page_is_gzipped_with_a_random_length_header_against_breach(client):
    plain = client.get("/inloggen", headers={"Accept-Language": "nl"})
    assert "Content-Encoding" not in plain.headers
    sizes = set()
    for _ in range(8):
        page = client.get("/inloggen", headers=ENCODINGS)
        body = page.get_data()
        assert page.headers["Content-Encoding"] == "gzip" and page.headers["Cache-Control"] == "no-store"
        assert set(page.vary) == {"Cookie", "Accept-Encoding"}
        assert body[3] & gzip.FNAME and len(body) < len(plain.get_data()) / 2
        assert "Wachtwoord vergeten?" in gzip.decompress(body).decode()
        sizes.add(len(body))
    assert len(sizes) > 1
    worker = client.get("/sw.js", headers=ENCODINGS)
    assert worker.headers["Content-Encoding"] == "gzip" and b"SHELL" in gzip.decompress(worker.get_data())
