"""Push through Expo's push API and FCM HTTP v1, over one shared ``requests.Session``.

The session pools connections per host (a relay sends thousands of requests to the same provider) and every
request has a connect and a read timeout, so that a provider that hangs cannot hang the relay: the message is
retried later instead. Providers that report a token as unregistered get it deleted.
"""
from __future__ import annotations

import threading
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime

import requests
from requests.adapters import HTTPAdapter

from backend.models_base import utcnow
from backend.notifications.outcomes import Failed, Outcome, Rerouted, Retry, Sent

EXPO_BATCH = 100  # Expo accepts at most 100 messages per request
_RETRYABLE_STATUS = {408, 425, 429, 500, 502, 503, 504}
_session: requests.Session | None = None
_session_lock = threading.Lock()


def http_session() -> requests.Session:
    """The process-wide session (thread-safe for our use: one request per call, no shared cookies)."""
    global _session
    with _session_lock:
        if _session is None:
            session = requests.Session()
            # No urllib3 retries: the outbox does the retrying, with backoff, across relays and restarts.
            adapter = HTTPAdapter(pool_connections=4, pool_maxsize=32, max_retries=0)
            session.mount("https://", adapter)
            session.mount("http://", adapter)
            session.headers.update({"Accept": "application/json", "Accept-Encoding": "gzip, deflate"})
            _session = session
        return _session


@dataclass
class PushItem:
    message_id: object
    token: str
    title: str
    body: str
    data: dict
    keys: dict | None = None  # web push: the subscription's p256dh and auth
    urgent: bool = False  # web push: ask the push service to wake the phone at once (RFC 8030 Urgency)


@dataclass
class PushResult:
    outcomes: dict = field(default_factory=dict)  # message_id -> Outcome
    dead_tokens: set = field(default_factory=set)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds, whether given as a number of seconds or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - utcnow()).total_seconds())


def _http_problem(response: requests.Response) -> Outcome:
    error = f"HTTP {response.status_code}"
    if response.status_code in _RETRYABLE_STATUS:
        return Retry(error, retry_after_seconds(response.headers.get("Retry-After")))
    return Failed(error)


def _timeouts(config) -> tuple[float, float]:
    return config["PUSH_CONNECT_TIMEOUT"], config["PUSH_READ_TIMEOUT"]


# --- Expo ---------------------------------------------------------------------------------------------------------

def send_expo(items: list[PushItem], config) -> PushResult:
    per_item: list[tuple[PushItem, Outcome]] = []
    dead: set[str] = set()
    for start in range(0, len(items), EXPO_BATCH):
        chunk = items[start:start + EXPO_BATCH]
        per_item += _send_expo_chunk(chunk, config, dead)
    return PushResult(_combine(per_item), dead)


def _send_expo_chunk(chunk: list[PushItem], config, dead: set) -> list[tuple[PushItem, Outcome]]:
    headers = {"Content-Type": "application/json"}
    if config["PUSH_EXPO_ACCESS_TOKEN"]:
        headers["Authorization"] = f"Bearer {config['PUSH_EXPO_ACCESS_TOKEN']}"
    body = [{"to": i.token, "title": i.title, "body": i.body, "data": i.data, "sound": "default"} for i in chunk]
    try:
        response = http_session().post(config["PUSH_EXPO_URL"] + "/--/api/v2/push/send", json=body,
                                       headers=headers, timeout=_timeouts(config))
    except requests.RequestException as exc:
        return [(i, Retry(type(exc).__name__)) for i in chunk]
    if response.status_code != 200:
        return [(i, _http_problem(response)) for i in chunk]
    try:
        tickets = response.json()["data"]
    except (ValueError, KeyError, TypeError):
        return [(i, Retry("malformed Expo answer")) for i in chunk]
    if not isinstance(tickets, list) or len(tickets) != len(chunk):
        return [(i, Retry("malformed Expo answer")) for i in chunk]
    return [(item, _expo_ticket(item, ticket, dead)) for item, ticket in zip(chunk, tickets)]


def _expo_ticket(item: PushItem, ticket: dict, dead: set) -> Outcome:
    if ticket.get("status") == "ok":
        return Sent()
    error = (ticket.get("details") or {}).get("error") or "unknown"
    if error == "DeviceNotRegistered":
        dead.add(item.token)
        return Rerouted("DeviceNotRegistered")
    if error in ("MessageTooBig", "InvalidCredentials"):
        return Failed(f"Expo {error}")
    return Retry(f"Expo {error}")


# --- FCM HTTP v1 --------------------------------------------------------------------------------------------------

def _fcm_access_token(config) -> str:
    # The token file is refreshed by the platform (e.g. a sidecar running `gcloud auth print-access-token`);
    # read it per batch so that a refreshed token is picked up without a restart.
    with open(config["PUSH_FCM_TOKEN_FILE"], encoding="utf-8") as f:
        return f.read().strip()


def send_fcm(items: list[PushItem], config) -> PushResult:
    dead: set[str] = set()
    try:
        token = _fcm_access_token(config)
    except OSError:
        return PushResult(_combine([(i, Retry("FCM access token unreadable")) for i in items]), dead)
    url = f"{config['PUSH_FCM_URL']}/v1/projects/{config['PUSH_FCM_PROJECT']}/messages:send"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    per_item = []
    for item in items:
        body = {"message": {"token": item.token, "notification": {"title": item.title, "body": item.body},
                            "data": {k: str(v) for k, v in item.data.items() if v is not None}}}
        try:
            response = http_session().post(url, json=body, headers=headers, timeout=_timeouts(config))
        except requests.RequestException as exc:
            per_item.append((item, Retry(type(exc).__name__)))
            continue
        per_item.append((item, _fcm_answer(item, response, dead)))
    return PushResult(_combine(per_item), dead)


def _fcm_error_code(response: requests.Response) -> str | None:
    try:
        details = response.json()["error"].get("details") or []
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
    codes = [d.get("errorCode") for d in details if isinstance(d, dict) and d.get("errorCode")]
    return codes[0] if codes else None


def _fcm_answer(item: PushItem, response: requests.Response, dead: set) -> Outcome:
    if response.status_code == 200:
        return Sent()
    if response.status_code == 404 or _fcm_error_code(response) == "UNREGISTERED":
        dead.add(item.token)
        return Rerouted("UNREGISTERED")
    if response.status_code in (401, 403):  # an expired access token: the platform refreshes it
        return Retry(f"HTTP {response.status_code}")
    return _http_problem(response)


# --- one message, several devices ---------------------------------------------------------------------------------

def _combine(per_item: list[tuple[PushItem, Outcome]]) -> dict:
    """A message reached the person if any of their devices took it; all devices gone -> reroute; else the most
    hopeful failure (a retry beats a permanent failure)."""
    by_message: dict = {}
    for item, outcome in per_item:
        by_message.setdefault(item.message_id, []).append(outcome)
    combined = {}
    for message_id, outcomes in by_message.items():
        if any(isinstance(o, Sent) for o in outcomes):
            combined[message_id] = Sent()
        elif all(isinstance(o, Rerouted) for o in outcomes):
            combined[message_id] = outcomes[0]
        else:
            retries = [o for o in outcomes if isinstance(o, Retry)]
            if retries:
                waits = [o.retry_after for o in retries if o.retry_after is not None]
                combined[message_id] = Retry(retries[0].error, max(waits) if waits else None)
            else:
                combined[message_id] = next(o for o in outcomes if isinstance(o, Failed))
    return combined
