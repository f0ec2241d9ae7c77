"""A store left by an older schema is migrated, not lost; a fresh store ends up with the current schema."""

from __future__ import annotations

import json
import sqlite3

import sqlalchemy as sa
from store_fixtures import _isolated_data_dir, base, clone  # noqa: F401

from simulator.store import open_store
from simulator.store.aggregates import rebuild
from simulator.store.schema import SCHEMA_VERSION, _v1_tables, ensure_schema, metadata


def _v1_store(path, records: list[dict], groups: list[dict] = ()) -> None:
    """What debitorka with schema 1 left on disk: no trainee_key, no per-rule rows, no aggregates.

    ``path``: a SQLite file, or a PostgreSQL URL.
    """
    url = str(path)
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1) if url.startswith(
        "postgresql://") else f"sqlite:///{path}")
    ensure_schema(engine, target=1)
    v1 = _v1_tables()
    res, det, grp = v1.tables["results"], v1.tables["result_details"], v1.tables["groups"]
    with engine.begin() as conn:
        for g in groups:
            conn.execute(grp.insert(), g)
        for r in records:
            e, c = r["ending"], r["commitment"]
            conn.execute(res.insert(), {
                "session_id": r["session_id"], "name": r["name"], "group_code": r["group"], "scenario": r["scenario"],
                "scenario_title": r["scenario_title"], "scenario_digest": r["scenario_digest"], "seed": r["seed"],
                "mode": r["mode"], "started": r["started"], "finished": r["finished"], "score": r["score"],
                "axis_money": r["axes"]["money"], "axis_relationship": r["axes"]["relationship"],
                "axis_speech": r["axes"]["speech"], "ending_id": e["id"], "ending_kind": e["kind"],
                "ending_title": e["title"], "commitment_date": c and c["date"], "commitment_amount": c and c["amount"],
                "saved": r["finished"]})
            conn.execute(det.insert(), {"session_id": r["session_id"], "transcript": json.dumps(r["transcript"]),
                                        "report": json.dumps(r["report"]), "outcome": json.dumps(r["outcome"])})
    engine.dispose()


def test_v1_store_is_migrated_and_nothing_is_lost(tmp_path, base):
    path = tmp_path / "old.db"
    group = {"code": "K7M2Q", "title": "Поток 1", "scenario": "minimal", "scenario_digest": None, "seed": 7,
             "mode": "practice", "created": "2026-01-01T00:00:00+00:00"}
    recs = [clone(base["failure"], name="Анна ", group="K7M2Q", minute=0),
            clone(base["success"], name="анна", group="K7M2Q", minute=5),
            clone(base["success"], name="Борис", group="K7M2Q", minute=7),
            clone(base["failure"], name="Вера", minute=9)]
    # one v1 row whose report is damaged: migrated anyway, with no per-rule rows
    broken = clone(base["failure"], name="Гоша", minute=11)
    _v1_store(path, recs + [broken], [group])
    with sqlite3.connect(path) as c:
        c.execute("UPDATE result_details SET report = '{oops' WHERE session_id = ?",
                  (broken["session_id"].replace("-", ""),))
        assert c.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone() == ("1",)
        assert "rule_results" not in {r[0] for r in c.execute("SELECT name FROM sqlite_master")}

    with open_store(str(path)) as store:
        assert store.count() == 5
        for r in recs:
            assert store.get_result(r["session_id"]) == r  # every record intact
        anna = next(e for e in store.board(group="K7M2Q") if e.trainee_key == "анна")
        assert anna.attempts == 2 and anna.first_score == recs[0]["score"] and anna.score == recs[1]["score"]
        stats = {s.rule_id: s for s in store.rule_failures(group="K7M2Q")}
        n_rules = len(base["success"]["report"]["rules"])
        assert len(stats) == n_rules and all(s.attempts == 3 for s in stats.values())
        assert store.get_group("K7M2Q").title == "Поток 1"
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT value FROM meta WHERE key='schema_version'").scalar() == \
                str(SCHEMA_VERSION)
            per_rule = conn.exec_driver_sql("SELECT count(*) FROM rule_results").scalar()
        assert per_rule == 4 * n_rules  # backfilled from the report JSON; the broken one has none
        # new results go in as usual after the migration
        assert store.save_record(clone(base["success"], name="Вера", minute=20))
        assert next(e for e in store.board() if e.name == "Вера").attempts == 2


def test_migrated_and_fresh_schemas_match_the_current_tables(tmp_path, base):
    old = tmp_path / "old.db"
    _v1_store(old, [clone(base["success"], name="Анна")])
    open_store(str(old)).close()
    open_store(str(tmp_path / "fresh.db")).close()
    for path in (old, tmp_path / "fresh.db"):
        insp = sa.inspect(sa.create_engine(f"sqlite:///{path}"))
        assert set(insp.get_table_names()) == set(metadata.tables)
        for name, table in metadata.tables.items():
            assert {c["name"] for c in insp.get_columns(name)} == set(table.columns.keys()), name
            assert {i["name"] for i in insp.get_indexes(name)} == {i.name for i in table.indexes}, name


def test_aggregates_match_a_rebuild(tmp_path, base):
    with open_store(str(tmp_path / "r.db")) as store:
        code = store.create_group("Поток", "minimal", 1)
        for i in range(12):
            store.save_record(clone(base["success" if i % 3 else "failure"], name=f"У{i % 4}", minute=i,
                                    group=code if i % 2 else None, score=40 + (i * 7) % 50))
        def snapshot():
            return ([e.to_dict() for e in store.board()], [s.to_dict() for s in store.rule_failures()],
                    [e.to_dict() for e in store.board(group=code)],
                    [s.to_dict() for s in store.rule_failures(group=code)])

        before = snapshot()
        with store.engine.begin() as conn:
            rebuild(conn)
        assert snapshot() == before
