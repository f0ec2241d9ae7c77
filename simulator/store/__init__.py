"""Results store: every finished call, groups, the leaderboard, export/import, the trainer's report.

SQLite in the user data directory by default; ``--db`` / ``DEBITORKA_DB`` may name another SQLite
file or a PostgreSQL server (psycopg 3, extra ``postgres``). SQLAlchemy Core, one code path for both.

Importing this package is cheap: the names below load their modules (and SQLAlchemy) on first use.
"""

from __future__ import annotations

from importlib import import_module

_EXPORTS = {
    "open_store": "store", "Store": "store", "ImportStats": "store", "Saved": "store",
    "keep_result": "store", "keep_record": "store",
    "StoreUnavailable": "db", "data_dir": "db", "default_path": "db",
    "Group": "groups", "resolve_group": "groups",
    "Board": "board", "Entry": "board", "RuleStat": "board", "Improvement": "board",
    "from_session": "records", "validate": "records",
    "SCHEMA_VERSION": "schema",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(f"module 'simulator.store' has no attribute {name!r}")
    value = getattr(import_module(f".{mod}", __name__), name)
    globals()[name] = value
    return value
