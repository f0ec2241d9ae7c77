"""The store on a real PostgreSQL server that the tests start on loopback (see tests/pg.py).

Skipped, with the reason printed, where no server can be started; ``DEBITORKA_REQUIRE_PG=1`` makes
that a failure instead.
"""

from __future__ import annotations

from pg import pg_server, pg_url  # noqa: F401
from store_fixtures import _isolated_data_dir, base, clone  # noqa: F401
from test_store_concurrency import _check, _hammer

from simulator.store import open_store


def test_30_processes_write_into_one_postgres_database(pg_url, base):
    _hammer(pg_url, base)
    _check(pg_url, base)


def test_postgres_round_trip_and_groups(pg_url, base, tmp_path):
    """The same API on PostgreSQL: groups, board ties, export → import into SQLite and back."""
    with open_store(pg_url) as store:
        assert store.where.startswith("postgresql://debitorka@127.0.0.1:")
        code = store.create_group("Поток 3", "minimal", 7, exam=True)
        assert store.get_group(code.lower()).exam
        for i, (name, score) in enumerate([("Анна", 40), ("Анна", 90), ("Борис", 90), ("Вера", 80)]):
            store.save_record(clone(base["success"], name=name, score=score, group=code, minute=i))
        assert [(e.rank, e.name, e.attempts) for e in store.board(group=code)] == [
            (1, "Анна", 2), (1, "Борис", 1), (3, "Вера", 1)]
        assert store.most_improved(group=code)[0].delta == 50
        text = store.export("json")
    f = tmp_path / "x.json"
    f.write_text(text, encoding="utf-8")
    with open_store(str(tmp_path / "local.db")) as local:
        assert local.import_file(f).added == 4
        here = [e.to_dict() for e in local.board(group=code)]
    with open_store(pg_url) as store:
        assert [e.to_dict() for e in store.board(group=code)] == here
    with open_store(pg_url) as store:
        assert store.import_file(f).added == 0  # idempotent on PostgreSQL too


def test_v1_store_on_postgres_is_migrated(pg_url, base):
    from test_store_migrations import _v1_store

    recs = [clone(base["failure"], name="Анна", minute=0), clone(base["success"], name="анна", minute=5)]
    _v1_store(pg_url, recs)
    with open_store(pg_url) as store:
        assert [store.get_result(r["session_id"]) for r in recs] == recs
        [entry] = store.board()
        assert entry.attempts == 2 and entry.first_score == recs[0]["score"]
        assert all(s.attempts == 2 for s in store.rule_failures())
