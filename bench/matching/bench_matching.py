"""Benchmark of the matching library (not part of the test run).

    python bench/matching/bench_matching.py                      # everything, default sizes
    python bench/matching/bench_matching.py --feed 2000,20000 --batch 500x2000
    python bench/matching/bench_matching.py --no-naive --no-dense

feed:  recommend() for one volunteer against N open demands (table prebuilt):
       median and p99 latency over many volunteers and repeats.
batch: assign() for D demands x V volunteers, each size in a fresh subprocess:
       wall time, peak RSS, pairs assigned, and the objective against dense
       scipy.optimize.linear_sum_assignment where the dense matrix still fits.
naive: the tests' pure-Python reference (per-pair loop) on the same data.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import pathlib
import platform
import resource
import statistics
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT), str(HERE)]

import numpy as np  # noqa: E402

import matching  # noqa: E402
import synthetic  # noqa: E402


def _reference():
    spec = importlib.util.spec_from_file_location("matching_reference", ROOT / "tests/matching/matching_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _maxrss_mb() -> float:
    """Peak resident memory of this process. VmHWM, unlike ru_maxrss, starts afresh at exec
    (ru_maxrss would carry over the parent's peak into the worker)."""
    try:
        for line in pathlib.Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def bench_feed(n: int, volunteers: int, repeats: int, naive: bool) -> dict:
    ds = synthetic.demands(n, seed=2)
    t0 = time.perf_counter()
    table = matching.DemandTable.from_demands(ds)
    build = time.perf_counter() - t0
    vs = synthetic.volunteers(volunteers, seed=3, towns=np.array([synthetic.CENTRE]))
    times, found = [], []
    for v in vs:
        matching.recommend(v, table, 20, now=synthetic.NOW)  # warm-up
        for _ in range(repeats):
            t0 = time.perf_counter()
            result = matching.recommend(v, table, 20, now=synthetic.NOW)
            times.append((time.perf_counter() - t0) * 1000)
        found.append(len(result))
    times.sort()
    out = {
        "n": n, "table_build_s": round(build, 3), "median_ms": round(statistics.median(times), 3),
        "p99_ms": round(times[int(0.99 * (len(times) - 1))], 3), "calls": len(times),
        "mean_results": round(sum(found) / len(found), 1),
    }
    if naive:
        ref = _reference()
        naive_times = []
        for v in vs[:5]:
            t0 = time.perf_counter()
            expected = ref.recommend(v, ds, 20, synthetic.NOW)
            naive_times.append((time.perf_counter() - t0) * 1000)
            got = [(m.demand_id, m.score) for m in matching.recommend(v, table, 20, now=synthetic.NOW)]
            assert [i for i, _ in got] == [i for i, _ in expected], "naive and vectorised feeds disagree"
        out["naive_median_ms"] = round(statistics.median(naive_times), 1)
        out["naive_ratio"] = round(out["naive_median_ms"] / out["median_ms"], 1)
    return out


def _dense_optimum(ds, vs, cap: int) -> float:
    """Objective of dense linear_sum_assignment on the expanded matrix (one demand per volunteer)."""
    from scipy.optimize import linear_sum_assignment

    assert cap == 1
    vt = matching.VolunteerTable.from_volunteers(vs)
    places = [d for d in sorted(ds, key=lambda d: d.id) for _ in range(d.free_places)]
    n_rows = len(places)
    matrix = np.full((n_rows, len(vt) + n_rows), -1e6)
    matrix[np.arange(n_rows), len(vt) + np.arange(n_rows)] = 0.0
    row = 0
    for d in sorted(ds, key=lambda d: d.id):
        scores = np.full(len(vt), -1e6)
        for m in matching.candidates(d, vt, len(vt), now=synthetic.NOW):
            scores[vt.row(m.volunteer_id)] = m.score
        matrix[row : row + d.free_places, : len(vt)] = scores
        row += d.free_places
    rows, cols = linear_sum_assignment(matrix, maximize=True)
    return float(matrix[rows, cols].sum())


def batch_worker(n_d: int, n_v: int, cap: int, dense: bool, naive: bool) -> dict:
    ds, vs = synthetic.region(n_d, n_v)
    t0 = time.perf_counter()
    dt, vt = matching.DemandTable.from_demands(ds), matching.VolunteerTable.from_volunteers(vs)
    build = time.perf_counter() - t0
    rss_before = _maxrss_mb()
    t0 = time.perf_counter()
    result = matching.assign(dt, vt, now=synthetic.NOW)
    wall = time.perf_counter() - t0
    out = {
        "demands": n_d, "volunteers": n_v, "cap": cap, "places": int(dt.free.sum()), "table_build_s": round(build, 2),
        "assign_s": round(wall, 2), "peak_rss_mb": round(_maxrss_mb()), "rss_before_assign_mb": round(rss_before),
        "assigned": len(result.pairs), "total_score": round(result.total_score, 6),
        "unmatched_reasons": dict(sorted(__import__("collections").Counter(u.reason for u in result.unmatched).items())),
    }
    if dense and cap == 1:
        t0 = time.perf_counter()
        out["dense_total_score"] = round(_dense_optimum(ds, vs, cap), 6)
        out["dense_s"] = round(time.perf_counter() - t0, 1)
    if naive:
        from matching._time import floor_minutes
        from matching.batch import _feasible_edges

        ref = _reference()
        t0 = time.perf_counter()
        (vi, _, _), _ = _feasible_edges(vt, dt, floor_minutes(synthetic.NOW), matching.DEFAULT_WEIGHTS, np.zeros(0, dtype=np.int64))
        vectorised = time.perf_counter() - t0
        t0 = time.perf_counter()
        feasible = sum(1 for d in ds for v in vs if not ref.failures(v, d, synthetic.NOW) and ref.score(v, d, synthetic.NOW) > 0)
        out["naive_scoring_s"] = round(time.perf_counter() - t0, 1)
        out["vectorised_scoring_s"] = round(vectorised, 3)
        out["naive_ratio"] = round(out["naive_scoring_s"] / vectorised, 1)
        assert feasible == vi.size, f"naive found {feasible} feasible pairs, vectorised {vi.size}"
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--feed", default="2000,20000,100000", help="open demand counts, comma-separated ('' to skip)")
    parser.add_argument("--batch", default="500x2000,2000x10000,10000x50000", help="DxV sizes ('' to skip)")
    parser.add_argument("--feed-volunteers", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--naive-feed-max", type=int, default=20000, help="largest feed size that also runs the naive loop")
    parser.add_argument("--dense-max-pairs", type=int, default=20_000_000, help="largest D*V compared with dense LSA")
    parser.add_argument("--naive-batch-max-pairs", type=int, default=1_000_000)
    parser.add_argument("--no-naive", action="store_true")
    parser.add_argument("--no-dense", action="store_true")
    parser.add_argument("--json", type=pathlib.Path, help="also write all results here")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.worker:  # one batch size, in its own process so peak RSS is its own
        n_d, n_v, cap, dense, naive = json.loads(args.worker)
        print(json.dumps(batch_worker(n_d, n_v, cap, dense, naive)))
        return

    print(f"# python {platform.python_version()}, numpy {np.__version__}, {platform.machine()}, "
          f"{__import__('os').cpu_count()} cpus", flush=True)
    results: dict[str, list] = {"feed": [], "batch": []}
    for n in [int(x) for x in args.feed.split(",") if x]:
        row = bench_feed(n, args.feed_volunteers, args.repeats, not args.no_naive and n <= args.naive_feed_max)
        results["feed"].append(row)
        print("feed", json.dumps(row), flush=True)
    for size in [x for x in args.batch.split(",") if x]:
        n_d, n_v = (int(x) for x in size.split("x"))
        spec = [n_d, n_v, 1, not args.no_dense and n_d * n_v <= args.dense_max_pairs,
                not args.no_naive and n_d * n_v <= args.naive_batch_max_pairs]
        proc = subprocess.run([sys.executable, __file__, "--worker", json.dumps(spec)], capture_output=True, text=True)
        if proc.returncode:
            print(proc.stderr, file=sys.stderr)
            raise SystemExit(proc.returncode)
        row = json.loads(proc.stdout)
        results["batch"].append(row)
        print("batch", json.dumps(row), flush=True)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
