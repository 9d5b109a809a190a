"""What the benchmarks read of the machine while they run: the load average and a gunicorn's workers' memory."""
from __future__ import annotations

import subprocess
from pathlib import Path


def loadavg() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg gives them."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def worker_rss_mb(pid: int) -> list[int]:
    """The resident memory (MB) of each child of process ``pid`` (a gunicorn master's workers)."""
    kids = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [round(int(Path(f"/proc/{k}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024) for k in kids]
