"""A throwaway PostgreSQL server for the store tests.

``initdb`` into a temporary directory, listening on 127.0.0.1 and a free port only (its unix socket
stays in that directory), fsync off; stopped and deleted when the test run ends. Debian keeps the
server binaries in /usr/lib/postgresql/<version>/bin (``scripts/ensure-postgres.sh`` installs them);
``PG_BIN`` may point elsewhere. Running as root, the server runs as the ``postgres`` user (it refuses
to run as root).

Where no server can be started the fixtures skip with the reason; ``DEBITORKA_REQUIRE_PG=1`` turns
that skip into a failure (for CI machines that must run these tests; CI=true does the same).
"""

from __future__ import annotations

import atexit
import glob
import os
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import pytest


class PgUnavailable(Exception):
    pass


class PgServer:
    def __init__(self, bin_dir: Path, root: Path, port: int, runner: list[str]):
        self.bin_dir, self.root, self.port, self.runner = bin_dir, root, port, runner
        self.data = root / "data"

    @property
    def admin_url(self) -> str:
        return f"postgresql://debitorka@127.0.0.1:{self.port}/postgres"

    def create_database(self) -> str:
        """A fresh, empty database; returns its URL."""
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return f"postgresql://debitorka@127.0.0.1:{self.port}/{name}"

    def stop(self) -> None:
        if self.data.exists():
            subprocess.run(self.runner + [str(self.bin_dir / "pg_ctl"), "-D", str(self.data), "-m", "immediate",
                                          "-w", "stop"], capture_output=True, timeout=60, cwd=self.root)
        shutil.rmtree(self.root, ignore_errors=True)


def find_bin_dir() -> Path | None:
    env = os.environ.get("PG_BIN")
    if env:
        return Path(env) if (Path(env) / "initdb").exists() else None

    def version(p: str) -> tuple:
        v = Path(p).parents[1].name
        return tuple(int(x) for x in v.split(".") if x.isdigit())

    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=version)
    if found:
        return Path(found[-1]).parent
    which = shutil.which("initdb")
    return Path(which).parent if which else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start() -> PgServer:
    try:
        import psycopg  # noqa: F401
    except ImportError:
        raise PgUnavailable("the psycopg driver is not installed (pip install 'psycopg[binary]>=3')") from None
    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise PgUnavailable("no PostgreSQL server binaries (initdb) found; install Debian's `postgresql` "
                            "package (scripts/ensure-postgres.sh) or set PG_BIN")
    runner: list[str] = []
    root = Path(tempfile.mkdtemp(prefix="debitorka-pg-", dir="/tmp" if os.path.isdir("/tmp") else None))
    if os.geteuid() == 0:
        import pwd

        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            shutil.rmtree(root, ignore_errors=True)
            raise PgUnavailable("running as root and there is no `postgres` user to run the server as") from None
        if not shutil.which("runuser"):
            shutil.rmtree(root, ignore_errors=True)
            raise PgUnavailable("running as root and `runuser` is missing")
        os.chown(root, user.pw_uid, user.pw_gid)
        runner = ["runuser", "-u", "postgres", "--"]
    os.chmod(root, 0o700)
    server = PgServer(bin_dir, root, _free_port(), runner)

    def run(args: list[str], timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run(runner + args, capture_output=True, text=True, timeout=timeout, cwd=root)

    p = run([str(bin_dir / "initdb"), "-D", str(server.data), "-U", "debitorka", "-A", "trust", "-E", "UTF8",
             "--no-locale", "--no-sync"])
    if p.returncode != 0:
        server.stop()
        raise PgUnavailable(f"initdb failed: {(p.stderr or p.stdout).strip().splitlines()[-1:]}")
    for attempt in range(3):
        opts = (f"-c listen_addresses=127.0.0.1 -c port={server.port} -c unix_socket_directories={root} "
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        p = run([str(bin_dir / "pg_ctl"), "-D", str(server.data), "-l", str(root / "server.log"), "-w", "-t", "60",
                 "-o", opts, "start"])
        if p.returncode == 0:
            break
        if "could not bind" in _log(root) and attempt < 2:  # the free port was taken meanwhile
            server.port = _free_port()
            continue
        log = _log(root)
        server.stop()
        raise PgUnavailable(f"the server did not start: {(log or p.stderr or p.stdout).strip().splitlines()[-3:]}")
    deadline = time.monotonic() + 30
    while True:
        try:
            import psycopg

            with psycopg.connect(server.admin_url, connect_timeout=3):
                break
        except Exception as e:  # noqa: BLE001
            if time.monotonic() > deadline:
                server.stop()
                raise PgUnavailable(f"the server does not accept connections: {e}") from None
            time.sleep(0.2)
    return server


def _log(root: Path) -> str:
    try:
        return (root / "server.log").read_text(errors="replace")
    except OSError:
        return ""


_server: PgServer | None = None
_failure: str | None = None


def server() -> PgServer:
    """The one server of this test run (started on first use, stopped at exit)."""
    global _server, _failure
    if _server is None and _failure is None:
        try:
            _server = start()
            atexit.register(_server.stop)
        except PgUnavailable as e:
            _failure = str(e)
        except (OSError, subprocess.SubprocessError) as e:
            _failure = f"{type(e).__name__}: {e}"
    if _server is None:
        msg = f"PostgreSQL tests need a local server: {_failure}"
        if os.environ.get("DEBITORKA_REQUIRE_PG") or os.environ.get("CI") == "true":
            pytest.fail(msg + " (DEBITORKA_REQUIRE_PG is set)")
        pytest.skip(msg)
    return _server


@pytest.fixture(scope="session")
def pg_server() -> PgServer:
    return server()


@pytest.fixture
def pg_url(pg_server: PgServer) -> str:
    """A fresh database on the test server."""
    return pg_server.create_database()
