"""Reading our own metrics back, for the observability tests."""
from __future__ import annotations

from prometheus_client.parser import text_string_to_metric_families

METRICS_TOKEN = "metrics-token-for-the-tests-0123456789abcdef"


def scrape(client, token: str = METRICS_TOKEN) -> dict:
    """{(sample name, frozenset of labels): value} of /metrics."""
    r = client.get("/metrics", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.get_data(as_text=True)
    return samples(r.get_data(as_text=True))


def samples(text: str) -> dict:
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(text) for s in family.samples}


def value(scraped: dict, name: str, **labels) -> float:
    return scraped.get((name, frozenset(labels.items())), 0.0)
