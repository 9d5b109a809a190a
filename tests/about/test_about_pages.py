"""The pages every footer links to, open to anyone: the accessibility statement (with what the browser tests'
axe-core checks found, from web/accessibility.json), the privacy statement and how to reach the municipality."""
import datetime as dt
import json

from tests.browser.support import record
from tests.web_support import Browser, text
from web.views.about import accessibility_checks


def test_a_visitor_reads_the_three_pages_from_the_footer(app):
    visitor = Browser(app)
    landing = visitor.get("/").get_data(as_text=True)
    for path in ("/contact", "/privacy", "/toegankelijkheid"):
        assert f'href="{path}"' in landing, path
        assert visitor.get(path).status_code == 200, path

    statement = text(visitor.get("/toegankelijkheid"))
    checks = accessibility_checks()
    assert "Toegankelijkheidsverklaring" in statement and "WCAG 2.1" in statement and "EN 301 549" in statement
    assert "Eerste maatregelen genomen." in statement and "Nationale ombudsman" in statement
    assert f"axe-core {checks['axe']}" in statement
    assert f"{len(checks['pages'])} pagina's, {sum(checks['pages'].values())} problemen gevonden" in statement

    privacy = text(visitor.get("/privacy"))
    assert "Privacyverklaring" in privacy and "Je straat en huisnummer vragen we niet" in privacy
    contact = visitor.get("/contact").get_data(as_text=True)
    assert 'href="tel:14010"' in contact and "gemeente Maassluis" in text(visitor.get("/contact"))


def test_the_pages_in_english(app):
    visitor = Browser(app, language="en")
    assert "Accessibility statement" in text(visitor.get("/toegankelijkheid"))
    assert "We do not ask for your street or house number" in text(visitor.get("/privacy"))
    assert "The contact page of the municipality" in text(visitor.get("/contact"))


def test_the_statement_publishes_the_pages_the_browser_tests_checked():
    """The committed record lists the pages of the journeys, none with a violation."""
    checks = accessibility_checks()
    assert len(checks["pages"]) >= 20 and set(checks["pages"].values()) == {0}
    assert "/toegankelijkheid" in checks["pages"] and "/" in checks["pages"]


def test_a_check_is_recorded_per_kind_of_page(tmp_path):
    report = tmp_path / "a11y.json"
    day = dt.date(2026, 12, 7)
    record(str(report), "http://127.0.0.1:5000/gemeente/acties/0b3c2a8e-1d2f-4c5b-9a7e-1234567890ab?x=1", 0, day)
    record(str(report), "http://127.0.0.1:5000/gemeente/acties/7f3c2a8e-1d2f-4c5b-9a7e-1234567890ab", 2, day)
    record(str(report), "http://127.0.0.1:5000/", 0, day)
    written = json.loads(report.read_text())
    assert written["pages"] == {"/": 0, "/gemeente/acties/<id>": 2} and written["checked_on"] == "2026-12-07"
    assert written["axe"].count(".") == 2
