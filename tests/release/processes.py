"""The processes of an installation, as the wheel test starts them and as the Dockerfile and compose.yaml must.

``ENTRY_COMMANDS``: the command of each kind of process; the container test checks that the image and the compose
file run exactly these (with only the options the wheel test adds: where the server listens).
"""
from __future__ import annotations

import contextlib
import socket
import subprocess
import time
from pathlib import Path

import requests

from tests.support import pause, wait_for_exit

ENTRY_COMMANDS = {
    "migrate": ["doemee", "migrate"],
    "web": ["doemee", "serve"],
    "worker": ["doemee", "worker"],
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(condition, *, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        pause(0.2)
    raise AssertionError(f"waited {seconds} s for {what}")


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


@contextlib.contextmanager
def running(bin_dir: Path, env: dict, cwd: Path):
    """``doemee serve`` on 127.0.0.1 and one ``doemee worker``; yields the server's base URL, stops both."""
    port = free_port()
    web_command, worker_command = ENTRY_COMMANDS["web"], ENTRY_COMMANDS["worker"]
    logs = {name: open(cwd / f"{name}.log", "w+", encoding="utf-8") for name in ("web", "worker")}
    web = subprocess.Popen([str(bin_dir / web_command[0]), *web_command[1:], "--bind", f"127.0.0.1:{port}"],
                           env=env, cwd=cwd, stdout=logs["web"], stderr=subprocess.STDOUT)
    worker = subprocess.Popen([str(bin_dir / worker_command[0]), *worker_command[1:]], env=env, cwd=cwd,
                              stdout=logs["worker"], stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: _answers(f"{base}/api/v1/health") or web.poll() is not None, seconds=120,
                   what="the web server")
        assert web.poll() is None, _tail(logs["web"])
        yield base
        assert worker.poll() is None, _tail(logs["worker"])
    finally:
        for proc in (web, worker):
            proc.terminate()
        for proc in (web, worker):
            with contextlib.suppress(subprocess.TimeoutExpired):
                wait_for_exit(proc, timeout=20)
            if proc.poll() is None:
                proc.kill()
        for log in logs.values():
            log.close()


def _tail(log) -> str:
    log.seek(0)
    return log.read()[-3000:]
