"""Many writers at once: 30 processes × 20 results into one SQLite store (PostgreSQL: test_store_pg.py).

The processes also open the store at the same moment while it does not exist yet, so creating and
migrating the schema races too. Afterwards: every row present, every record intact, the aggregates
equal a rebuild from scratch, and (SQLite) the file passes ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import multiprocessing as mp
import sys
import uuid

from store_fixtures import _isolated_data_dir, base, base_records, clone  # noqa: F401

from simulator.store import open_store
from simulator.store.aggregates import rebuild

WRITERS = 30
EACH = 20
NS = uuid.UUID("6c1f5e2a-0d4b-4c55-9a57-2d4f3b8e0a11")


def _sid(worker: int, j: int) -> str:
    return str(uuid.uuid5(NS, f"{worker}/{j}"))


def _record(base: dict, worker: int, j: int) -> dict:
    rec = base["success" if (worker + j) % 3 else "failure"]
    return clone(rec, name=f"Участник {worker:02d}", score=(worker * 7 + j * 13) % 101, minute=j,
                 group="CLASS" if worker % 2 else None, session_id=_sid(worker, j))


def _writer(url: str, worker: int, barrier, base: dict) -> None:
    barrier.wait(timeout=120)  # everybody opens (and maybe creates) the store at the same moment
    store = open_store(url)
    try:
        for j in range(EACH):
            assert store.save_record(_record(base, worker, j))
    finally:
        store.close()


def _hammer(url: str, base: dict) -> None:
    ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    barrier = ctx.Barrier(WRITERS)
    procs = [ctx.Process(target=_writer, args=(url, w, barrier, base)) for w in range(WRITERS)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=300)
    codes = [p.exitcode for p in procs]
    assert codes == [0] * WRITERS, codes


def _check(url: str, base: dict) -> None:
    with open_store(url) as store:
        assert store.count() == WRITERS * EACH
        stored = {r["session_id"]: r for r in store.iter_results()}
        assert len(stored) == WRITERS * EACH
        for w in range(WRITERS):
            for j in range(EACH):
                assert stored[_sid(w, j)] == _record(base, w, j)  # not one record corrupted
        n_rules = len(base["success"]["report"]["rules"])
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM rule_results").scalar() == WRITERS * EACH * n_rules
        board = [e.to_dict() for e in store.board()]
        rules = [s.to_dict() for s in store.rule_failures()]
        assert len(board) == WRITERS and all(e["attempts"] == EACH for e in board)
        assert sum(s["attempts"] for s in rules) == WRITERS * EACH * n_rules
        with store.engine.begin() as conn:
            rebuild(conn)  # the running aggregates equal a recount from scratch
        assert [e.to_dict() for e in store.board()] == board
        assert [s.to_dict() for s in store.rule_failures()] == rules


def test_30_processes_write_into_one_sqlite_store(tmp_path, base):
    url = str(tmp_path / "shared" / "results.db")
    _hammer(url, base)
    _check(url, base)
    import sqlite3

    with sqlite3.connect(url) as c:
        assert c.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert c.execute("PRAGMA foreign_key_check").fetchall() == []
