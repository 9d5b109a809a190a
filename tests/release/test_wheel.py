"""A release installs: the wheel, installed in a virtualenv of its own outside the checkout (tests/release/install.py),
migrates an empty PostgreSQL with ``doemee migrate``, serves with ``doemee serve`` (gunicorn) beside a ``doemee
worker``, and a volunteer's short journey passes on it: register, sign up for a shift, the feed, choose a gift, the
shop redeems the voucher; the worker delivers the e-mail the journey asked for.

Marked ``slow`` like the suite's other tests that start servers of their own: the clock runs of `make test` leave it
out (its servers keep real time), the run at the real hour runs it.
"""
from __future__ import annotations

import re
import subprocess
from urllib.parse import urljoin

import pytest
import requests

from tests import databases
from tests.conftest import PG_URL
from tests.release.install import ROOT, build_wheel, clean_env, new_virtualenv, source_copy, tracked_files, wheel_names
from tests.release.processes import ENTRY_COMMANDS, running, wait_until
from tests.support import real_clock_env

pytestmark = pytest.mark.slow

PASSWORD = "lange-wandeling-langs-de-waterweg"
DEMO_PASSWORD = "doemee-demo-2026"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    source = source_copy(tmp_path_factory.mktemp("source"))
    assert not list(source.rglob("*.mo")), "the copy must not hold a compiled catalogue: the build makes it"
    return build_wheel(source, tmp_path_factory.mktemp("dist"))


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory):
    """The bin directory of a new virtualenv, outside the checkout, with the wheel installed."""
    return new_virtualenv(tmp_path_factory.mktemp("venv") / "doemee", wheel)


@pytest.fixture
def empty_database():
    url = databases.create_database(PG_URL, databases.name_of(PG_URL) + "__release")
    yield url
    databases.drop_databases(PG_URL, [databases.name_of(url)])


def test_the_wheel_carries_migrations_catalogue_templates_and_static_files(wheel):
    names = wheel_names(wheel)
    shipped = {"web/templates/", "web/static/", "backend/templates/", "backend/data/", "migrations/"}
    files = [f for f in tracked_files() if f.startswith(tuple(shipped)) and "__pycache__" not in f]
    assert len(files) > 100
    missing = [f for f in files if ("doemee/" + f if f.startswith("migrations/") else f) not in names]
    assert not missing
    for language in ("nl", "en"):  # the .po names the languages (backend.i18n); the .mo is compiled by the build
        assert {f"backend/translations/{language}/LC_MESSAGES/messages.{ext}" for ext in ("po", "mo")} <= names
    assert any(n.endswith("entry_points.txt") for n in names)


