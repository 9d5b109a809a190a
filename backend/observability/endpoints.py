"""``/health/live``, ``/health/ready`` and ``/metrics``: for the load balancer, the container's healthcheck and the
monitoring, not for people, so they belong to neither surface and answer plain JSON (or Prometheus' text).

- ``/health/live``: the process answers. It touches nothing else (no database, no Redis), so a database that is down
  does not get every web server restarted.
- ``/health/ready``: 200 when every dependency works (backend/observability/readiness.py), else 503 naming those that
  fail; the body holds names, states and short reasons, never an address, a secret or an exception's text.
- ``/metrics``: only with ``Authorization: Bearer <DOEMEE_METRICS_TOKEN>``; without the setting it does not exist
  (404); a missing or wrong token is refused (401).
"""
from __future__ import annotations

import hmac

from flask import Blueprint, current_app, jsonify, request
from prometheus_client import CONTENT_TYPE_LATEST

from backend.observability import metrics, readiness

blp = Blueprint("operations", __name__)

NO_STORE = {"Cache-Control": "no-store"}


@blp.route("/health/live", methods=["GET"])
def live():
    return jsonify(status="ok"), 200, NO_STORE


@blp.route("/health/ready", methods=["GET"])
def ready():
    checks = readiness.check_all(current_app.extensions["doemee_config"])
    failing = [check.name for check in checks if check.status == readiness.FAIL]
    body = {"status": "fail" if failing else "ok", "failing": failing,
            "checks": {check.name: {"status": check.status, **({"reason": check.reason} if check.reason else {})}
                       for check in checks}}
    return jsonify(body), 503 if failing else 200, NO_STORE


@blp.route("/metrics", methods=["GET"])
def metrics_text():
    token = current_app.extensions["doemee_config"]["METRICS_TOKEN"]
    if not token:
        return jsonify(status=404, title="Not Found"), 404
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not hmac.compare_digest(given.encode(), token.encode()):
        return jsonify(status=401, title="Unauthorized"), 401, {"WWW-Authenticate": 'Bearer realm="metrics"'}
    return metrics.exposition(), 200, {"Content-Type": CONTENT_TYPE_LATEST, **NO_STORE}
