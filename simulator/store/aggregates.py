"""The board's running aggregates: updated in the same transaction as every insert, rebuilt on demand.

``standings`` holds one row per scenario, group and trainee (attempts, best attempt, first
attempt), ``rule_stats`` one per scenario, group and rule, ``scenario_stats`` one per scenario,
group and scenario version. So the board reads one row per trainee, not one per attempt: 100,000
stored results cost the same as a hundred.

Updates are atomic upserts (``INSERT … ON CONFLICT DO UPDATE``, in both SQLite and PostgreSQL) whose
``SET`` keeps the better of the stored and the new value, so concurrent writers never lose an
attempt; each writer touches rows in one fixed key order, so PostgreSQL writers cannot deadlock.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .schema import results, rule_results, rule_stats, scenario_stats, standings

BEST = ("name", "best_score", "best_money", "best_relationship", "best_speech", "best_finished", "best_session",
        "best_ending_kind", "best_ending_title")
FIRST = ("first_started", "first_session", "first_score")


def insert(conn: Connection, table: sa.Table):
    """The dialect's INSERT that supports ON CONFLICT (the one place the two back ends differ)."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as ins
    else:
        from sqlalchemy.dialects.sqlite import insert as ins
    return ins(table)


def standing(row: dict) -> dict:
    """A result row (``results`` columns) as a one-attempt standing."""
    sid = str(row["session_id"])
    return {"scenario": row["scenario"], "group_key": row["group_code"] or "", "trainee_key": row["trainee_key"],
            "attempts": 1, "name": row["name"], "best_score": row["score"], "best_money": row["axis_money"],
            "best_relationship": row["axis_relationship"], "best_speech": row["axis_speech"],
            "best_finished": row["finished"], "best_session": sid, "best_ending_kind": row["ending_kind"],
            "best_ending_title": row["ending_title"], "first_started": row["started"], "first_session": sid,
            "first_score": row["score"]}


def better(a, b) -> bool:
    """Is ``a``'s best attempt better than ``b``'s? Higher score; equal scores: who got there first."""
    if a["best_score"] != b["best_score"]:
        return a["best_score"] > b["best_score"]
    return (a["best_finished"], a["best_session"]) < (b["best_finished"], b["best_session"])


def earlier(a, b) -> bool:
    return (a["first_started"], a["first_session"]) < (b["first_started"], b["first_session"])


def merge(a: dict, b: dict) -> dict:
    """Two standings of one trainee (two batches, or two groups) as one."""
    out = dict(a)
    out["attempts"] = a["attempts"] + b["attempts"]
    if better(b, a):
        out.update({k: b[k] for k in BEST})
    if earlier(b, a):
        out.update({k: b[k] for k in FIRST})
    return out


def _fold(st: dict[tuple, dict], versions: dict[tuple, dict], row: dict) -> None:
    """One result into the per-trainee standings and the per-scenario-version counts."""
    s = standing(row)
    k = (s["scenario"], s["group_key"], s["trainee_key"])
    st[k] = merge(st[k], s) if k in st else s
    vk = (row["scenario"], row["group_code"] or "", row["scenario_digest"])
    v = versions.setdefault(vk, {"scenario": vk[0], "group_key": vk[1], "digest": vk[2],
                                 "title": row["scenario_title"], "attempts": 0})
    v["attempts"] += 1
    v["title"] = v["title"] or row["scenario_title"]


def add(conn: Connection, result_rows: list[dict], rule_rows: list[dict]) -> None:
    """Fold freshly inserted results (and their rule rows) into the aggregates."""
    st: dict[tuple, dict] = {}
    versions: dict[tuple, dict] = {}
    for row in result_rows:
        _fold(st, versions, row)
    rs: dict[tuple, dict] = {}
    for r in rule_rows:
        k = (r["scenario"], r["group_code"] or "", r["rule_id"])
        t = rs.setdefault(k, {"scenario": k[0], "group_key": k[1], "rule_id": k[2], "attempts": 0, "failed": 0})
        t["attempts"] += 1
        t["failed"] += 0 if r["passed"] else 1
    if rs:
        stmt = insert(conn, rule_stats)
        ex, cur = stmt.excluded, rule_stats.c
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["scenario", "group_key", "rule_id"],
            set_={"attempts": cur.attempts + ex.attempts, "failed": cur.failed + ex.failed}),
            [rs[k] for k in sorted(rs)])
    if st:
        stmt = insert(conn, standings)
        ex, cur = stmt.excluded, standings.c
        new_is_better = sa.or_(
            ex.best_score > cur.best_score,
            sa.and_(ex.best_score == cur.best_score,
                    sa.or_(ex.best_finished < cur.best_finished,
                           sa.and_(ex.best_finished == cur.best_finished, ex.best_session < cur.best_session))))
        new_is_earlier = sa.or_(ex.first_started < cur.first_started,
                                sa.and_(ex.first_started == cur.first_started, ex.first_session < cur.first_session))
        set_ = {"attempts": cur.attempts + ex.attempts}
        set_.update({c: sa.case((new_is_better, ex[c]), else_=cur[c]) for c in BEST})
        set_.update({c: sa.case((new_is_earlier, ex[c]), else_=cur[c]) for c in FIRST})
        conn.execute(stmt.on_conflict_do_update(index_elements=["scenario", "group_key", "trainee_key"], set_=set_),
                     [st[k] for k in sorted(st)])
    if versions:
        stmt = insert(conn, scenario_stats)
        ex, cur = stmt.excluded, scenario_stats.c
        conn.execute(stmt.on_conflict_do_update(
            index_elements=["scenario", "group_key", "digest"],
            set_={"attempts": cur.attempts + ex.attempts, "title": sa.func.coalesce(ex.title, cur.title)}),
            [versions[k] for k in sorted(versions)])


def rebuild(conn: Connection, page: int = 2000) -> None:
    """Recompute every aggregate from ``results`` and ``rule_results`` (migrations, repairs)."""
    for t in (standings, rule_stats, scenario_stats):
        conn.execute(t.delete())
    r = results.c
    cols = [r.session_id, r.name, r.trainee_key, r.group_code, r.scenario, r.scenario_title, r.scenario_digest,
            r.started, r.finished, r.score, r.axis_money, r.axis_relationship, r.axis_speech, r.ending_kind,
            r.ending_title]
    st: dict[tuple, dict] = {}
    versions: dict[tuple, dict] = {}
    last = None
    while True:
        q = sa.select(*cols).order_by(r.session_id).limit(page)
        if last is not None:
            q = q.where(r.session_id > last)
        rows = conn.execute(q).all()
        if not rows:
            break
        last = rows[-1].session_id
        for row in rows:
            _fold(st, versions, dict(row._mapping))
    if st:
        conn.execute(standings.insert(), [st[k] for k in sorted(st)])
    if versions:
        conn.execute(scenario_stats.insert(), [versions[k] for k in sorted(versions)])
    rr = rule_results.c
    gk = sa.func.coalesce(rr.group_code, "")
    conn.execute(rule_stats.insert().from_select(
        ["scenario", "group_key", "rule_id", "attempts", "failed"],
        sa.select(rr.scenario, gk, rr.rule_id, sa.func.count(), sa.func.sum(sa.case((rr.passed, 0), else_=1)))
        .group_by(rr.scenario, gk, rr.rule_id)))
