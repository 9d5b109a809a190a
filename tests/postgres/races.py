"""Requests released at the same moment on real parallel PostgreSQL connections, shared by the race tests."""
from __future__ import annotations

import threading
from typing import Callable

from tests.support import ApiClient


def race(app, requests: list[Callable], *, client: Callable = ApiClient, timeout: float = 120) -> list:
    """Run each ``request(c)`` in a thread of its own, ``c`` a client of its own (``client(app)``, made before the
    start), all released at the same moment; return the answers in the order of ``requests``. A request that has
    not answered after ``timeout`` seconds fails the test."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def run(i):
        own = client(app)
        barrier.wait()
        results[i] = requests[i](own)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(requests))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    assert all(r is not None for r in results), "a request hung"
    return results


def numbered(n: int, request: Callable) -> list[Callable]:
    """``n`` requests for ``race``, the i-th ``request(c, i)``."""
    return [lambda c, i=i: request(c, i) for i in range(n)]
