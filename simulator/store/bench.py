"""Board queries over a big store: ``python -m simulator.store.bench [N]``.

Fills a temporary SQLite store with N synthetic results (default 100,000: 6 scenarios, 17 rules
each, 400 groups, ~8,000 trainees, so ~1.7 million per-rule rows) by bulk insert, then times the
leaderboard and the per-rule comparison for one group, one scenario and the whole store.
Target: every query under 200 ms.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

TARGET_MS = 200
SCENARIOS = ("stalling", "no-money", "plus-30-days", "key-client", "gatekeeper", "evasive")
RULES = [(f"rule-{i:02d}", ("money", "relationship", "speech")[i % 3]) for i in range(17)]


def _fill(store, n: int, rng: random.Random) -> dict:
    import sqlalchemy as sa

    from .aggregates import rebuild
    from .groups import new_code
    from .schema import results, rule_results, trainee_key

    n_groups = 400
    group_rows = []
    codes = set()
    while len(codes) < n_groups:
        codes.add(new_code())
    for i, code in enumerate(sorted(codes)):
        group_rows.append({"code": code, "title": f"Поток {i + 1}", "scenario": SCENARIOS[i % len(SCENARIOS)],
                           "scenario_digest": "0" * 64, "seed": i, "mode": "practice",
                           "created": "2026-01-01T00:00:00+00:00"})
    # ~8,000 trainees: 20 per group, and 20% practise alone on a random scenario
    trainees = []
    for g in group_rows:
        for k in range(20):
            trainees.append((f"Участник {g['code']}-{k:02d}", g["code"], g["scenario"]))
    for k in range(len(trainees) // 4):
        trainees.append((f"Сам по себе {k:05d}", None, rng.choice(SCENARIOS)))
    skill = {t[0]: rng.gauss(0, 1) for t in trainees}
    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    rule_pass = {r: rng.uniform(0.35, 0.95) for r, _ in RULES}
    transcript = json.dumps([{"speaker": "trainee", "name": "Менеджер", "text": "Добрый день! Звоню по счёту."},
                             {"speaker": "counterpart", "name": "Бухгалтер", "text": "Слушаю вас."}],
                            ensure_ascii=False)
    phases: dict[str, float] = {}
    t = time.perf_counter()
    res, det, rr = [], [], []
    for i in range(n):
        name, code, scenario = trainees[rng.randrange(len(trainees))]
        sid = uuid.UUID(int=rng.getrandbits(128), version=4).hex  # how sa.Uuid stores it in SQLite
        passed = [(r, a, rng.random() < min(0.99, rule_pass[r] + 0.08 * skill[name])) for r, a in RULES]
        score = round(100 * sum(p for _, _, p in passed) / len(passed))
        t0 = start + timedelta(minutes=i)
        res.append((sid, name, trainee_key(name), code, scenario, "0" * 64, 7, "practice",
                    t0.isoformat(timespec="milliseconds"),
                    (t0 + timedelta(minutes=4)).isoformat(timespec="milliseconds"),
                    score, score, score, score, "paid", "success", "Оплата назначена", t0.isoformat()))
        det.append((sid, transcript, json.dumps({"score": score, "rules": [
            {"id": r, "axis": a, "passed": p, "hits": []} for r, a, p in passed]})))
        rr.extend((sid, r, a, p, scenario, code) for r, a, p in passed)
    res.sort(), det.sort(), rr.sort()  # primary-key order: appends to the B-trees, not random page writes
    phases["generate"], t = time.perf_counter() - t, time.perf_counter()
    raw = store.engine.raw_connection()  # bulk load straight through sqlite3, no per-row SQLAlchemy work
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA cache_size = -262144")  # 256 MB for this connection only
        cur.execute("BEGIN IMMEDIATE")
        # secondary indexes are built once at the end (a sort), not row by row
        indexes = list(results.indexes) + list(rule_results.indexes)
        for ix in indexes:
            cur.execute(f"DROP INDEX {ix.name}")
        cur.executemany("INSERT INTO groups (code, title, scenario, scenario_digest, seed, mode, created) "
                        "VALUES (:code, :title, :scenario, :scenario_digest, :seed, :mode, :created)", group_rows)
        cur.executemany("INSERT INTO rules (rule_id, axis, title) VALUES (?, ?, ?)",
                        [(r, a, f"Правило {r[-2:]}") for r, a in RULES])
        cur.executemany("INSERT INTO results (session_id, name, trainee_key, group_code, scenario, scenario_digest, "
                        "seed, mode, started, finished, score, axis_money, axis_relationship, axis_speech, "
                        "ending_id, ending_kind, ending_title, saved) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", res)
        cur.executemany("INSERT INTO result_details (session_id, transcript, report) VALUES (?, ?, ?)", det)
        cur.executemany("INSERT INTO rule_results (session_id, rule_id, axis, passed, scenario, group_code) "
                        "VALUES (?, ?, ?, ?, ?, ?)", rr)
        phases["insert"], t = time.perf_counter() - t, time.perf_counter()
        for ix in indexes:
            cur.execute(str(sa.schema.CreateIndex(ix).compile(dialect=store.engine.dialect)))
        cur.execute("COMMIT")
        cur.close()
    finally:
        raw.close()
    phases["indexes"], t = time.perf_counter() - t, time.perf_counter()
    with store.engine.connect() as conn:
        with conn.begin():
            rebuild(conn)  # the board's aggregates, as the write path would have kept them
        phases["aggregates"], t = time.perf_counter() - t, time.perf_counter()
        with conn.begin():
            conn.exec_driver_sql("ANALYZE")
        phases["analyze"] = time.perf_counter() - t
    return {"group": group_rows[0]["code"], "scenario": group_rows[0]["scenario"], "phases": phases}


def _time(fn, repeat: int = 7) -> tuple[float, float]:
    """Median wall and CPU milliseconds (CPU time shows the cost on a machine busy with other work)."""
    fn()  # warm the page cache and the statement cache
    wall, cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.process_time() - c) * 1000)
    return statistics.median(wall), statistics.median(cpu)


def bench_board(n: int = 100_000, *, out=None, seed: int = 1, keep: str | None = None) -> dict[str, float]:
    """Fill a temporary store with ``n`` results, print and return the query times in ms.

    ``keep``: a path to fill instead of a temporary file (left in place, for EXPLAIN sessions).
    """
    from .store import open_store

    out = out or sys.stdout
    with tempfile.TemporaryDirectory(prefix="debitorka-bench-") as tmp:
        store = open_store(keep or str(Path(tmp) / "bench.db"))
        try:
            t = time.perf_counter()
            scope = _fill(store, n, random.Random(seed))
            fill = time.perf_counter() - t
            count = store.count()
            shown = f"{count:,}".replace(",", " ")
            print(f"store: {shown} results filled in {fill:.1f} s (SQLite {store.where})", file=out)
            print("  fill: " + ", ".join(f"{k} {v:.1f} s" for k, v in scope["phases"].items()), file=out)
            g, sc = scope["group"], scope["scenario"]
            cases = [
                (f"board --group {g}", lambda: store.board(group=g)),
                (f"rule failures --group {g}", lambda: store.rule_failures(group=g)),
                (f"board --scenario {sc}", lambda: store.board(scenario=sc)),
                (f"rule failures --scenario {sc}", lambda: store.rule_failures(scenario=sc)),
                ("board (whole store)", lambda: store.board()),
                ("rule failures (whole store)", lambda: store.rule_failures()),
                (f"phrases that broke a rule --scenario {sc}",
                 lambda: store.failing_phrases(RULES[0][0], scenario=sc)),
                (f"summary --group {g} (all of the board)", lambda: store.summary(group=g)),
            ]
            load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
            print(f"  median of 7 runs; load average {load:.1f} on {os.cpu_count()} CPUs", file=out)
            print(f"  {'query':<52} {'wall':>9} {'cpu':>9}", file=out)
            times = {}
            for label, fn in cases:
                ms, cpu = _time(fn)
                times[label] = ms
                mark = "ok" if ms < TARGET_MS else f"SLOW (target {TARGET_MS} ms)"
                print(f"  {label:<52} {ms:6.1f} ms {cpu:6.1f} ms  {mark}", file=out)
        finally:
            store.close()
    return times


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    n = int(argv[0].replace("_", "")) if argv else 100_000
    times = bench_board(n)
    return 0 if all(ms < TARGET_MS for ms in times.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
