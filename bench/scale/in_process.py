"""What the after_a_change_* benchmarks share: production settings on the benchmark database (DOEMEE_DATABASE_URL,
default doemee_h15m_bench), the app and its test client, a CPU stopwatch and the summary line."""
import os
import statistics
import sys
import time

os.environ.update(DOEMEE_ENV="production", DOEMEE_RUN_SCHEDULER="false",
                  DOEMEE_SECRET_KEY="bench-alternate-secret-key-that-is-long-enough-for-hs256-0123456789")
os.environ.setdefault("DOEMEE_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/doemee_h15m_bench")
sys.path.insert(0, os.getcwd())
from doemee.app import create_app  # noqa: E402

app = create_app()
client = app.test_client()


def cpu_ms(call):
    """(the call's result, the CPU milliseconds it took)."""
    t0 = time.process_time()
    result = call()
    return result, (time.process_time() - t0) * 1000


def spread(ms: list[float]) -> str:
    return f"median {statistics.median(ms):.0f} ms CPU (min {min(ms):.0f}, max {max(ms):.0f}, n={len(ms)})"
