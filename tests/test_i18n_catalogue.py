"""One catalogue of texts (backend/translations): every text DoeMee shows or sends -- API messages, marshmallow's
own messages, matching reasons, e-mails and push messages, web pages -- is extracted from backend/, mobile_api/ and
web/ into messages.pot and translated in every language's .po file with the same placeholders. A text in the wrong
language or with a placeholder left open fails here."""
from __future__ import annotations

import ast
import inspect
import os
import pathlib
import re
import uuid

import marshmallow as ma
import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from backend import i18n
from backend.i18n import LOCALES, MESSAGES, TRANSLATIONS_DIR, MissingCatalogue, check_catalogues, translate, \
    translate_field_message
from backend.rendering import UnknownReason, matching_reason_text
from matching import Reason
from tests.support import register, volunteer

pytestmark = pytest.mark.any_hour  # the same at any hour: the clock runs leave it to the real-hour run

ROOT = pathlib.Path(__file__).resolve().parents[1]
# babel.cfg and the Makefile's keywords, read the same way `make translations` does
METHOD_MAP = [("backend/**.py", "python"), ("mobile_api/**.py", "python"), ("web/**.py", "python"),
              ("web/templates/**.html", "jinja2"), ("backend/templates/**.jinja", "jinja2")]
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "lazy_gettext": None, "_l": None, "N_": None,
            "Nn_": (1, 2), "Np_": ((1, "c"), 2), "pgettext": ((1, "c"), 2)}
# {name} (API texts, str.format) and %(name)s (web pages and e-mail templates)
PLACEHOLDER = re.compile(r"\{(\w+)[^{}]*\}|%\((\w+)\)[sd]")
# Whole words that give an English sentence away in a Dutch text.
ENGLISH = re.compile(r"\b(the|and|must|not found|Use|you|your|please|cannot|should|required|missing|between|"
                     r"least|greater|less than|one of)\b")


def placeholders(text) -> set[str]:
    """Of a text, or of all forms of a plural text (a tuple)."""
    joined = " ".join(text) if isinstance(text, (tuple, list)) else text
    return {brace or percent for brace, percent in PLACEHOLDER.findall(joined)}


def _english_words(text: str) -> list[str]:
    # Field names such as registered_before or "everyone: true", and the codes listed after "zijn:", are part of
    # the API, not English prose; so are placeholders and markup.
    prose = re.sub(r"\b[a-z]+_[a-z_]+\b|\beveryone: true\b|zijn: .*$|\{\w+\}|%\(\w+\)s|<[^>]*>", "", text)
    return ENGLISH.findall(prose)


def read_catalogue(locale: str, directory: str = TRANSLATIONS_DIR) -> Catalog:
    with open(os.path.join(directory, locale, "LC_MESSAGES", "messages.po"), "rb") as f:
        return read_po(f, locale=locale)


def untranslated(catalogue: Catalog, texts) -> list:
    """Texts (msgid, or (context, msgid)) missing from the catalogue, and entries without (or with a fuzzy)
    translation."""
    missing = [t for t in texts if (catalogue.get(t[1], context=t[0]) if isinstance(t, tuple)
                                    else catalogue.get(t)) is None]
    empty = [m.id for m in catalogue if m.id and (m.fuzzy or not (all(m.string) if isinstance(m.string, tuple)
                                                                   else m.string))]
    return sorted(map(str, missing)) + sorted(map(str, empty))


def dropped_placeholders(catalogue: Catalog) -> list:
    return [(m.id, m.string) for m in catalogue if m.id and placeholders(m.id) != placeholders(m.string)]


def texts_in_the_code() -> set:
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(str(ROOT), METHOD_MAP, keywords=KEYWORDS):
        msgid = message if isinstance(message, str) else message[0]
        found.add((context, msgid) if context else msgid)
    return found


@pytest.fixture(scope="module")
def catalogue(app):
    """The registered messages, every feature's merged (the app imports them all)."""
    return MESSAGES


@pytest.mark.parametrize("locale", LOCALES)
def test_every_text_is_in_every_catalogue_and_translated(locale, catalogue):
    texts = texts_in_the_code()
    assert len(texts) > 400
    registered = {(t.context, str(t)) if isinstance(t, i18n.InContext) else t for t in catalogue.values()
                  if not isinstance(t, tuple)}
    assert registered - texts == set(), "register texts as N_(\"literal\") so that they are extracted"
    assert untranslated(read_catalogue(locale), texts) == [], \
        f"run `make translations` and translate these in backend/translations/{locale}/LC_MESSAGES/messages.po"


