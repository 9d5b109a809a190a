"""Issue 22, Dutch throughout: every page a person of each role can reach in the demo, in Dutch, shows no catalogue id
("reason.not_open"), no code ("odd_jobs", a language code such as "ber") and no English word from a list; the CSV
downloads reached on the way have Dutch column names. The English pages, the other way round, show no Dutch word of
ours from a list.

Which pages: the crawler starts at every page without a parameter in the web's routes (so a page added later is
visited too) and at the role's home, and follows every link of the site it finds (pages with ids: up to three of
each kind), as the small demo (`flask seed-demo`) lets each demo login reach them. The language switch and the texts
people wrote (names and descriptions of organisations, vacancies, places, messages: the demo's data) are left out of
the check. The words: docs/glossary.md."""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections import Counter, deque
from html import unescape
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine

from backend.i18n import MESSAGES
from backend.taxonomy import taxonomy
from tests.web_support import Browser

SMALL = ["seed-demo", "--volunteers", "150", "--organisations", "6", "--opportunities", "30", "--initiatives", "12",
         "--help-requests", "20", "--quiet"]
DEMO = "@demo.doemee.invalid"
LOGINS = [None, "vrijwilliger-00001", "coordinator-001", "wijkteam-01", "gemeente", "winkel", "bewoner-001", "admin"]
# Words that are English, not Dutch (whole words, any case). "Dashboard" is Dutch too (docs/glossary.md).
ENGLISH = ["voucher", "vouchers", "groceries", "odd jobs", "sat", "mon", "tue", "wed", "thu", "fri", "sun", "shift",
           "shifts", "merchant", "merchants", "total", "submit", "cancel", "save", "delete", "edit", "search", "back",
           "next", "previous", "name", "email", "password", "settings", "the", "and", "your", "you", "with", "for", "none", "true", "false", "unknown", "company",
           "transport needed", "help request", "campaign", "gift", "gifts", "amount", "count", "opportunity", "engagement", "skills", "availability"]
# Dutch words an English page must not show (whole words, any case).
DUTCH = ["vrijwilliger", "vrijwilligers", "vacature", "vacatures", "aanmelden", "waardebon", "inzet", "dienst",
         "diensten", "uren", "hulpvraag", "berichten", "wijk", "buurt", "opslaan", "annuleren", "het", "een", "niet",
         "jouw", "je", "van", "voor", "met", "maandag", "zondag", "winkel", "totaal", "naam"]


def whole_words(words: list[str]) -> re.Pattern:
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in words) + r")(?![\w-])", re.I)


ENGLISH_WORD, DUTCH_WORD = whole_words(ENGLISH), whole_words(DUTCH)
PREFIXES = sorted({key.split(".")[0] for key in MESSAGES})
CATALOGUE_ID = re.compile(r"\b(?:" + "|".join(PREFIXES) + r")\.[A-Za-z_]+|\b[a-z]+\.[a-z]+_[a-z_]+\b")
# A language named by its code (CLDR names the two-letter ones; the three-letter ones are the rare ones).
LANGUAGE_CODE = re.compile(r"(?<![\w-])(" + "|".join(c for c in taxonomy()["languages"] if len(c) == 3) + r")(?![\w-])")
CODE = re.compile(r"(?<![\w./-])[a-z]+_[a-z_]+(?![\w./-])")
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
PER_KIND = 3
SKIPPED = ("/static/", "/api/", "/uitloggen", "/health", "/metrics")


def visible_text(html: str) -> str:
    """What a reader sees or hears: the text and the labels in attributes, without the language switch and the names
    people gave (marked with translate="no" or in the demo's data, see names_in_the_demo)."""
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r'<form[^>]*class="doemee-language".*?</form>', " ", html, flags=re.S)
    labels = " ".join(re.findall(r'\s(?:aria-label|title|placeholder|alt)="([^"]*)"', html))
    html = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", unescape(html + " " + labels))


def names_in_the_demo(app) -> list[str]:
    """The names and texts the demo's people wrote (organisations, vacancies, places, gifts, messages): data, not
    our words."""
    import sqlalchemy as sa

    from backend.extensions import db

    names = []
    with app.app_context():
        inspector = sa.inspect(db.session.connection())
        for table in ("organisations", "opportunities", "meeting_places", "gifts", "merchants", "initiatives",
                      "help_requests", "users", "campaigns", "neighbourhoods", "municipalities",
                      "conversation_messages"):
            texts = [c["name"] for c in inspector.get_columns(table)
                     if isinstance(c["type"], (sa.String, sa.Text)) and not c["name"].endswith(("_id", "status"))]
            for column in texts:
                names += [str(r) for r in db.session.execute(sa.text(f"SELECT DISTINCT {column} FROM {table}"))
                          .scalars() if r]
    return sorted(names, key=len, reverse=True)


def problems(text: str, names: list[str], foreign: re.Pattern = ENGLISH_WORD) -> list[str]:
    for name in names:
        text = text.replace(name, " ")
    text = re.sub(r"\S+@\S+|https?://\S+", " ", text)
    found = [f"catalogue id {m.group(0)!r}" for m in CATALOGUE_ID.finditer(text)]
    found += [f"code {m.group(0)!r}" for m in CODE.finditer(text)]
    found += [f"foreign word {m.group(0)!r}" for m in foreign.finditer(text)]
    found += [f"language code {m.group(0)!r}" for m in LANGUAGE_CODE.finditer(text)]
    return found


