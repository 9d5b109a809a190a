"""Two worker processes of the job engine on one PostgreSQL database (issue 23): each periodic job runs once per
due time; a worker killed with SIGKILL while it runs a matching run has that run finished by the other, once; no
outbox message is sent twice and none is lost; a worker stops cleanly on SIGTERM; the letters PDF is made by a
worker while its page says "bezig"."""
import re
import time

import sqlalchemy as sa

from backend.extensions import db
from tests.jobs.worker import EVERY_SECOND
from tests.recommendations.test_matching_workers import a_request_to_match
from tests.recommendations.test_recommendations import _period
from tests.notifications.helpers import answering_expo, expo_messages, expo_token
from tests.support import ApiClient, pause, register


def _scalar(app, sql: str, **params):
    with app.app_context():
        try:
            return db.session.scalar(sa.text(sql), params)
        finally:
            db.session.remove()


def _wait_until(condition, timeout: float, what: str, workers=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        pause(0.2)
    logs = "\n".join(workers.output(p)[-3000:] for p in workers.procs) if workers else ""
    raise AssertionError(f"not within {timeout} s: {what}\n{logs}")


def _ticks(app) -> list[tuple[int, int]]:
    """(due time, jobs for it) of the test job that is due every second, for the due times it ran."""
    with app.app_context():
        try:
            return [tuple(r) for r in db.session.execute(sa.text(
                "SELECT (args->>'timestamp')::bigint, count(*) FROM procrastinate_jobs "
                "WHERE task_name = 'doemee.scheduled_job' AND args->>'job_id' = :id GROUP BY 1 ORDER BY 1"),
                {"id": EVERY_SECOND.id})]
        finally:
            db.session.remove()


def test_two_workers_run_each_due_time_once(workers):
    app = workers.app
    one, two = workers.start(), workers.start()
    _wait_until(lambda: _scalar(app, "SELECT count(*) FROM procrastinate_workers") == 2, 60,
                "both workers registered", workers)
    # The database's clock: the workers' due times are real ones, also when this process runs at a pinned hour.
    started = _scalar(app, "SELECT extract(epoch FROM clock_timestamp())")
    pause(12)
    # Due times from 2 s after both run (the first due time each worker computes at its start may be one the other
    # has already passed) until 2 s ago (the latest may not have been deferred yet).
    window = range(int(started) + 2, int(_scalar(app, "SELECT extract(epoch FROM clock_timestamp())")) - 2)
    _wait_until(lambda: _scalar(app, "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing') "
                                     "AND (args->>'timestamp')::bigint <= :t", t=window[-1]) == 0,
                30, "the due times of the window have run", workers)
    ticks = dict(_ticks(app))
    assert [ticks.get(t) for t in window] == [1] * len(window), ticks  # each due time once, none left out
    # Every periodic task (the real jobs due meanwhile too: outbox delivery and the stalled-job check every
    # 10 s): never two jobs for one due time.
    duplicates = _scalar(app, """
        SELECT count(*) FROM (SELECT task_name, args FROM procrastinate_jobs WHERE (args->>'timestamp')::bigint >= :t
                              GROUP BY 1, 2 HAVING count(*) > 1) d""", t=window[0])
    assert duplicates == 0
    assert _scalar(app, "SELECT count(*) FROM procrastinate_jobs WHERE status = 'failed'") == 0
    # Both workers did part of the work.
    assert _scalar(app, "SELECT count(DISTINCT worker_id) FROM procrastinate_jobs WHERE worker_id IS NOT NULL") == 2
    for proc in (one, two):  # SIGTERM: a clean stop, as a process manager or a deploy stops a worker
        assert workers.stop(proc) == 0, workers.output(proc)
        assert "worker stopped" in workers.output(proc)
    assert _scalar(app, "SELECT count(*) FROM procrastinate_workers") == 0


def _messages_for_phones(app, client, n_people: int, per_person: int) -> set[str]:
    from backend.notifications.outbox import enqueue_many

    people = [register(client) for _ in range(n_people)]
    for i, person in enumerate(people):
        r = client.post("/api/v1/me/devices", json={"token": expo_token(f"w{i}"), "provider": "expo",
                                                      "platform": "android"}, token=person.token)
        assert r.status_code == 201
    keys = {f"workers:{i}:{j}": person.id for i, person in enumerate(people) for j in range(per_person)}
    with app.app_context():
        enqueue_many([{"dedupe_key": key, "user_id": user_id, "channel": "push", "template": "waitlist_promoted",
                       "locale": "nl", "payload": {}, "priority": "urgent"} for key, user_id in keys.items()])
        db.session.commit()
        db.session.remove()
    return set(keys)


def test_a_killed_worker_s_matching_run_finishes_on_the_other_once_and_no_message_is_sent_twice_or_lost(
        workers, httpserver):
    app = workers.app
    answering_expo(httpserver)
    workers.settings.update(PUSH_EXPO_URL=httpserver.url_for("").rstrip("/"), QUIET_HOURS_START="00:00",
                            QUIET_HOURS_END="00:00")
    client = ApiClient(app)
    staff, helper = a_request_to_match(app, client)
    keys = _messages_for_phones(app, client, n_people=20, per_person=10)
    posted = client.post("/api/v1/matching/runs", json=_period(), token=staff.token)
    assert posted.status_code == 202
    run_id = posted.get_json()["id"]

    # The run's row locked by the test: the worker that takes the run waits on it, mid-run, for as long as we like.
    with app.app_context():
        holder = db.engine.connect()
    holder_tx = holder.begin()
    holder.execute(sa.text("SELECT id FROM matching_runs WHERE id = :id FOR UPDATE"), {"id": run_id})
    try:
        doomed = workers.start()
        _wait_until(lambda: _scalar(app, "SELECT status::text FROM procrastinate_jobs WHERE task_name = "
                                         "'doemee.matching_run'") == "doing", 60, "the run taken", workers)
        survivor = workers.start()
        _wait_until(lambda: _scalar(app, "SELECT count(*) FROM procrastinate_workers") == 2, 60,
                    "the second worker registered", workers)
        # Both deliver the messages meanwhile (every 10 s, each sweep its own batches).
        _wait_until(lambda: _scalar(app, "SELECT count(*) FROM outbox_messages WHERE status = 'sent'") == len(keys),
                    60, "the messages delivered", workers)
        doomed.kill()  # SIGKILL: no goodbye, no heartbeat any more
        doomed.wait()
    finally:
        holder_tx.rollback()
        holder.close()

    _wait_until(lambda: _scalar(app, "SELECT status FROM matching_runs WHERE id = :id", id=run_id) == "done", 90,
                "the run finished on the other worker", workers)
    assert "lost its worker; retrying it" in workers.output(survivor)
    run = client.get(posted.headers["Location"], token=staff.token).get_json()
    assert (run["status"], run["assigned"]) == ("done", 1)
    # Once: one proposal, one invitation, one job (started twice: by the killed worker and by the survivor).
    assert _scalar(app, "SELECT count(*) FROM matching_proposals WHERE run_id = :id", id=run_id) == 1
    assert _scalar(app, "SELECT count(*) FROM engagements WHERE volunteer_id = :id", id=helper.id) == 1
    assert _scalar(app, "SELECT count(*) FROM procrastinate_jobs WHERE task_name = 'doemee.matching_run'") == 1
    assert _scalar(app, "SELECT count(*) FROM procrastinate_events e JOIN procrastinate_jobs j ON j.id = e.job_id "
                        "WHERE j.task_name = 'doemee.matching_run' AND e.type = 'started'") == 2
    # The invitation the run wrote goes out too; every message once, none lost.
    _wait_until(lambda: _scalar(app, "SELECT count(*) FROM outbox_messages WHERE status <> 'sent'") == 0, 60,
                "every message sent", workers)
    pushed = [m["data"]["key"] for m in expo_messages(httpserver)]
    assert len(pushed) == len(set(pushed)) and keys <= set(pushed)
    assert workers.stop(survivor) == 0


def test_a_worker_killed_during_the_stalled_job_check_does_not_stop_later_checks(workers):
    """Its check stays "doing" for good; the next checks still run, and end it and the other job it left."""
    from backend.jobs.definitions import SCHEDULED_JOB_TASK
    from backend.jobs.engine import RETRY_STALLED_TASK

    app = workers.app
    with app.app_context():
        # What a worker killed mid-check leaves behind once its row is pruned: its jobs "doing", with no worker.
        left = db.session.scalars(sa.text("""
            INSERT INTO procrastinate_jobs (queue_name, task_name, lock, queueing_lock, args, status)
            VALUES ('default', :check, :check_lock, NULL, '{"timestamp": 1}', 'doing'),
                   ('default', :job, :lock, NULL, CAST(:args AS jsonb), 'doing')
            RETURNING id"""), {"check": RETRY_STALLED_TASK, "check_lock": RETRY_STALLED_TASK, "job": SCHEDULED_JOB_TASK,
                               "lock": f"job:{EVERY_SECOND.id}",
                               "args": f'{{"job_id": "{EVERY_SECOND.id}", "timestamp": 1}}'}).all()
        db.session.commit()
        db.session.remove()
    survivor = workers.start()
    _wait_until(lambda: _scalar(app, "SELECT count(*) FROM procrastinate_jobs WHERE id = ANY(:ids) AND status IN "
                                     "('succeeded', 'failed')", ids=list(left)) == 2, 60,
                "both jobs of the killed worker ended", workers)
    assert workers.output(survivor).count("lost its worker; retrying it") == 2
    # The every-second job, held back meanwhile by its own "doing" job, runs again.
    _wait_until(lambda: _scalar(app, "SELECT count(*) FROM procrastinate_jobs WHERE task_name = :t AND status = "
                                     "'succeeded' AND args->>'job_id' = :id AND (args->>'timestamp')::bigint > 1",
                                t=SCHEDULED_JOB_TASK, id=EVERY_SECOND.id) > 0, 30, "the next tick", workers)
    assert workers.stop(survivor) == 0


def test_the_letters_pdf_is_made_by_a_worker_while_the_page_says_busy(workers):
    from tests.appreciation.factories import desk_volunteer
    from tests.campaigns.helpers import create_campaign
    from tests.campaigns.web_helpers import staff_browser
    from tests.web_support import text

    app = workers.app
    client = ApiClient(app)
    staff = staff_browser(app, client, app.test_cli_runner())
    campaign = create_campaign(client, staff.person)
    with app.app_context():
        for i in range(120):
            desk_volunteer(db.session, display_name=f"Gerrit {i}")
        db.session.commit()
        db.session.remove()
    letters = f"/gemeente/acties/{campaign['id']}/brieven"
    made = staff.post(letters)
    assert made.status_code == 303 and "Brieven om te printen: 120." in text(staff.get(made.headers["Location"]))

    asked = staff.post(letters + ".pdf", {"vorm": "code"}, form_from=letters)
    assert asked.status_code == 303  # at once: nothing is made in the request
    status = asked.headers["Location"]
    assert "Bezig..." in text(staff.get(status))
    workers.start()
    _wait_until(lambda: "De PDF is klaar: 120 brieven." in text(staff.get(status)), 120, "the PDF made", workers)
    pdf = staff.get(status + "/bestand").get_data()
    assert pdf.startswith(b"%PDF-") and len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) == 120
