"""Benchmark: listing (against the bare one-query ceiling), sign-up and campaign claim, old code vs new, alternated.

Not a test. On an already seeded database (``flask seed-demo``: the full Maassluis demo; migrate it with the newest
tree first), in one run:

1. For each tree (``--tree label=path``: a worktree of a commit, with or without its own .venv), with that tree's
   code (bench/api/alternate_prepare.py): access tokens for its own slices of demo volunteers (one slice per round;
   no volunteer in two slices), a file of new sign-ups (shift, volunteer not on it yet) and a file of claims (one
   per volunteer: every claim is a first claim; the campaign's gifts get a stock no run exhausts) per round, and the
   SQL statements of one request of each kind.
2. gunicorn, 2 sync workers, for every tree and for the ceiling app (bench/api/ceiling_app.py), all on 127.0.0.1,
   ``DOEMEE_ENV=production``, all started before the first measurement (idle workers cost no CPU).
3. ``--rounds`` rounds; in each, every scenario runs on every server in turn (the order reversed every other round),
   ``wrk -t2 -c8 -d<seconds>s --latency``: GET /api/v1/shifts?limit=20 and ?limit=100 as a logged-in volunteer
   (the ceiling: its /shifts without login), POST /api/v1/shifts/{id}/signups (bench/api/signups.lua), POST
   /api/v1/campaigns/{id}/claims (bench/campaign/claims.lua). Load average before and after each measurement.
   The workers' CPU time (user + system, /proc) before and after each measurement gives the worker CPU per
   request: steadier than req/s on a shared machine (PostgreSQL's and wrk's CPU are not in it).
4. Workers' RSS, then every server stops. Medians per scenario and server to stdout and ``--out``/results.json.

    .venv/bin/python bench/api/bench_alternate.py --db doemee_h14b_bench --tree old=/tmp/h14b-old \\
        --tree new=/work/wt/h14b-new --rounds 3 --seconds 10
"""
from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from bench.processes import loadavg, worker_rss_mb  # noqa: E402
SECRET = "bench-alternate-secret-key-that-is-long-enough-for-hs256-0123456789"
WRK = ["wrk", "-t2", "-c8", "--latency", "--timeout", "10s"]
SCENARIOS = ("list20", "list100", "signup", "claim")


def env(db: str, tree: Path) -> dict:
    return {**os.environ, "FLASK_APP": "doemee.wsgi", "DOEMEE_ENV": "production", "DOEMEE_SECRET_KEY": SECRET,
            "DOEMEE_DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{db}", "DOEMEE_ACCESS_TOKEN_MINUTES": "240",
            "DOEMEE_RUN_SCHEDULER": "false", "PYTHONPATH": str(tree)}


def venv_bin(tree: Path, name: str) -> str:
    own = tree / ".venv/bin" / name
    return str(own if own.exists() else ROOT / ".venv/bin" / name)