@pytest.mark.parametrize("locale", LOCALES)
def test_translations_keep_every_placeholder(locale):
    assert dropped_placeholders(read_catalogue(locale)) == []


def test_the_checks_find_a_missing_translation_and_a_dropped_placeholder():
    catalogue = Catalog(locale="nl")
    catalogue.add("{what} not found.", "niet gevonden.")
    catalogue.add("Hello %(name)s", "Hallo %(name)s")
    catalogue.add("Log in", "")
    catalogue.add(("%(num)d day", "%(num)d days"), ("%(num)d dag", "dagen"))
    assert untranslated(catalogue, {"Log in", "Sign up", "Hello %(name)s"}) == ["Sign up", "Log in"]
    assert dropped_placeholders(catalogue) == [("{what} not found.", "niet gevonden.")]
    catalogue.add(("%(num)d week", "%(num)d weeks"), ("week", "weken"))
    assert len(dropped_placeholders(catalogue)) == 2


def test_the_dutch_catalogue_is_really_dutch():
    nl = read_catalogue("nl")
    assert nl.get("Log in").string == "Inloggen"
    same = [m.id for m in nl if m.id and m.string == m.id and len(m.id) > 12 and "%(" not in m.id]
    assert same == []  # untranslated English copied into the Dutch file
    api_texts = {str(t) for t in MESSAGES.values() if isinstance(t, str)} | set(i18n.MARSHMALLOW_MESSAGES)
    english = {m.id: _english_words(m.string) for m in nl if m.id in api_texts and _english_words(m.string)}
    assert english == {}


def test_languages_come_from_the_translations_directory(tmp_path):
    for locale in ("nl", "en", "tr"):
        os.makedirs(tmp_path / locale / "LC_MESSAGES")
        (tmp_path / locale / "LC_MESSAGES" / "messages.po").write_text("")
    os.makedirs(tmp_path / "pl")  # no .po file: not a language yet
    assert i18n._locales(str(tmp_path)) == ("nl", "en", "tr")
    assert LOCALES[:2] == ("nl", "en")


def test_a_missing_compiled_catalogue_stops_the_app_with_what_to_do(tmp_path):
    for locale in LOCALES:
        os.makedirs(tmp_path / locale / "LC_MESSAGES")
    (tmp_path / "nl" / "LC_MESSAGES" / "messages.mo").write_bytes(b"")
    with pytest.raises(MissingCatalogue, match=r"make install.*en/LC_MESSAGES/messages\.mo"):
        check_catalogues(str(tmp_path))
    check_catalogues()  # the real ones are there


def test_every_message_renders_completely_in_every_language(catalogue):
    for key, text in catalogue.items():
        for locale in LOCALES:
            if isinstance(text, tuple):
                rendered = [i18n.translate_plural(key, locale, n, **{p: f"<{p}>" for p in placeholders(text)})
                            for n in (1, 2, 5)]
            else:
                rendered = [translate(key, locale, **{p: f"<{p}>" for p in placeholders(text)})]
            assert all("{" not in r and "}" not in r and r.strip() for r in rendered), (key, locale, rendered)


def test_texts_outside_a_request_and_in_an_unknown_language():
    assert translate("detail.not_found", "nl", what="Address") == "Adres niet gevonden."
    assert translate("detail.not_found", "de", what="Address") == "Address not found."  # English, not an error


def _message_calls():
    """(file, line, key, keyword names or None when **kwargs are passed) for every call in backend/ and
    mobile_api/ whose first argument is a literal catalogue key: Msg(...), the DomainErrors, translate(...)."""
    for path in sorted([*ROOT.joinpath("backend").rglob("*.py"), *ROOT.joinpath("mobile_api").rglob("*.py")]):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str) and node.args[0].value in MESSAGES):
                continue
            names = None if any(k.arg is None for k in node.keywords) else {k.arg for k in node.keywords}
            yield path.relative_to(ROOT), node.lineno, node.args[0].value, names, node


def test_every_call_site_fills_the_placeholders_of_its_message(catalogue):
    problems = []
    for path, line, key, names, _ in _message_calls():
        if names is None:
            continue  # parameters passed on as **params: checked where they are made
        missing = placeholders(MESSAGES[key]) - names
        if missing:
            problems.append(f"{path}:{line} {key} leaves {sorted(missing)} open")
    assert problems == []


