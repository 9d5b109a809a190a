"""The privacy statement shown at registration reads plainly (B1 Dutch: short sentences, a list, no technical
terms such as API paths) and says what is kept about a neighbour asking for help, the phone number included."""
import re

from tests.web_support import Browser, text


def test_the_statement_is_plain_language_with_a_list(app, client):
    page = Browser(app).get("/meedoen")
    html = page.get_data(as_text=True)
    statement = html[html.index('id="privacy-title"'):html.index('name="privacy_version"')]
    assert statement.count('<li class="utrecht-unordered-list__item">') == 5
    assert "/api/v1" not in statement and "GET " not in statement
    assert "Alleen de vrijwilliger die jij kiest, ziet je adres en telefoonnummer." in text(page)
    sentences = [s for s in re.split(r"[.?!;:]\s", re.sub(r"<[^>]+>", " ", statement)) if s.strip()]
    assert max(len(s.split()) for s in sentences) <= 20  # short sentences
    version = re.search(r'name="privacy_version" value="([^"]+)"', html).group(1)
    assert client.get("/api/v1/privacy").get_json()["version"] == version == "2026-12"


def test_in_english(app):
    page = Browser(app, language="en").get("/meedoen")
    assert "Only the volunteer you choose sees your address and phone number." in text(page)
