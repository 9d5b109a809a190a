"""Background work: scheduled jobs as data (definitions.py), idempotent job functions, and the job engine
(engine.py: Procrastinate's tasks and the worker process; health.py reads its tables)."""
