"""The feed in two worker processes (two gunicorn servers on one PostgreSQL database, each with its own demand
tables): a shift published, changed, taken or cancelled elsewhere shows in both at their next request.

The servers run on the real clock, also when the suite runs under libfaketime (a run "at 03:30", whose sleep would
stop gunicorn from starting): so the volunteer's token is minted by a server (a login over HTTP), and the shifts
lie days ahead, whichever clock is asked."""
import os
import socket
import subprocess
import sys
from contextlib import ExitStack

import pytest
import requests

from backend.extensions import db
from backend.opportunities.models import Opportunity, Shift
from tests import factories as f
from tests.conftest import PG_URL, TEST_SECRET
from tests.recommendations.test_matching_workers import two_places_for_me
from tests.recommendations.test_recommendations import next_local
from tests.support import ApiClient, pause, real_clock_env, wait_for_exit

FEED = "/api/v1/me/recommendations"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server(stack: ExitStack) -> str:
    env = real_clock_env(DOEMEE_ENV="test", DOEMEE_DATABASE_URL=PG_URL, DOEMEE_SECRET_KEY=TEST_SECRET,
                         DOEMEE_RUN_SCHEDULER="false", FLASK_APP="doemee.wsgi")
    port = _free_port()
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    server = subprocess.Popen([gunicorn, "-w", "1", "-b", f"127.0.0.1:{port}", "--graceful-timeout", "2",
                               "doemee.wsgi:app"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    stack.callback(lambda: (server.terminate(), wait_for_exit(server, timeout=10)))
    return f"http://127.0.0.1:{port}"


def _up(base: str) -> None:
    for _ in range(200):
        try:
            if requests.get(f"{base}/api/v1/health", timeout=1).status_code == 200:
                return
        except requests.RequestException:
            pass
        pause(0.1)
    pytest.fail(f"gunicorn at {base} did not come up")


@pytest.fixture
def two_processes(committing_app):
    """Two worker processes, started after the schema exists; stopped before the tables are emptied."""
    with ExitStack() as stack:
        bases = [_server(stack), _server(stack)]
        for base in bases:
            _up(base)
        yield bases


def test_a_change_made_elsewhere_shows_in_both_processes_feeds_at_their_next_request(committing_app,
                                                                                     two_processes):
    here = ApiClient(committing_app)  # a third worker, where the changes are made
    me, others, opp_id, first = two_places_for_me(committing_app, here)

    login = requests.post(two_processes[0] + "/api/v1/auth/login", json={"email": me.email, "password": me.password},
                          timeout=30)
    assert login.status_code == 200, login.text
    token = login.json()["access_token"]

    def feeds() -> list[dict]:
        """Each process's feed for me: shift id -> free places."""
        answers = [requests.get(base + FEED, headers={"Authorization": f"Bearer {token}"}, timeout=30)
                   for base in two_processes]
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        return [{i["shift_id"]: i["free_places"] for i in a.json()["items"]} for a in answers]

    assert feeds() == [{str(first): 2}] * 2  # both processes built their tables

    with committing_app.app_context():  # published
        second = f.shift(db.session, db.session.get(Opportunity, opp_id), starts_at=next_local(1, 19, weeks_ahead=2),
                         capacity=3).id
        db.session.commit()
    assert feeds() == [{str(first): 2, str(second): 3}] * 2

    # A place taken (no marker moves) and the last place taken (the shift leaves every feed).
    assert here.post(f"/api/v1/shifts/{first}/signups", token=others[0].token).status_code == 201
    assert feeds() == [{str(first): 1, str(second): 3}] * 2
    assert here.post(f"/api/v1/shifts/{first}/signups", token=others[1].token).status_code == 201
    assert feeds() == [{str(second): 3}] * 2

    with committing_app.app_context():  # changed (a place more), then cancelled
        db.session.get(Shift, second).capacity = 4
        db.session.commit()
    assert feeds() == [{str(second): 4}] * 2
    with committing_app.app_context():
        db.session.get(Shift, second).status = "cancelled"
        db.session.commit()
    assert feeds() == [{}] * 2
