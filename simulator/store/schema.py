"""The store's tables and the migrations that build them, one schema version at a time.

A fresh store runs every migration from 0, so the upgrade path is exercised on each new database,
not only on old ones. Each migration describes its own tables (frozen in time); :data:`metadata`
is the current shape the queries use, and a test checks the two agree.

History:
  1. ``meta``, ``groups``, ``results`` (one small row per finished call) and ``result_details``
     (its transcript, report and outcome JSON).
  2. ``results.trainee_key`` (a normalised name, so «Анна » and «анна» are one trainee);
     ``rule_results`` (one row per rule per session) and ``rules`` (titles for display), backfilled
     from the stored report JSON; and the board's running aggregates, kept in the same transaction
     as every insert so the board reads one row per trainee however many attempts there are:
     ``standings`` (per scenario, group and trainee: attempts, best and first attempt),
     ``rule_stats`` (per scenario, group and rule: attempts, failures) and ``scenario_stats``
     (per scenario, group and scenario version: attempts). ``group_key`` is "" outside a group.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine

from scoring.errors import InputError

SCHEMA_VERSION = 2
_PG_LOCK = 0x6465_6269  # "debi": serialises migrations of one PostgreSQL database

metadata = sa.MetaData()

meta = sa.Table(
    "meta", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.Text, nullable=False),
)

groups = sa.Table(
    "groups", metadata,
    sa.Column("code", sa.String(16), primary_key=True),
    sa.Column("title", sa.String(200), nullable=False),
    sa.Column("scenario", sa.String(300), nullable=False),
    sa.Column("scenario_digest", sa.String(64)),
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("mode", sa.String(8), nullable=False),
    sa.Column("created", sa.String(32), nullable=False),
)

results = sa.Table(
    "results", metadata,
    sa.Column("session_id", sa.Uuid(as_uuid=False), primary_key=True),
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("group_code", sa.String(16)),
    sa.Column("scenario", sa.String(300), nullable=False),
    sa.Column("scenario_title", sa.String(300)),
    sa.Column("scenario_digest", sa.String(64), nullable=False),
    sa.Column("seed", sa.Integer, nullable=False),
    sa.Column("mode", sa.String(8), nullable=False),
    sa.Column("started", sa.String(32), nullable=False),
    sa.Column("finished", sa.String(32), nullable=False),
    sa.Column("score", sa.Integer, nullable=False),
    sa.Column("axis_money", sa.Integer, nullable=False),
    sa.Column("axis_relationship", sa.Integer, nullable=False),
    sa.Column("axis_speech", sa.Integer, nullable=False),
    sa.Column("ending_id", sa.String(100)),
    sa.Column("ending_kind", sa.String(20)),
    sa.Column("ending_title", sa.String(300)),
    sa.Column("commitment_date", sa.String(10)),
    sa.Column("commitment_amount", sa.Float),
    sa.Column("saved", sa.String(32), nullable=False),
    # v2
    sa.Column("trainee_key", sa.String(200), nullable=False, server_default=""),
)

# The large JSON documents live apart, so board queries scan small rows (a report is ~7 KB).
result_details = sa.Table(
    "result_details", metadata,
    sa.Column("session_id", sa.Uuid(as_uuid=False), sa.ForeignKey("results.session_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("transcript", sa.Text, nullable=False),
    sa.Column("report", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text),
)

rule_results = sa.Table(
    "rule_results", metadata,
    sa.Column("session_id", sa.Uuid(as_uuid=False), sa.ForeignKey("results.session_id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("rule_id", sa.String(100), primary_key=True),
    sa.Column("axis", sa.String(20), nullable=False),
    sa.Column("passed", sa.Boolean, nullable=False),
    # copied from the result, so the per-rule totals can be recounted without a join
    sa.Column("scenario", sa.String(300), nullable=False),
    sa.Column("group_code", sa.String(16)),
    sqlite_with_rowid=False,  # one B-tree keyed by (session, rule) instead of a rowid table plus an index
)

rule_stats = sa.Table(
    "rule_stats", metadata,
    sa.Column("scenario", sa.String(300), primary_key=True),
    sa.Column("group_key", sa.String(16), primary_key=True),
    sa.Column("rule_id", sa.String(100), primary_key=True),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("failed", sa.Integer, nullable=False),
)

standings = sa.Table(
    "standings", metadata,
    sa.Column("scenario", sa.String(300), primary_key=True),
    sa.Column("group_key", sa.String(16), primary_key=True),
    sa.Column("trainee_key", sa.String(200), primary_key=True),
    sa.Column("attempts", sa.Integer, nullable=False),
    # the best attempt: highest score, then who got there first
    sa.Column("name", sa.String(200), nullable=False),
    sa.Column("best_score", sa.Integer, nullable=False),
    sa.Column("best_money", sa.Integer, nullable=False),
    sa.Column("best_relationship", sa.Integer, nullable=False),
    sa.Column("best_speech", sa.Integer, nullable=False),
    sa.Column("best_finished", sa.String(32), nullable=False),
    sa.Column("best_session", sa.String(36), nullable=False),
    sa.Column("best_ending_kind", sa.String(20)),
    sa.Column("best_ending_title", sa.String(300)),
    # the first attempt (for "most improved")
    sa.Column("first_started", sa.String(32), nullable=False),
    sa.Column("first_session", sa.String(36), nullable=False),
    sa.Column("first_score", sa.Integer, nullable=False),
)

scenario_stats = sa.Table(
    "scenario_stats", metadata,
    sa.Column("scenario", sa.String(300), primary_key=True),
    sa.Column("group_key", sa.String(16), primary_key=True),
    sa.Column("digest", sa.String(64), primary_key=True),
    sa.Column("title", sa.String(300)),
    sa.Column("attempts", sa.Integer, nullable=False),
)

rules = sa.Table(
    "rules", metadata,
    sa.Column("rule_id", sa.String(100), primary_key=True),
    sa.Column("axis", sa.String(20), nullable=False),
    sa.Column("title", sa.String(300)),
    sa.Column("message", sa.Text),
)

# export and the evidence for a rule (newest first) filter results by group or scenario; rule_results
# needs no index beyond its key (session, rule): it is only ever reached from a result
sa.Index("ix_results_group", results.c.group_code, results.c.finished)
sa.Index("ix_results_scenario", results.c.scenario, results.c.finished)
# the board of one group
sa.Index("ix_standings_group", standings.c.group_key, standings.c.scenario)


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


def trainee_key(name: str) -> str:
    """One trainee however the name was typed: spaces collapsed, case folded, ё as е."""
    return " ".join(name.split()).casefold().replace("ё", "е")


# -- migrations -------------------------------------------------------------------------------------

def _v1_tables() -> sa.MetaData:
    """The schema as version 1 created it (never edit: old stores look exactly like this)."""
    md = sa.MetaData()
    sa.Table("meta", md, sa.Column("key", sa.String(64), primary_key=True),
             sa.Column("value", sa.Text, nullable=False))
    sa.Table("groups", md,
             sa.Column("code", sa.String(16), primary_key=True),
             sa.Column("title", sa.String(200), nullable=False),
             sa.Column("scenario", sa.String(300), nullable=False),
             sa.Column("scenario_digest", sa.String(64)),
             sa.Column("seed", sa.Integer, nullable=False),
             sa.Column("mode", sa.String(8), nullable=False),
             sa.Column("created", sa.String(32), nullable=False))
    r = sa.Table("results", md,
                 sa.Column("session_id", sa.Uuid(as_uuid=False), primary_key=True),
                 sa.Column("name", sa.String(200), nullable=False),
                 sa.Column("group_code", sa.String(16)),
                 sa.Column("scenario", sa.String(300), nullable=False),
                 sa.Column("scenario_title", sa.String(300)),
                 sa.Column("scenario_digest", sa.String(64), nullable=False),
                 sa.Column("seed", sa.Integer, nullable=False),
                 sa.Column("mode", sa.String(8), nullable=False),
                 sa.Column("started", sa.String(32), nullable=False),
                 sa.Column("finished", sa.String(32), nullable=False),
                 sa.Column("score", sa.Integer, nullable=False),
                 sa.Column("axis_money", sa.Integer, nullable=False),
                 sa.Column("axis_relationship", sa.Integer, nullable=False),
                 sa.Column("axis_speech", sa.Integer, nullable=False),
                 sa.Column("ending_id", sa.String(100)),
                 sa.Column("ending_kind", sa.String(20)),
                 sa.Column("ending_title", sa.String(300)),
                 sa.Column("commitment_date", sa.String(10)),
                 sa.Column("commitment_amount", sa.Float),
                 sa.Column("saved", sa.String(32), nullable=False))
    sa.Table("result_details", md,
             sa.Column("session_id", sa.Uuid(as_uuid=False), sa.ForeignKey("results.session_id", ondelete="CASCADE"),
                       primary_key=True),
             sa.Column("transcript", sa.Text, nullable=False),
             sa.Column("report", sa.Text, nullable=False),
             sa.Column("outcome", sa.Text))
    sa.Index("ix_results_v1_scenario", r.c.scenario, r.c.score)
    sa.Index("ix_results_v1_group", r.c.group_code)
    return md


def _migrate_1(conn: Connection) -> None:
    _v1_tables().create_all(conn)


def _migrate_2(conn: Connection) -> None:
    conn.execute(sa.text("ALTER TABLE results ADD COLUMN trainee_key VARCHAR(200) NOT NULL DEFAULT ''"))
    for name in ("ix_results_v1_scenario", "ix_results_v1_group"):
        conn.execute(sa.text(f"DROP INDEX IF EXISTS {name}"))
    for t in (rule_results, rules, rule_stats, standings, scenario_stats):
        t.create(conn)
    # backfill page by page (keyset), so a large v1 store never has all its reports in memory
    r = results.c
    titles: dict[str, dict] = {}
    last = None
    while True:
        q = (sa.select(r.session_id, r.name, r.scenario, r.group_code, result_details.c.report)
             .join(result_details, result_details.c.session_id == r.session_id, isouter=True)
             .order_by(r.session_id).limit(500))
        if last is not None:
            q = q.where(r.session_id > last)
        page = conn.execute(q).all()
        if not page:
            break
        last = page[-1].session_id
        keys, rule_rows = [], []
        for sid, name, scenario, group, report in page:
            keys.append({"sid": sid, "key": trainee_key(name)})
            for e in report_rules(report):
                rule_rows.append({"session_id": sid, "rule_id": e["id"], "axis": e["axis"], "passed": e["passed"],
                                  "scenario": scenario, "group_code": group})
                titles.setdefault(e["id"], {"rule_id": e["id"], "axis": e["axis"], "title": None,
                                            "message": e["message"]})
        conn.execute(results.update().where(r.session_id == sa.bindparam("sid"))
                     .values(trainee_key=sa.bindparam("key")), keys)
        if rule_rows:
            conn.execute(rule_results.insert(), rule_rows)
    if titles:
        conn.execute(rules.insert(), list(titles.values()))
    from .aggregates import rebuild

    rebuild(conn)
    for ix in results.indexes:
        ix.create(conn)


def report_rules(report: str | dict | None) -> list[dict]:
    """The per-rule verdicts in a report (JSON text or dict; one per rule id; junk skipped, never fatal)."""
    try:
        entries = (json.loads(report) if isinstance(report, str) else report or {}).get("rules") or []
    except (ValueError, AttributeError):
        return []
    out, seen = [], set()
    for e in entries:
        if not isinstance(e, dict):
            continue
        rid = str(e.get("id") or "")[:100]
        if rid and rid not in seen:
            seen.add(rid)
            out.append({"id": rid, "axis": str(e.get("axis") or "")[:20], "passed": bool(e.get("passed")),
                        "message": e.get("message") if isinstance(e.get("message"), str) else None})
    return out


MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _migrate_1, 2: _migrate_2}


def read_version(conn: Connection) -> int:
    if not sa.inspect(conn).has_table("meta"):
        return 0
    v = conn.execute(sa.select(meta.c.value).where(meta.c.key == "schema_version")).scalar()
    return int(v) if v is not None else 0


def ensure_schema(engine: Engine, *, target: int = SCHEMA_VERSION) -> int:
    """Bring the store up to ``target``; safe when many processes open a new store at once."""
    with engine.connect() as conn:
        version = read_version(conn)
        conn.rollback()
    if version == target:
        return version
    if version > target:
        raise InputError(f"база результатов создана более новой версией debitorka (схема {version}, "
                         f"эта версия знает до {target}); обновите программу")
    with engine.connect().execution_options(write=True) as conn, conn.begin():
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK})
        version = read_version(conn)  # again, under the lock: another process may have done it
        if version > target:
            raise InputError(f"база результатов создана более новой версией debitorka (схема {version})")
        start = version
        for v in range(version + 1, target + 1):
            MIGRATIONS[v](conn)
        if start == 0:
            conn.execute(meta.insert(), [{"key": "schema_version", "value": str(target)},
                                         {"key": "created", "value": now_iso()}])
        elif start < target:
            conn.execute(meta.update().where(meta.c.key == "schema_version").values(value=str(target)))
        return target