def test_every_thing_that_can_be_not_found_has_a_dutch_name(catalogue):
    things = set()
    for path, line, key, names, node in _message_calls():
        for keyword in node.keywords:
            if keyword.arg == "what" and isinstance(keyword.value, ast.Constant):
                things.add(keyword.value.value)
    assert things, "no call sites found"
    missing = sorted(t for t in things if f"thing.{t}" not in MESSAGES)
    assert missing == []
    for thing in things:
        text = translate("detail.not_found", "nl", what=thing)
        assert not _english_words(text) and text.endswith(" niet gevonden."), text


# --- matching's reasons: codes from matching/, words from the catalogue ------------------------------------------

@pytest.mark.parametrize(
    ("reason", "en", "nl"),
    [
        (Reason("skills", {"matched": 3, "required": 4}), "3 of 4 skills", "3 van 4 vaardigheden"),
        (Reason("skills", {"matched": 1, "required": 1}), "1 of 1 skill", "1 van 1 vaardigheid"),
        (Reason("available", {"weekday": 1, "part_of_day": "evening"}), "free on Tuesday evening",
         "vrij op dinsdagavond"),
        (Reason("available", {"weekday": 5, "part_of_day": "morning"}), "free on Saturday morning",
         "vrij op zaterdagochtend"),
        (Reason("distance", {"km": 1.2}), "1.2 km from you", "1,2 km van je vandaan"),
        (Reason("distance", {"km": 0.0}), "in your own neighbourhood", "in je eigen buurt"),
        (Reason("focus_neighbourhood", {}), "in a focus neighbourhood", "in een buurt die extra hulp kan gebruiken"),
        (Reason("own_focus_neighbourhood", {}), "you live in a focus neighbourhood",
         "je woont in een buurt die extra hulp kan gebruiken"),
        (Reason("skills", {"matched": 2, "required": 3, "bits": (1, 0)}),
         "fits what you can do: Cooking, Grocery shopping",
         "Past bij wat je kunt: Koken, Boodschappen doen"),
        (Reason("preference", {"kind": "one_off"}), "you asked for one-off tasks", "je vroeg om losse klussen"),
        (Reason("urgent", {"level": 1}), "urgent", "dringend"),
        (Reason("urgent", {"level": 3}), "very urgent", "zeer dringend"),
        (Reason("starts_soon", {"hours": 1}), "starts in 1 hour", "begint over 1 uur"),
        (Reason("starts_soon", {"hours": 5}), "starts in 5 hours", "begint over 5 uur"),
        (Reason("starts_soon", {"hours": 75}), "starts in 3 days", "begint over 3 dagen"),
        (Reason("few_commitments", {"this_month": 0, "max": 4}), "no commitments yet this month",
         "nog geen afspraken deze maand"),
        (Reason("few_commitments", {"this_month": 1, "max": 4}), "only 1 commitment this month",
         "pas 1 afspraak deze maand"),
        (Reason("reliable", {"completed": 7}), "reliable: 7 tasks completed", "betrouwbaar: 7 taken afgerond"),
        ("no_one_available_in_time", "nobody is available at that time", "niemand is op dat moment beschikbaar"),
        ("capacity_exhausted", "suitable volunteers were all matched elsewhere",
         "geschikte vrijwilligers zijn al elders ingezet"),
    ],
)
def test_matching_reason_texts(reason, en, nl):
    assert matching_reason_text(reason, "en") == en
    assert matching_reason_text(reason, "nl") == nl


def test_reasons_about_the_volunteer_for_a_coordinator():
    assert matching_reason_text(Reason("distance", {"km": 1.2}), "en", audience="coordinator") == "lives 1.2 km away"
    assert matching_reason_text(Reason("distance", {"km": 0.0}), "nl", audience="coordinator") == \
        "woont in dezelfde buurt"
    assert matching_reason_text(Reason("preference", {"kind": "regular"}), "nl", audience="coordinator") == \
        "wil liever structureel vrijwilligerswerk"


def test_every_code_matching_emits_has_a_text_in_every_language():
    from matching.constraints import CODES

    emitted = ["skills", "nice_skills", "interest", "distance", "remote", "preference", "focus_neighbourhood",
               "own_focus_neighbourhood", "urgent", "starts_soon", "few_commitments", "reliable", "available"]
    params = {"matched": 1, "required": 2, "total": 2, "km": 1.4, "kind": "regular", "level": 3, "hours": 30,
              "this_month": 2, "max": 4, "completed": 7, "weekday": 2, "part_of_day": "evening", "category": 3}
    for code in emitted + list(CODES) + ["capacity_exhausted", "no_volunteers"]:
        for audience in ("volunteer", "coordinator"):
            for km in (0.0, 1.4):
                nl = matching_reason_text(Reason(code, {**params, "km": km}), "nl", audience=audience)
                assert nl.strip() and not _english_words(nl) and "0,0 km" not in nl, (code, audience, nl)
                en = matching_reason_text(Reason(code, {**params, "km": km}), "en", audience=audience)
                assert en.strip() and "0.0 km" not in en
                if audience == "coordinator":
                    assert not re.search(r"\b(you|your|je|jij|jouw)\b", f"{nl} {en}"), (code, nl, en)


