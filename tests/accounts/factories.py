"""People with a role, made as an administrator makes them: registered through the API, the role granted through
the CLI (``grant-role``); and a browser signed in as one of them. Shared by every feature's tests."""
from __future__ import annotations

from tests.support import Person, make_role, register
from tests.web_support import Browser


def staff_member(client, cli, municipality="maassluis", *, locale="nl") -> Person:
    """Staff of ``municipality``."""
    person = register(client, locale=locale)
    make_role(cli, person, "municipality_staff", municipality)
    return person


def signed_in(app, person: Person, *, language="nl") -> Browser:
    """A browser in which ``person`` has logged in (``browser.person``)."""
    browser = Browser(app, language=language)
    assert browser.login(person.email).status_code == 303
    browser.person = person
    return browser


def staff_browser(app, client, cli, municipality="maassluis", language="nl") -> Browser:
    """A browser signed in as a new staff member of ``municipality`` who reads ``language``."""
    return signed_in(app, staff_member(client, cli, municipality, locale=language), language=language)
