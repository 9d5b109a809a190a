"""``flask worker`` for the tests: the same worker (backend.jobs.engine.run_worker) with one more scheduled job on a
compressed schedule, every second, so that a test sees many due times in a few seconds. Run as
``python -m tests.jobs.worker`` with the DOEMEE_* settings in the environment."""
from backend.jobs.definitions import JobDefinition

EVERY_SECOND = JobDefinition("test-every-second", "tests.jobs.worker:tick", "* * * * * *", "a due time each second",
                             quiet=True)


def tick() -> str:
    # It does nothing: what the tests count is the engine's record of its runs, one job per due time.
    return "tick"


def main() -> None:
    from doemee.app import create_app
    from backend.jobs.cli import log_deliveries_and_jobs
    from backend.jobs.engine import run_worker

    app = create_app()
    log_deliveries_and_jobs()
    with app.app_context():
        run_worker(app, extra_jobs=(EVERY_SECOND,))


if __name__ == "__main__":
    main()
