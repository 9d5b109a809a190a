"""Issue 10 §5, decided by measurement: one assign() call with cap_per_volunteer > 1 vs the service's rounds.

    .venv/bin/python bench/matching/bench_solver_path.py --size 2000x10000 --cap 2

For the same synthetic region (bench/matching/synthetic.py) it runs
* ``single``: ``matching.assign(..., cap_per_volunteer=cap)`` once (the gadget rounds / LP fallback of
  matching/_solver.py); it does not know that one volunteer cannot be in two places at once, so it also counts
  the volunteers it gave two demands that overlap in time (proposals the service could not send);
* ``rounds``: the service's path, backend.recommendations.assignment.assign_in_rounds (cap-1 calls; between
  rounds each assignment becomes a busy interval of its volunteer).
Wall time, total score, pairs, overlapping pairs. Not a test.

The measurement decided that the library keeps one demand per volunteer per call: ``single`` needs the code
that went afterwards, so it runs only at commit 02c8191 (``git checkout 02c8191 -- matching``); later commits
run ``rounds`` only.
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import time
from collections import defaultdict
from zoneinfo import ZoneInfo

HERE = pathlib.Path(__file__).resolve().parent
sys.path[:0] = [str(HERE.parents[1]), str(HERE)]

import matching  # noqa: E402
import synthetic  # noqa: E402
from backend.recommendations.assignment import assign_in_rounds  # noqa: E402


def overlapping(pairs, demands) -> int:
    by_id = {d.id: d for d in demands}
    mine = defaultdict(list)
    for p in pairs:
        mine[p.volunteer_id].append(by_id[p.demand_id])
    clashes = 0
    for ds in mine.values():
        ds.sort(key=lambda d: d.start)
        clashes += sum(1 for a, b in zip(ds, ds[1:]) if b.start < a.end)
    return clashes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", default="2000x10000")
    parser.add_argument("--cap", type=int, default=2)
    args = parser.parse_args()
    n_d, n_v = (int(x) for x in args.size.split("x"))
    ds, vs = synthetic.region(n_d, n_v)
    now = synthetic.NOW.replace(tzinfo=ZoneInfo("Europe/Amsterdam"))

    single = None
    if "cap_per_volunteer" in matching.assign.__code__.co_varnames:
        t0 = time.perf_counter()
        single = matching.assign(ds, vs, now=synthetic.NOW, cap_per_volunteer=args.cap)
        single_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    pairs, _ = assign_in_rounds(ds, vs, args.cap, now, matching.DEFAULT_WEIGHTS, set())
    rounds_s = time.perf_counter() - t0
    print(f"{n_d} demands x {n_v} volunteers, cap {args.cap}")
    if single is not None:
        print(f"single assign: {single_s:.2f} s, {len(single.pairs)} pairs, total {single.total_score:.6f}, "
              f"{overlapping(single.pairs, ds)} pairs overlapping in time")
    print(f"rounds       : {rounds_s:.2f} s, {len(pairs)} pairs, total {sum(p.score for p in pairs):.6f}, "
          f"{overlapping(pairs, ds)} pairs overlapping in time")


if __name__ == "__main__":
    main()