def csv_problems(body: str, foreign: re.Pattern = ENGLISH_WORD) -> list[str]:
    header, *rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff")))) or [[]]
    return [f"CSV column {cell!r}" for cell in header
            if "_" in cell or foreign.search(cell) or (cell.isupper() and len(cell) > 3)] + [
        f"CSV cell {cell!r}" for row in rows for cell in row if CODE.fullmatch(cell) or cell in ("true", "false")]


def parameterless_pages(app) -> list[str]:
    """Every GET page of the web without a parameter in its route (the API, static files and feeds left out)."""
    pages = []
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and not rule.rule.startswith(SKIPPED) \
                and not rule.rule.endswith((".xml", ".json", ".ics", ".js", ".webmanifest", ".txt")):
            pages.append(rule.rule)
    return sorted(pages)


def kind(path: str) -> str:
    return UUID.sub("<id>", urlsplit(path).path)


def crawl(browser: Browser, starts: list[str], names: list[str], foreign: re.Pattern = ENGLISH_WORD
          ) -> tuple[set[str], dict[str, list[str]]]:
    """Visit the start pages and every page of the site they link to (up to PER_KIND pages of each kind, e.g. three
    vacancies); what each shows wrong."""
    seen, done, found, queue = Counter(), set(), {}, deque(starts)
    while queue:
        path = queue.popleft()
        if path in done or seen[kind(path)] >= PER_KIND or path.startswith(SKIPPED) or not path.startswith("/"):
            continue
        seen[kind(path)] += 1
        done.add(path)
        response = browser.get(path)
        if response.status_code in (301, 302, 303, 307):
            queue.append(urlsplit(response.headers["Location"]).path or "/")
            continue
        assert response.status_code < 500, path
        body = response.get_data(as_text=True) if response.status_code == 200 else ""
        if response.mimetype == "text/html":
            wrong = problems(visible_text(body), names, foreign)
            queue.extend(unescape(href) for href in re.findall(r'<a[^>]*\shref="(/[^"#]*)', body))
        elif response.mimetype == "text/csv":
            wrong = csv_problems(body, foreign)
        else:
            continue
        if wrong:
            found[path] = sorted(set(wrong))
    return set(seen), found


def crawl_every_role(app, language: str, foreign: re.Pattern) -> tuple[set[str], dict[str, list[str]]]:
    assert app.test_cli_runner().invoke(args=SMALL).exit_code == 0
    names = names_in_the_demo(app)
    visited, wrong = set(), {}
    for login in LOGINS:
        browser = Browser(app, language=language)
        if login:
            assert browser.login(login + DEMO, "doemee-demo-2026").status_code == 303, login
        if language != "nl":  # the demo's people chose Dutch: the language switch, as a person would
            assert browser.post("/taal", {"locale": language, "next": "/"}, form_from="/vacatures").status_code == 303
        seen, found = crawl(browser, ["/", "/mijn"] + parameterless_pages(app), names, foreign)
        visited |= seen
        wrong.update({f"{login or 'visitor'} {path}": words for path, words in found.items()})
    return visited, wrong


@pytest.mark.slow  # a minute each: every page of every role
@time_machine.travel(dt.datetime(2026, 12, 8, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=True)
def test_every_page_of_every_role_is_dutch(app):
    visited, wrong = crawl_every_role(app, "nl", ENGLISH_WORD)
    assert len(visited) > 60, sorted(visited)  # the crawler reached the pages of every role
    assert {"/vacatures/<id>", "/organisatie/vacatures/<id>", "/gemeente/acties/<id>", "/winkel",
            "/mijn/profiel/skills"} <= visited
    assert wrong == {}, "\n".join(f"{page}: {words}" for page, words in sorted(wrong.items()))


@pytest.mark.slow  # a minute each: every page of every role
@time_machine.travel(dt.datetime(2026, 12, 8, 14, 0, tzinfo=ZoneInfo("Europe/Amsterdam")), tick=True)
def test_no_dutch_leaks_into_the_english_pages(app):
    """The other way round, where the demo allows: the demo's own data is Dutch (names, descriptions), our words
    are not."""
    visited, wrong = crawl_every_role(app, "en", DUTCH_WORD)
    assert len(visited) > 60, sorted(visited)
    assert wrong == {}, "\n".join(f"{page}: {words}" for page, words in sorted(wrong.items()))


def test_the_check_finds_what_it_looks_for():
    text = visible_text('<p>Weekrooster: sat</p><p title="reason.not_open">odd_jobs</p><p>Voucher inwisselen</p>'
                        '<form method="post" class="doemee-language"><button>English</button></form>')
    assert problems(text, []) == ["catalogue id 'reason.not_open'", "code 'odd_jobs'", "foreign word 'sat'",
                                  "foreign word 'Voucher'"]
    assert problems("Bewaar je voorkeur", [], DUTCH_WORD) == ["foreign word 'je'"]
    assert problems("Talen: Nederlands, ber", []) == ["language code 'ber'"]
    assert csv_problems("merchant_id,TOTAL,code,name\n1,2,3,4\n") == [
        "CSV column 'merchant_id'", "CSV column 'TOTAL'", "CSV column 'name'"]
    assert csv_problems("Winkel,Totaal,Code,Naam\n") == []
    assert csv_problems("Soort,Aandachtsbuurt\nhelp_request,true\n") == ["CSV cell 'help_request'", "CSV cell 'true'"]
