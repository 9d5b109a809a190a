"""What an operator watches: logs, metrics and health (infrastructure: it imports no feature).

- ``logs``: one line per event, JSON in production (DOEMEE_LOG_FORMAT), each line of a request with its request id.
- ``metrics``: Prometheus metrics (prometheus-client; with PROMETHEUS_MULTIPROC_DIR set, the counts of every
  gunicorn worker and job worker writing to that directory are added up); ``business`` counts what users did
  (sign-ups, claims, redemptions) once their transaction committed.
- ``readiness``: may this process get traffic? The database, Redis when configured, the job workers' last heartbeat
  and the oldest due outbox message.
- ``endpoints``: ``/health/live``, ``/health/ready`` and ``/metrics`` (behind DOEMEE_METRICS_TOKEN), registered by the
  app factory. They belong to neither surface: they answer the load balancer and the monitoring, not a person.

The per-request step (request id, the request's metrics and its log line) is in the pipeline: backend/http/observe.py.
"""