def test_unknown_reason_codes_and_params_are_refused():
    with pytest.raises(UnknownReason, match="code"):
        matching_reason_text(Reason("teleport", {}), "en")
    with pytest.raises(UnknownReason, match="params"):
        matching_reason_text(Reason("skills", {"matched": 1}), "nl")
    with pytest.raises(UnknownReason, match="audience"):
        matching_reason_text(Reason("urgent", {}), "nl", audience="mayor")


# --- marshmallow's messages as our schemas produce them ----------------------------------------------------------

_BAD_VALUES = [None, "", "x", "\u00e9" * 300, 1.5, -10**9, 10**12, True, [], {}, ["x"], "2026-13-45",
               "2026-12-01T10:00:00", "9999-99-99T99:99", "25:61", str(uuid.uuid4())[:8], "http//nope"]


def _schemas():
    import mobile_api.resources as resources
    import mobile_api.schemas as base

    modules = [base] + [getattr(resources, name) for name in dir(resources)
                        if inspect.ismodule(getattr(resources, name))]
    seen = {}
    for module in modules:
        for _, obj in inspect.getmembers(module, inspect.isclass):
            if issubclass(obj, ma.Schema) and obj.__module__.startswith(("mobile_api", "backend")):
                seen[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return seen


def _flatten(messages, prefix=""):
    if isinstance(messages, dict):
        for key, value in messages.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(messages, list):
        for value in messages:
            yield from _flatten(value, prefix)
    else:
        yield prefix, messages


def test_marshmallow_messages_come_from_the_catalogue():
    assert translate_field_message("Missing data for required field.", "nl") == "Verplicht veld ontbreekt."
    assert translate_field_message("Shorter than minimum length 1.", "nl") == "Mag niet leeg zijn."
    assert translate_field_message("Shorter than minimum length 3.", "nl") == "Korter dan de minimale lengte 3."
    assert translate_field_message("Must be greater than or equal to 1 and less than or equal to 5.", "nl") == \
        "Moet tussen 1 en 5 liggen (inclusief)."
    assert translate_field_message("Must be greater than or equal to 0.", "nl") == "Moet groter dan of gelijk aan 0 zijn."
    assert translate_field_message("Must be one of: a, b.", "nl") == "Moet een van deze zijn: a, b."
    assert translate_field_message("Something we never heard of.", "nl") == "Something we never heard of."


def test_every_validation_message_of_our_schemas_is_translated(app):
    untranslated_messages = {}
    checked = 0
    with app.test_request_context():
        for name, schema_class in sorted(_schemas().items()):
            try:
                schema = schema_class()
            except TypeError:
                continue  # needs arguments: a base class
            for field_name, field in schema.load_fields.items():
                for value in _BAD_VALUES:
                    try:
                        schema.load({field.data_key or field_name: value}, partial=True)
                    except ma.ValidationError as exc:
                        for where, message in _flatten(exc.messages):
                            checked += 1
                            english = translate_field_message(message, "en")
                            dutch = translate_field_message(message, "nl")
                            if dutch == english or _english_words(dutch) or "{" in dutch:
                                untranslated_messages.setdefault(english, f"{name}.{where}")
    assert checked > 1000
    assert untranslated_messages == {}


# --- and through the API ------------------------------------------------------------------------------------------

def test_responses_in_dutch(client):
    person = volunteer(client)
    r = client.put("/api/v1/me/profile", token=person.token,
                   json={"postcode": "3144 BA", "availability": [{"weekday": "tue", "start": "7 uur", "end": "21:00"}]})
    assert r.status_code == 400
    assert r.get_json()["errors"]["availability.0.start"] == ["Gebruik UU:MM (00:00-24:00)."]
    r = client.get(f"/api/v1/help-requests/{uuid.uuid4()}/address", token=register(client).token)
    assert r.status_code == 404 and r.get_json()["detail"] == "Adres niet gevonden."
    r = client.get(f"/api/v1/help-requests/{uuid.uuid4()}/address", token=person.token,
                   headers={"Accept-Language": "en"})
    assert r.get_json()["detail"] == "Address not found."
