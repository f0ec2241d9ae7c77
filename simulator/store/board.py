"""Leaderboard queries: best attempt per trainee, per-rule failures, most improved.

Everything is computed per scenario: scores of different debtors are not comparable. A group has
one scenario, so a group's board is one ranking.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from .aggregates import merge
from .groups import Group
from .schema import rule_stats, rules, scenario_stats, standings


@dataclass(slots=True)
class Entry:
    """A trainee's best attempt on one scenario (ties broken by who got there first)."""

    rank: int
    name: str
    trainee_key: str
    scenario: str
    score: int
    axes: dict[str, int]
    attempts: int
    first_score: int
    session_id: str
    finished: str
    ending_kind: str | None
    ending_title: str | None
    group: str | None

    def to_dict(self) -> dict:
        return {"rank": self.rank, "name": self.name, "scenario": self.scenario, "score": self.score,
                "axes": dict(self.axes), "attempts": self.attempts, "first_score": self.first_score,
                "session_id": self.session_id, "finished": self.finished, "group": self.group,
                "ending": None if self.ending_kind is None else {"kind": self.ending_kind, "title": self.ending_title}}


@dataclass(slots=True)
class RuleStat:
    scenario: str
    rule_id: str
    axis: str
    title: str
    attempts: int
    failed: int

    @property
    def rate(self) -> float:
        return self.failed / self.attempts if self.attempts else 0.0

    def to_dict(self) -> dict:
        return {"scenario": self.scenario, "rule": self.rule_id, "axis": self.axis, "title": self.title,
                "attempts": self.attempts, "failed": self.failed, "fail_rate": round(self.rate, 4)}


@dataclass(slots=True)
class Improvement:
    name: str
    scenario: str
    first: int
    best: int
    attempts: int

    @property
    def delta(self) -> int:
        return self.best - self.first

    def to_dict(self) -> dict:
        return {"name": self.name, "scenario": self.scenario, "first": self.first, "best": self.best,
                "delta": self.delta, "attempts": self.attempts}


@dataclass(slots=True)
class Board:
    """Everything the trainer sees about one scenario within the scope."""

    scenario: str
    scenario_title: str | None
    group: Group | None
    entries: list[Entry]
    rules: list[RuleStat]
    improved: list[Improvement]
    attempts: int
    versions: int  # distinct scenario+rulebook digests among the attempts

    def to_dict(self) -> dict:
        return {"scenario": self.scenario, "scenario_title": self.scenario_title,
                "group": self.group.to_dict() if self.group else None,
                "attempts": self.attempts, "trainees": len(self.entries), "versions": self.versions,
                "leaderboard": [e.to_dict() for e in self.entries],
                "rule_failures": [r.to_dict() for r in self.rules],
                "most_improved": [i.to_dict() for i in self.improved]}


def _scope(table, group: str | None, scenario: str | None, group_column: str = "group_code") -> list:
    """WHERE clauses for a group and/or scenario (aggregate tables key groups as `group_key`)."""
    where = []
    if group is not None:
        where.append(table.c[group_column] == group)
    if scenario is not None:
        where.append(table.c.scenario == scenario)
    return where


def competition_ranks(scores: list[int]) -> list[int]:
    """1,1,3 ranking for scores sorted best first."""
    ranks, prev = [], None
    for i, s in enumerate(scores):
        ranks.append(ranks[-1] if s == prev else i + 1)
        prev = s
    return ranks


def _agg_scope(table, group: str | None, scenario: str | None) -> list:
    return _scope(table, group, scenario, "group_key")


_BOARD_COLUMNS = ("scenario", "trainee_key", "group_key", "attempts", "name", "best_score", "best_money",
                  "best_relationship", "best_speech", "best_finished", "best_session", "best_ending_kind",
                  "best_ending_title", "first_score", "first_started", "first_session")


