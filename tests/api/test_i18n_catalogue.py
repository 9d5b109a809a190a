"""Every text DoeMee answers with, in both languages: the whole catalogue (backend/i18n.py and the features'
messages.py), marshmallow's own messages as our schemas produce them, the matching reasons, and the places in the
code that fill the placeholders. A text in the wrong language or with a placeholder left open fails here."""
from __future__ import annotations

import ast
import inspect
import pathlib
import re
import string
import uuid

import marshmallow as ma
import pytest

from backend import i18n
from backend.i18n import LOCALES, MESSAGES, translate, translate_field_message
from matching import Reason, render_reason
from tests.support import register, volunteer

ROOT = pathlib.Path(__file__).resolve().parents[2]
# Whole words that give an English sentence away in a Dutch text.
ENGLISH = re.compile(r"\b(the|and|must|not found|Use|you|your|please|cannot|should|required|missing|between|"
                     r"least|greater|less than|one of)\b")
# Dutch texts that may carry such a word on purpose (field names, codes, quoted values).
ALLOWED_IN_DUTCH: set[str] = set()


def _placeholders(text: str) -> set[str]:
    return {name.split(".")[0].split("[")[0] for _, name, _, _ in string.Formatter().parse(text) if name}


def _english_words(text: str) -> list[str]:
    if text in ALLOWED_IN_DUTCH:
        return []
    # Field names such as registered_before or "everyone: true", and the codes listed after "zijn:", are part of
    # the API, not English prose.
    prose = re.sub(r"\b[a-z]+_[a-z_]+\b|\beveryone: true\b|zijn: .*$", "", text)
    return ENGLISH.findall(prose)


@pytest.fixture(scope="module")
def catalogue(app):
    """The catalogue with every feature's messages merged (the app imports them all)."""
    return MESSAGES


def test_every_message_has_both_languages_with_the_same_placeholders(catalogue):
    problems = []
    for key, entry in sorted(catalogue.items()):
        if set(entry) != set(LOCALES) or not all(entry[locale].strip() for locale in LOCALES):
            problems.append(f"{key}: languages {sorted(entry)}")
        elif _placeholders(entry["nl"]) != _placeholders(entry["en"]):
            problems.append(f"{key}: nl {_placeholders(entry['nl'])} vs en {_placeholders(entry['en'])}")
    assert problems == []


def test_every_message_renders_completely_in_both_languages(catalogue):
    for key, entry in catalogue.items():
        params = {name: f"<{name}>" for name in _placeholders(entry["en"])}
        for locale in LOCALES:
            text = translate(key, locale, **params)
            assert "{" not in text and "}" not in text, (key, locale, text)


def test_dutch_texts_have_no_english_phrases(catalogue):
    dutch = {f"message {key}": entry["nl"] for key, entry in catalogue.items()}
    dutch.update({f"marshmallow {en!r}": nl for en, nl in i18n._FIELD_EXACT.items()})
    dutch.update({f"pattern {p.pattern}": template for p, template in i18n._FIELD_PATTERNS})
    problems = {where: _english_words(text) for where, text in dutch.items() if _english_words(text)}
    assert problems == {}


def test_field_patterns_fill_every_placeholder():
    for pattern, template in i18n._FIELD_PATTERNS:
        groups = pattern.groups
        assert {str(n) for n in range(groups)} == _placeholders(template), pattern.pattern
        rendered = template.format(*[f"<{n}>" for n in range(groups)])
        assert "{" not in rendered


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
        missing = _placeholders(MESSAGES[key]["en"]) - names
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


def test_every_matching_reason_reads_in_the_right_language():
    import matching.render as render

    params = {"matched": 1, "required": 2, "total": 2, "km": 1.4, "kind": "regular", "level": 3, "hours": 30,
              "this_month": 2, "completed": 7, "weekday": 2, "part_of_day": "evening"}
    for audience in ("volunteer", "coordinator"):
        for code in render._NL:
            for km in (0.0, 1.4):
                nl = render_reason(Reason(code, {**params, "km": km}), "nl", audience=audience)
                assert not _english_words(nl) and "0,0 km" not in nl, (code, audience, nl)
                en = render_reason(Reason(code, {**params, "km": km}), "en", audience=audience)
                assert "0.0 km" not in en
                if audience == "coordinator":
                    assert not re.search(r"\b(you|your|je|jij|jouw)\b", f"{nl} {en}"), (code, nl, en)


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
            if issubclass(obj, ma.Schema) and obj.__module__.startswith("mobile_api"):
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


def test_every_validation_message_of_our_schemas_is_translated(app):
    untranslated = {}
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
                                untranslated.setdefault(english, f"{name}.{where}")
    assert checked > 1000
    assert untranslated == {}


# --- and through the API ------------------------------------------------------------------------------------------

def test_responses_in_dutch(client):
    person = volunteer(client)
    r = client.put("/api/v1/me/profile", token=person.token,
                   json={"postcode": "3144 BA", "availability": [{"weekday": "tue", "start": "7 uur", "end": "21:00"}]})
    assert r.status_code == 422
    assert r.get_json()["errors"]["availability.0.start"] == ["Gebruik UU:MM (00:00-24:00)."]
    r = client.get(f"/api/v1/help-requests/{uuid.uuid4()}/address", token=register(client).token)
    assert r.status_code == 404 and r.get_json()["detail"] == "Adres niet gevonden."
    r = client.get(f"/api/v1/help-requests/{uuid.uuid4()}/address", token=person.token,
                   headers={"Accept-Language": "en"})
    assert r.get_json()["detail"] == "Address not found."