def test_installed_release_migrates_serves_and_a_volunteer_gets_through(installed, empty_database, tmp_path,
                                                                          _smtp_server):
    mailbox, smtp_port = _smtp_server
    env = real_clock_env(**clean_env(
        DOEMEE_ENV="production", DOEMEE_DATABASE_URL=empty_database, DOEMEE_SECRET_KEY="r" * 48,
        DOEMEE_ARGON2_TIME_COST="1", DOEMEE_ARGON2_MEMORY_KIB="1024", DOEMEE_SMTP_HOST="127.0.0.1",
        DOEMEE_SMTP_PORT=str(smtp_port), DOEMEE_WORKER_HEARTBEAT_SECONDS="1"))

    def doemee(*args: str) -> str:
        done = subprocess.run([str(installed / args[0]), *args[1:]], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout

    where = doemee("python", "-c", "import backend, doemee, web; print(backend.__file__, doemee.__file__, web.__file__)")
    assert all(path.startswith(str(installed.parent)) and not path.startswith(str(ROOT)) for path in where.split())
    _two_migrations_at_once_both_succeed(installed, env, tmp_path)
    doemee("doemee", "seed-demo", "--volunteers", "2", "--organisations", "2", "--opportunities", "3",
           "--initiatives", "1", "--help-requests", "1", "--quiet")

    with running(installed, env, tmp_path) as base:
        api = f"{base}/api/v1"
        _landing_page_with_its_stylesheet(base)
        anna = _register_and_complete_profile(api)
        _sign_up_for_a_shift(api, anna)
        feed = requests.get(f"{api}/me/recommendations", headers=anna, timeout=30)
        assert feed.status_code == 200 and isinstance(feed.json()["items"], list)
        code = _choose_a_gift(api, anna)
        shop = _bearer(api, "winkel@demo.doemee.invalid", DEMO_PASSWORD)
        redeemed = requests.post(f"{api}/merchant/redemptions", json={"code": code}, headers=shop, timeout=10)
        assert redeemed.status_code == 201, redeemed.text
        again = requests.post(f"{api}/merchant/redemptions", json={"code": code}, headers=shop, timeout=10)
        assert again.status_code == 409
        # The worker delivers what the web server only wrote into the outbox.
        mailbox.clear()
        assert requests.post(f"{api}/auth/password-reset", json={"email": "anna@example.org"},
                             timeout=10).status_code == 202
        wait_until(lambda: mailbox.to("anna@example.org"), seconds=45, what="the worker's e-mail")


def test_the_console_script_answers_without_a_database_and_refuses_to_serve_without_one(installed, tmp_path):
    env = real_clock_env(**clean_env(DOEMEE_ENV="production", DOEMEE_SECRET_KEY="r" * 48))
    env.pop("DOEMEE_DATABASE_URL", None)
    env.pop("DATABASE_URL", None)
    settings = subprocess.run([str(installed / "doemee"), "config-help"], env=env, cwd=tmp_path, capture_output=True,
                              text=True, timeout=60)
    assert settings.returncode == 0 and "| DOEMEE_SECRET_KEY |" in settings.stdout
    for command in (ENTRY_COMMANDS["web"], ENTRY_COMMANDS["migrate"]):
        refused = subprocess.run([str(installed / command[0]), *command[1:]], env=env, cwd=tmp_path,
                                 capture_output=True, text=True, timeout=60)
        assert refused.returncode != 0 and "DOEMEE_DATABASE_URL is not set" in refused.stderr
        assert "Traceback" not in refused.stderr


def _two_migrations_at_once_both_succeed(installed, env, cwd) -> None:
    """`doemee migrate` started twice on the empty database: the second waits for the first (an advisory lock)
    and finds nothing left to do; neither fails."""
    command = [str(installed / ENTRY_COMMANDS["migrate"][0]), *ENTRY_COMMANDS["migrate"][1:]]
    both = [subprocess.Popen(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    for proc in both:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err[-3000:]
        assert "schema up to date" in out


def _landing_page_with_its_stylesheet(base: str) -> None:
    page = requests.get(f"{base}/", timeout=10)
    assert page.status_code == 200 and "Meedoen" in page.text  # the templates, in Dutch from the catalogue
    stylesheets = re.findall(r'<link[^>]+href="([^"]+\.css[^"]*)"', page.text)
    assert stylesheets
    for href in stylesheets:
        assert requests.get(urljoin(base + "/", href), timeout=10).status_code == 200, href


def _bearer(api: str, email: str, password: str) -> dict:
    r = requests.post(f"{api}/auth/login", json={"email": email, "password": password}, timeout=10)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def _register_and_complete_profile(api: str) -> dict:
    version = requests.get(f"{api}/privacy", timeout=10).json()["version"]
    r = requests.post(f"{api}/auth/register", timeout=10, json={
        "email": "anna@example.org", "password": PASSWORD, "display_name": "Anna", "accepted_privacy_version": version})
    assert r.status_code == 201, r.text
    anna = _bearer(api, "anna@example.org", PASSWORD)
    r = requests.put(f"{api}/me/profile", headers=anna, timeout=10, json={
        "postcode": "3144 BA", "skills": [{"code": "groceries", "level": 2}],
        "availability": [{"weekday": "tue", "start": "18:00", "end": "21:00"}]})
    assert r.status_code == 201, r.text
    return anna


def _sign_up_for_a_shift(api: str, anna: dict) -> None:
    shifts = requests.get(f"{api}/shifts", headers=anna, timeout=10).json()["items"]
    assert shifts, "the demo has open shifts"
    # Some of the demo's vacancies ask for what Anna has not got (a VOG, an age): she takes the first she may.
    for shift in shifts:
        r = requests.post(f"{api}/shifts/{shift['id']}/signups", headers=anna, timeout=10)
        if r.status_code == 201:
            break
    assert r.status_code == 201, r.text
    mine = requests.get(f"{api}/me/engagements", headers=anna, timeout=10).json()["items"]
    assert [e["shift_id"] for e in mine] == [shift["id"]]


def _choose_a_gift(api: str, anna: dict) -> str:
    current = requests.get(f"{api}/campaigns/current", headers=anna, timeout=10).json()
    assert current["can_choose"], current
    gift = next(g for g in current["gifts"] if g["title"] == "Appeltaart")
    r = requests.post(f"{api}/campaigns/{current['campaign']['id']}/claims", json={"gift_id": gift["id"]},
                      headers=anna, timeout=10)
    assert r.status_code == 201, r.text
    return r.json()["voucher_code"]