@contextmanager
def _no_gc():
    """Thousands of small objects and no reference cycles: the cyclic GC would only rescan the heap."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def leaderboard(conn: Connection, group: str | None = None, scenario: str | None = None) -> list[Entry]:
    """Ranked best attempts, read from ``standings`` (one row per trainee and group, not per attempt)."""
    with _no_gc():
        return _leaderboard(conn, group, scenario)


def _leaderboard(conn: Connection, group: str | None, scenario: str | None) -> list[Entry]:
    cols = [standings.c[c] for c in _BOARD_COLUMNS]
    rows = conn.execute(sa.select(*cols).where(*_agg_scope(standings, group, scenario))).all()
    per: dict[tuple[str, str], tuple] = {}
    for row in rows:
        k = (row[0], row[1])  # (scenario, trainee_key)
        if k in per:  # a trainee who played in several groups (or alone): merge the rows
            merged = merge(dict(zip(_BOARD_COLUMNS, per[k])), dict(zip(_BOARD_COLUMNS, row)))
            per[k] = tuple(merged[c] for c in _BOARD_COLUMNS)
        else:
            per[k] = row
    by_scenario: dict[str, list[tuple]] = {}
    for st in per.values():
        by_scenario.setdefault(st[0], []).append(st)
    out: list[Entry] = []
    for sc in sorted(by_scenario):
        rs = sorted(by_scenario[sc], key=lambda x: (-x[5], x[1]))
        for rank, (_, key, gk, n, name, score, money, rel, speech, fin, sid, kind, title, first, _, _) in zip(
                competition_ranks([x[5] for x in rs]), rs):
            out.append(Entry(rank, name, key, sc, score, {"money": money, "relationship": rel, "speech": speech},
                             n, first, sid, fin, kind, title, gk or None))
    return out


def rule_failures(conn: Connection, group: str | None = None, scenario: str | None = None) -> list[RuleStat]:
    """Per rule: attempts it was checked in and how many failed it; most failed first."""
    st = rule_stats.c
    q = (sa.select(st.scenario, st.rule_id, sa.func.sum(st.attempts).label("n"), sa.func.sum(st.failed).label("failed"))
         .where(*_agg_scope(rule_stats, group, scenario)).group_by(st.scenario, st.rule_id))
    counts = conn.execute(q).all()
    info = {row.rule_id: row for row in conn.execute(sa.select(rules.c.rule_id, rules.c.axis, rules.c.title))}
    out = []
    for row in counts:
        meta = info.get(row.rule_id)
        title = (meta.title if meta is not None else None) or row.rule_id
        out.append(RuleStat(row.scenario, row.rule_id, meta.axis if meta is not None else "", title,
                            int(row.n or 0), int(row.failed or 0)))
    out.sort(key=lambda s: (s.scenario, -s.rate, -s.failed, s.rule_id))
    return out


def most_improved(entries: list[Entry], limit: int = 5) -> list[Improvement]:
    """Trainees with two or more attempts whose best beats their first, biggest gain first."""
    imp = [Improvement(e.name, e.scenario, e.first_score, e.score, e.attempts)
           for e in entries if e.attempts > 1 and e.score > e.first_score]
    imp.sort(key=lambda i: (-i.delta, -i.best, i.name.casefold()))
    return imp[:limit] if limit else imp


def scenario_facts(conn: Connection, group: str | None, scenario: str | None) -> dict[str, dict]:
    """Per scenario: attempt count, distinct versions (scenario + rulebook digests), a title."""
    facts: dict[str, dict] = {}
    for sc, _, digest, title, n in conn.execute(sa.select(scenario_stats)
                                                .where(*_agg_scope(scenario_stats, group, scenario))):
        f = facts.setdefault(sc, {"attempts": 0, "digests": set(), "title": None})
        f["attempts"] += n
        f["digests"].add(digest)
        f["title"] = f["title"] or title
    return {sc: {"attempts": f["attempts"], "versions": len(f["digests"]), "title": f["title"]}
            for sc, f in facts.items()}
