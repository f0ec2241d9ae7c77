"""Where the results live: resolving ``--db`` / ``DEBITORKA_DB`` to an engine, SQLite pragmas, readable errors.

One code path for both back ends; the few dialect differences (how a write transaction takes its
lock, how a migration is serialised) are confined to this module and :mod:`.schema`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from scoring.errors import InputError

ENV_DB = "DEBITORKA_DB"
ENV_DATA_DIR = "DEBITORKA_DATA_DIR"
DB_FILE = "results.db"
#: Seconds a writer waits for another writer's lock (SQLite) or for a server to answer (PostgreSQL).
BUSY_TIMEOUT = 30
CONNECT_TIMEOUT = 5


class StoreUnavailable(InputError):
    """The configured database cannot be reached; the message is one Russian line for the user."""


def data_dir() -> Path:
    """The app's data directory: env ``DEBITORKA_DATA_DIR``, else the platform's user data dir."""
    base = os.environ.get(ENV_DATA_DIR)
    if base:
        return Path(base)
    from platformdirs import user_data_dir

    return Path(user_data_dir("debitorka", appauthor=False))


def default_path() -> Path:
    return data_dir() / DB_FILE


def resolve_url(url: str | None = None) -> URL:
    """``--db`` value (or env, or the default file) → a SQLAlchemy URL with the psycopg 3 driver."""
    raw = (url if url is not None else os.environ.get(ENV_DB, "")).strip()
    if not raw:
        return _sqlite_url(default_path())
    if re.match(r"^(postgres|postgresql)(\+\w+)?://", raw):
        u = _parse(raw)
        if u.drivername != "postgresql+psycopg":
            u = u.set(drivername="postgresql+psycopg")
        return u
    if raw.startswith("sqlite:"):
        u = _parse(raw)
        if u.database and u.database != ":memory:":
            Path(u.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        return u
    if re.match(r"^[a-zA-Z][\w+.-]*://", raw):
        scheme = raw.split("://", 1)[0]
        raise InputError(f"--db: база «{scheme}» не поддерживается; укажите путь к файлу SQLite или "
                         "адрес postgresql://пользователь@сервер/база")
    return _sqlite_url(Path(raw).expanduser())


def _parse(raw: str) -> URL:
    try:
        return make_url(raw)
    except Exception as e:  # noqa: BLE001 - sqlalchemy raises ArgumentError / ValueError
        raise InputError(f"--db: не понимаю адрес базы «{raw}»: {e}") from None


def _sqlite_url(path: Path) -> URL:
    path = path.resolve()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreUnavailable(f"не удалось создать каталог для базы результатов {path.parent}: "
                               f"{e.strerror or e}") from None
    return URL.create("sqlite+pysqlite", database=str(path))


def display_url(url: URL) -> str:
    """The URL for messages: never the password; a SQLite store as its file path."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True).replace("postgresql+psycopg://", "postgresql://")


def make_engine(url: URL) -> Engine:
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url)
    if url.get_backend_name() == "postgresql":
        try:
            import psycopg  # noqa: F401
        except ImportError:
            raise InputError("для работы с PostgreSQL нужен драйвер psycopg 3: "
                             "pip install 'debitorka[postgres]'") from None
        args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
        return sa.create_engine(url, connect_args=args, pool_pre_ping=True, pool_size=2, max_overflow=2)
    raise InputError(f"--db: база «{url.get_backend_name()}» не поддерживается")


def _sqlite_engine(url: URL) -> Engine:
    engine = sa.create_engine(url, connect_args={"timeout": BUSY_TIMEOUT})

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # We issue BEGIN ourselves (below), so a write transaction can take its lock up front.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT * 1000}")
        if url.database and url.database != ":memory:":
            _retry_locked(lambda: cur.execute("PRAGMA journal_mode = WAL"))
            cur.execute("PRAGMA synchronous = NORMAL")
        cur.execute("PRAGMA foreign_keys = ON")
        cur.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(conn):
        # BEGIN IMMEDIATE for writes: a deferred transaction that reads and then writes can fail with
        # SQLITE_BUSY at once in WAL mode (busy_timeout does not apply to a stale snapshot).
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

    return engine


def _retry_locked(step) -> None:
    """Run ``step``, retrying while SQLite says the database is locked, up to BUSY_TIMEOUT.

    Switching a new file to WAL needs a lock of its own, and SQLite may refuse it at once rather
    than wait (its busy handler does not cover every case) when many processes create one store."""
    import sqlite3
    import time

    deadline = time.monotonic() + BUSY_TIMEOUT
    delay = 0.005
    while True:
        try:
            step()
            return
        except sqlite3.OperationalError as e:
            if "locked" not in str(e) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.2)


def describe_error(exc: BaseException) -> str:
    """The first line of a driver error, without SQLAlchemy's background-link noise."""
    orig = getattr(exc, "orig", None) or exc
    text = str(orig).strip().splitlines()
    line = text[0] if text else type(orig).__name__
    line = re.sub(r"\s*\(Background on this error at:.*\)$", "", line)
    return line[:300]


def unavailable(url: URL, exc: BaseException) -> StoreUnavailable:
    what = "PostgreSQL" if url.get_backend_name() == "postgresql" else "базе результатов"
    if url.get_backend_name() == "postgresql":
        return StoreUnavailable(f"не удалось подключиться к {what} {display_url(url)}: {describe_error(exc)}")
    return StoreUnavailable(f"не удалось открыть базу результатов {display_url(url)}: {describe_error(exc)}")
