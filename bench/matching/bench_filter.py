"""Issue 22, "Voor jou" filtered: the matcher asked with a filter (``recommend(..., only=)``) against the unfiltered
feed, and ``feasible_demands`` (what an empty filtered feed costs to explain), on the same synthetic demands.

    .venv/bin/python bench/matching/bench_filter.py --feed 2000,20000

The filter keeps about one demand in seven (one day of the week), as "dinsdag" does. Median and p99 over the
volunteers and repeats, in ms. Not a test.
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

import numpy as np  # noqa: E402

import matching  # noqa: E402
import synthetic  # noqa: E402


def _timed(call, repeats: int) -> list[float]:
    call()  # warm-up
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        call()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def _summary(times: list[float]) -> str:
    times = sorted(times)
    return f"median {statistics.median(times):.2f} ms, p99 {times[int(0.99 * (len(times) - 1))]:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--feed", default="2000,20000")
    parser.add_argument("--volunteers", type=int, default=20)
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    for n in (int(x) for x in args.feed.split(",")):
        table = matching.DemandTable.from_demands(synthetic.demands(n, seed=2))
        by_id = {d.id: d for d in synthetic.demands(n, seed=2)}
        tuesday = np.array([by_id[i].start.weekday() == 1 for i in table.ids])
        vs = synthetic.volunteers(args.volunteers, seed=3, towns=np.array([synthetic.CENTRE]))
        plain, filtered, feasible = [], [], []
        for v in vs:
            plain += _timed(lambda: matching.recommend(v, table, 30, now=synthetic.NOW), args.repeats)
            filtered += _timed(lambda: matching.recommend(v, table, 30, now=synthetic.NOW, only=tuesday),
                               args.repeats)
            feasible += _timed(lambda: matching.feasible_demands(v, table, now=synthetic.NOW), args.repeats)
        print(f"{n} demands ({int(tuesday.sum())} on a Tuesday): recommend {_summary(plain)}; "
              f"with the filter {_summary(filtered)}; feasible_demands {_summary(feasible)}")


if __name__ == "__main__":
    main()
