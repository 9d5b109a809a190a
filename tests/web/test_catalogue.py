"""The web texts' catalogue: every text in web/ is in the nl and en catalogues, translated, with the same
placeholders; compiled catalogues are required (and `make install` builds them)."""
import os
import re

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from web.i18n import TRANSLATIONS_DIR, MissingCatalogue, check_catalogues

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")


def _placeholders(text) -> set[str]:
    """Of a text, or of all forms of a plural text (a tuple)."""
    return set(PLACEHOLDER.findall(" ".join(text) if isinstance(text, tuple) else text))


def _catalogue(locale):
    with open(os.path.join(TRANSLATIONS_DIR, locale, "LC_MESSAGES", "messages.po"), "rb") as f:
        return read_po(f, locale=locale)


def _texts_in_web() -> set[str]:
    method_map = [("**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None}
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
            os.path.join(ROOT, "web"), method_map, keywords=keywords):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_every_text_of_the_pages_is_translated(locale):
    catalogue = _catalogue(locale)
    texts = _texts_in_web()
    assert len(texts) > 50
    missing = sorted(t for t in texts if catalogue.get(t) is None)
    assert missing == [], f"run `make translations` and translate these in {locale}"
    untranslated = sorted(m.id for m in catalogue if m.id and (not m.string or m.fuzzy))
    assert untranslated == []


@pytest.mark.parametrize("locale", ["nl", "en"])
def test_translations_keep_every_placeholder(locale):
    wrong = [(m.id, m.string) for m in _catalogue(locale) if m.id
             and _placeholders(m.id) != _placeholders(m.string)]
    assert wrong == []


def test_the_dutch_catalogue_is_really_dutch():
    nl = _catalogue("nl")
    assert nl.get("Log in").string == "Inloggen"
    same = [m.id for m in nl if m.id and m.string == m.id and len(m.id) > 12 and "%(" not in m.id]
    assert same == []  # untranslated English copied into the Dutch file


def test_a_missing_compiled_catalogue_stops_the_app_with_what_to_do(tmp_path):
    for locale in ("nl", "en"):
        os.makedirs(tmp_path / locale / "LC_MESSAGES")
    (tmp_path / "nl" / "LC_MESSAGES" / "messages.mo").write_bytes(b"")
    with pytest.raises(MissingCatalogue, match=r"make install.*en/LC_MESSAGES/messages\.mo"):
        check_catalogues(str(tmp_path))
    check_catalogues()  # the real ones are there