class Server:
    def __init__(self, label: str, port: int, args: list[str], cwd: Path, environ: dict) -> None:
        self.label, self.port = label, port
        self.proc = subprocess.Popen(args + ["-w", "2", "-k", "sync", "-b", f"127.0.0.1:{port}", "--log-level",
                                             "warning", "--timeout", "60"], cwd=cwd, env=environ)

    def wait(self, path: str) -> None:
        for _ in range(240):
            if self.proc.poll() is not None:
                raise SystemExit(f"{self.label}: gunicorn stopped")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5).read()
                return
            except OSError:
                time.sleep(0.5)
        raise SystemExit(f"{self.label}: did not come up")

    def rss_mb(self) -> list[int]:
        return worker_rss_mb(self.proc.pid)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the workers so far (the master only waits)."""
        kids = subprocess.run(["pgrep", "-P", str(self.proc.pid)], capture_output=True, text=True).stdout.split()
        ticks = 0
        for k in kids:
            fields = Path(f"/proc/{k}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def wrk(seconds: int, args: list[str], extra_env: dict | None = None) -> dict:
    before = loadavg()
    out = subprocess.run(WRK + [f"-d{seconds}s", *args], env={**os.environ, **(extra_env or {})}, text=True,
                         capture_output=True, check=True).stdout
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", out, re.M))
    statuses: dict[str, int] = {}
    for status, n in re.findall(r"status (\d+) x (\d+)", out):
        statuses[status] = statuses.get(status, 0) + int(n)
    return {"req_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
            "requests": int(re.search(r"(\d+) requests in", out).group(1)),
            "p50": latency.get("50"), "p99": latency.get("99"), "statuses": statuses,
            "non_2xx": int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0,
            "load_before": before, "load_after": loadavg()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--tree", action="append", required=True,
                        help="label=path or label=path@database (in the order to alternate; default database --db): "
                             "the same tree on two databases compares 1x with 10x")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--per-slice", type=int, default=2000, help="volunteers per (tree, round): claims")
    parser.add_argument("--pairs", type=int, default=4000, help="sign-ups prepared per (tree, round)")
    parser.add_argument("--first", type=int, default=0, help="skip this many demo volunteers (used by a run before)")
    parser.add_argument("--reset-claims", action="store_true",
                        help="delete every gift claim first and again before each claim measurement (bench database "
                             "only), so that volunteers who claimed before claim again as first claims")
    parser.add_argument("--same-volunteers", action="store_true",
                        help="every (tree, round) takes its tokens from the same --per-slice volunteers (with "
                             "--reset-claims: the demo has too few volunteers for disjoint slices of a fast tree's "
                             "claims); each tree still mints its own tokens")
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--no-ceiling", action="store_true")
    parser.add_argument("--out", default="/tmp/bench-alternate")
    options = parser.parse_args()
    out = Path(options.out)
    out.mkdir(parents=True, exist_ok=True)
    scenarios = options.scenarios.split(",")
    specs = {label: spec.partition("@") for label, spec in (t.split("=", 1) for t in options.tree)}
    trees = {label: Path(path).resolve() for label, (path, _, _) in specs.items()}
    dbs = {label: db or options.db for label, (_, _, db) in specs.items()}
    report = {"command": " ".join(sys.argv), "load_at_start": loadavg(), "prepared": {}, "runs": []}
    print("load average at start:", report["load_at_start"], flush=True)

    if options.reset_claims:
        for db in set(dbs.values()):
            _delete_claims(db)
    per = options.per_slice
    for t, (label, tree) in enumerate(trees.items()):
        first = options.first
        if options.same_volunteers:
            slices = ",".join(f"{first}:{first + per}" for _ in range(options.rounds))
            spare = first + per + 4 * t
        else:
            slices = ",".join(f"{first + (t * options.rounds + r) * per}:{first + (t * options.rounds + r + 1) * per}"
                              for r in range(options.rounds))
            spare = first + len(trees) * options.rounds * per + 4 * t
        subprocess.run([venv_bin(tree, "python"), str(ROOT / "bench/api/alternate_prepare.py"), str(out),
                        "--label", label, "--slices", slices, "--pairs", str(options.pairs), "--spare", str(spare)],
                       cwd=tree, env=env(dbs[label], tree), check=True)
        report["prepared"][label] = json.loads((out / f"{label}.json").read_text())
        commit = subprocess.run(["git", "-C", str(tree), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True).stdout.strip()
        report["prepared"][label]["commit"] = commit
        report["prepared"][label]["database"] = dbs[label]
        print(label, commit, "statements:", json.dumps(report["prepared"][label]["statements"]), flush=True)

    servers = {}
    try:
        for i, (label, tree) in enumerate(trees.items()):
            servers[label] = Server(label, 8092 + i, [venv_bin(tree, "gunicorn"), "doemee.wsgi:app"], tree,
                                    env(dbs[label], tree))
        if not options.no_ceiling:
            servers["ceiling"] = Server("ceiling", 8091, [venv_bin(ROOT, "gunicorn"), "--chdir",
                                                          str(ROOT / "bench/api"), "ceiling_app:app"], ROOT,
                                        env(options.db, ROOT))
        for label, server in servers.items():
            server.wait("/shifts?limit=1" if label == "ceiling" else "/api/v1/health")
        for r in range(options.rounds):
            order = list(servers) if r % 2 == 0 else list(reversed(servers))
            for scenario in scenarios:
                for label in order:
                    if label == "ceiling" and scenario not in ("list20", "list100"):
                        continue
                    base = f"http://127.0.0.1:{servers[label].port}"
                    if scenario == "claim" and options.reset_claims:
                        _delete_claims(dbs[label])
                    cpu = servers[label].cpu_seconds()
                    result = measure(scenario, label, base, report["prepared"].get(label), r, options.seconds)
                    result["worker_cpu_ms_per_request"] = round(
                        (servers[label].cpu_seconds() - cpu) * 1000 / max(result["requests"], 1), 2)
                    if servers[label].proc.poll() is not None:
                        raise SystemExit(f"{label}: gunicorn stopped during the run")
                    result.update(round=r, scenario=scenario, server=label)
                    report["runs"].append(result)
                    print(f"round {r} {scenario:8} {label:8} {result['req_per_s']:8.1f} req/s  p50 {result['p50']}"
                          f"  p99 {result['p99']}  {result['statuses'] or ''} non-2xx {result['non_2xx']}"
                          f"  worker CPU {result['worker_cpu_ms_per_request']} ms/request"
                          f"  load {result['load_before']} -> {result['load_after']}", flush=True)
        report["rss_mb"] = {label: s.rss_mb() for label, s in servers.items()}
    finally:
        for server in servers.values():
            server.stop()
    report["load_at_end"] = loadavg()
    report["medians"] = summarise(report["runs"])
    (out / "results.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({"medians": report["medians"], "rss_mb": report.get("rss_mb"),
                      "load": [report["load_at_start"], report["load_at_end"]]}, indent=1))


def _delete_claims(db: str) -> None:
    subprocess.run(["psql", "-q", "-h", "127.0.0.1", "-U", "postgres", db, "-c", "DELETE FROM gift_claims"],
                   check=True)


def measure(scenario: str, label: str, base: str, prepared: dict | None, r: int, seconds: int) -> dict:
    if label == "ceiling":
        return wrk(seconds, [f"{base}/shifts?limit={20 if scenario == 'list20' else 100}"])
    m = prepared["measurements"][r]
    if scenario in ("list20", "list100"):
        return wrk(seconds, ["-H", f"Authorization: Bearer {m['listing_token']}",
                             f"{base}/api/v1/shifts?limit={20 if scenario == 'list20' else 100}"])
    if scenario == "signup":
        return wrk(seconds, ["-s", str(ROOT / "bench/api/signups.lua"), base],
                   {"SIGNUPS_FILE": m["signups"], "WRK_THREADS": "2"})
    return wrk(seconds, ["-s", str(ROOT / "bench/campaign/claims.lua"), base],
               {"CLAIMS_FILE": m["claims"], "WRK_THREADS": "2"})


def summarise(runs: list[dict]) -> dict:
    out: dict = {}
    for run in runs:
        entry = out.setdefault(run["scenario"], {}).setdefault(run["server"], {"rps": [], "cpu": []})
        entry["rps"].append(run["req_per_s"])
        entry["cpu"].append(run["worker_cpu_ms_per_request"])
    return {scenario: {server: {"median_req_per_s": statistics.median(v["rps"]), "all": v["rps"],
                                "median_worker_cpu_ms_per_request": statistics.median(v["cpu"])}
                       for server, v in by.items()}
            for scenario, by in out.items()}


if __name__ == "__main__":
    main()
