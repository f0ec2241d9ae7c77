"""The results store: save finished calls, create groups, answer the board's questions.

    store = open_store()                       # DEBITORKA_DB, else <data dir>/results.db
    sid = store.save_result(session, name="Анна", group="K7M2Q", mode="exam")
    code = store.create_group("Поток 3", "plus-30-days", 7, exam=False)
    store.board(group=code)                    # best attempt per trainee, ranked 1,1,3
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from scoring.errors import InputError

from . import aggregates
from . import board as _board
from .aggregates import insert
from .db import default_path, describe_error, display_url, make_engine, resolve_url, unavailable
from .groups import Group, code_candidates, new_code, unknown_group
from .records import from_session, num, validate
from .schema import (
    ensure_schema,
    groups,
    now_iso,
    report_rules,
    result_details,
    results,
    rule_results,
    rules,
    trainee_key,
)


def _guard(method):
    """A database that goes away mid-operation is a StoreUnavailable (one line), not a traceback."""

    @functools.wraps(method)
    def wrapper(self, *args, **kw):
        try:
            return method(self, *args, **kw)
        except (sa.exc.OperationalError, sa.exc.InterfaceError) as e:
            raise unavailable(self.url, e) from None

    return wrapper


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (creating and migrating as needed) the store at ``url``, ``DEBITORKA_DB`` or the default file."""
    u = resolve_url(url)
    engine = make_engine(u)
    try:
        if migrate:
            ensure_schema(engine)
        else:
            with engine.connect():
                pass
    except (sa.exc.OperationalError, sa.exc.InterfaceError) as e:
        engine.dispose()
        raise unavailable(u, e) from None
    except sa.exc.DatabaseError as e:  # e.g. SQLite: "file is not a database"
        engine.dispose()
        raise InputError(f"{display_url(u)}: это не база результатов debitorka ({describe_error(e)})") from None
    except BaseException:
        engine.dispose()
        raise
    return Store(engine, u)


@dataclass(frozen=True, slots=True)
class ImportStats:
    added: int
    skipped: int
    groups_added: int


class Store:
    def __init__(self, engine: Engine, url: URL):
        self.engine = engine
        self.url = url

    # -- plumbing ---------------------------------------------------------------------------------
    @property
    def where(self) -> str:
        """Where the results go, for messages (a file path or a password-less URL)."""
        return display_url(self.url)

    @property
    def is_local(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self):
        """A write transaction (SQLite takes its lock at BEGIN, so writers queue instead of failing)."""
        return _WriteTxn(self.engine)

    # -- results ----------------------------------------------------------------------------------
    def save_result(self, session, *, name: str = "", group: str | None = None, mode: str | None = None,
                    started=None, finished=None, opening=None, session_id: str | None = None, record=None) -> str:
        """Store a finished call; returns its session id. Saving the same id again changes nothing.

        ``group`` is a code as typed (stored in its canonical spelling); ``mode`` defaults to the group's.
        """
        if group is not None:
            g = self.get_group(group)
            if g is not None:
                group, mode = g.code, mode or g.mode
            else:
                group = (code_candidates(group) or [group])[0]
        rec = from_session(session, name=name, group=group, mode=mode, started=started, finished=finished,
                           opening=opening, session_id=session_id, record=record)
        info = [{"rule_id": r.id, "axis": r.axis, "title": r.title, "message": r.message}
                for r in session.scenario.rulebook.rules]
        self.save_records([rec], rule_info=info, validated=True)
        return rec["session_id"]

    def save_record(self, record: dict) -> bool:
        """Store one record dict (the export format); False if that session id was already stored."""
        return self.save_records([record]).added == 1

    @_guard
    def save_records(self, records: Iterable[dict], *, rule_info: list[dict] | None = None,
                     validated: bool = False, batch: int = 500) -> ImportStats:
        added = skipped = 0
        recs = list(records) if validated else [validate(r, f"results[{i}]") for i, r in enumerate(records)]
        with self._write() as conn:
            # one key order for every writer (PostgreSQL then never deadlocks on overlapping imports)
            ordered = sorted(_unique(recs), key=lambda rec: rec["session_id"])
            skipped += len(recs) - len(ordered)
            for i in range(0, len(ordered), batch):
                chunk = [_result_row(rec) for rec in ordered[i:i + batch]]
                stmt = (insert(conn, results).on_conflict_do_nothing(index_elements=["session_id"])
                        .returning(results.c.session_id))
                new = {str(x) for x in conn.execute(stmt, chunk).scalars()}
                added += len(new)
                skipped += len(chunk) - len(new)
                fresh = [rec for rec in ordered[i:i + batch] if rec["session_id"] in new]
                if not fresh:
                    continue
                conn.execute(result_details.insert(), [_details_row(rec) for rec in fresh])
                rr = [row for rec in fresh for row in _rule_rows(rec)]
                if rr:
                    conn.execute(rule_results.insert(), rr)
                aggregates.add(conn, [row for row in chunk if row["session_id"] in new], rr)
            given = {str(r["rule_id"]): r for r in rule_info or []}
            seen: dict[str, dict] = {}
            for rec in recs:
                for e in rec["report"].get("rules") or []:
                    rid = str(e.get("id") or "") if isinstance(e, dict) else ""
                    if rid and rid not in given and rid not in seen:
                        seen[rid] = {"rule_id": rid, "axis": str(e.get("axis") or ""), "title": None,
                                     "message": e.get("message")}
            self._upsert_rules(conn, list(given.values()), overwrite=True)
            self._upsert_rules(conn, list(seen.values()), overwrite=False)
        return ImportStats(added, skipped, 0)

    def _upsert_rules(self, conn: Connection, info: list[dict], *, overwrite: bool) -> None:
        """Rule titles for display. Only what is new or changed is written: every save carries the
        whole rulebook, and rewriting the same rows would make concurrent writers queue on them."""
        if not info:
            return
        info = [{"rule_id": str(r["rule_id"])[:100], "axis": str(r.get("axis") or "")[:20],
                 "title": r.get("title"), "message": r.get("message")} for r in info]
        have = {row.rule_id: row for row in conn.execute(sa.select(rules).where(
            rules.c.rule_id.in_([r["rule_id"] for r in info])))}
        if overwrite:
            info = [r for r in info if r["rule_id"] not in have or
                    (have[r["rule_id"]].axis, have[r["rule_id"]].title, have[r["rule_id"]].message)
                    != (r["axis"], r["title"], r["message"])]
        else:
            info = [r for r in info if r["rule_id"] not in have]
        if not info:
            return
        stmt = insert(conn, rules)
        if overwrite:
            stmt = stmt.on_conflict_do_update(index_elements=["rule_id"], set_={
                "axis": stmt.excluded.axis, "title": stmt.excluded.title, "message": stmt.excluded.message})
        else:
            stmt = stmt.on_conflict_do_nothing(index_elements=["rule_id"])
        conn.execute(stmt, sorted(info, key=lambda r: r["rule_id"]))  # one lock order for every writer

    @_guard
    def rule_info(self) -> list[dict]:
        with self.engine.connect() as conn:
            return [dict(r._mapping) for r in conn.execute(sa.select(rules).order_by(rules.c.rule_id))]

    @_guard
    def count(self, group: str | None = None, scenario: str | None = None) -> int:
        with self.engine.connect() as conn:
            return conn.execute(sa.select(sa.func.count()).select_from(results)
                                .where(*_board._scope(results, group, scenario))).scalar_one()

    @_guard
    def get_result(self, session_id: str) -> dict | None:
        q = _full().where(results.c.session_id == session_id)
        with self.engine.connect() as conn:
            row = conn.execute(q).first()
        return _record(row) if row is not None else None

    def iter_results(self, group: str | None = None, scenario: str | None = None,
                     batch: int = 500) -> Iterator[dict]:
        """Every stored record in the scope, oldest first (page by page; fine for big stores)."""
        r = results.c
        last = None
        while True:
            q = (_full().where(*_board._scope(results, group, scenario))
                 .order_by(r.finished, r.session_id).limit(batch))
            if last is not None:
                q = q.where(sa.or_(r.finished > last[0], sa.and_(r.finished == last[0], r.session_id > last[1])))
            try:
                with self.engine.connect() as conn:
                    page = conn.execute(q).all()
            except (sa.exc.OperationalError, sa.exc.InterfaceError) as e:
                raise unavailable(self.url, e) from None
            if not page:
                return
            last = (page[-1].finished, page[-1].session_id)
            for row in page:
                yield _record(row)

    # -- groups -----------------------------------------------------------------------------------
    @_guard
    def create_group(self, title: str, scenario: str, seed: int, exam: bool = False, *,
                     scenario_digest: str | None = None) -> str:
        """A new group; returns its short code (e.g. ``K7M2Q``)."""
        title = " ".join(str(title or "").split())
        if not title:
            raise InputError("у группы должно быть название, например «Поток 3»")
        if len(title) > 200:
            raise InputError("название группы длиннее 200 символов")
        row = {"title": title, "scenario": scenario, "scenario_digest": scenario_digest, "seed": int(seed),
               "mode": "exam" if exam else "practice", "created": now_iso()}
        for _ in range(20):
            code = new_code()
            with self._write() as conn:
                stmt = (insert(conn, groups).on_conflict_do_nothing(index_elements=["code"])
                        .returning(groups.c.code))
                if conn.execute(stmt, {**row, "code": code}).first() is not None:
                    return code
        raise RuntimeError("could not find a free group code")  # pragma: no cover - 6 million codes

    @_guard
    def get_group(self, code: str) -> Group | None:
        """The group for a code as typed (case, spaces, Cyrillic look-alikes and layout forgiven)."""
        cands = code_candidates(code)
        if not cands:
            return None
        with self.engine.connect() as conn:
            rows = {r.code: r for r in conn.execute(sa.select(groups).where(groups.c.code.in_(cands)))}
        for c in cands:
            if c in rows:
                return _group(rows[c])
        return None

    def require_group(self, code: str) -> Group:
        g = self.get_group(code)
        if g is None:
            raise unknown_group(code)
        return g

    @_guard
    def list_groups(self) -> list[tuple[Group, int, int]]:
        """Every group with its attempt and trainee counts, newest first."""
        r = results.c
        counts = (sa.select(r.group_code, sa.func.count().label("n"),
                            sa.func.count(sa.distinct(r.trainee_key)).label("people"))
                  .where(r.group_code.is_not(None)).group_by(r.group_code).subquery())
        q = (sa.select(groups, counts.c.n, counts.c.people)
             .join(counts, counts.c.group_code == groups.c.code, isouter=True)
             .order_by(groups.c.created.desc(), groups.c.code))
        with self.engine.connect() as conn:
            return [(_group(row), row.n or 0, row.people or 0) for row in conn.execute(q)]

    def import_groups(self, items: list[dict]) -> int:
        rows = []
        for i, g in enumerate(items):
            try:
                code = str(g["code"]).upper()
                if not code_candidates(code) or code_candidates(code)[0] != code:
                    raise ValueError(code)
                rows.append({"code": code, "title": str(g["title"])[:200], "scenario": str(g["scenario"])[:300],
                             "scenario_digest": g.get("scenario_digest"), "seed": int(g["seed"]),
                             "mode": "exam" if g.get("mode") == "exam" else "practice",
                             "created": str(g.get("created") or now_iso())[:32]})
            except (KeyError, TypeError, ValueError, AttributeError):
                raise InputError(f"groups[{i}]: неверное описание группы") from None
        if not rows:
            return 0
        with self._write() as conn:
            stmt = (insert(conn, groups).on_conflict_do_nothing(index_elements=["code"])
                    .returning(groups.c.code))
            return len(conn.execute(stmt, rows).all())

    # -- the board --------------------------------------------------------------------------------
    @_guard
    def board(self, group: str | None = None, scenario: str | None = None) -> list[_board.Entry]:
        """Best attempt per trainee (per scenario), ranked; ``group`` is a code as typed."""
        gcode = self._group_code(group)
        with self.engine.connect() as conn:
            return _board.leaderboard(conn, gcode, scenario)

    @_guard
    def rule_failures(self, group: str | None = None, scenario: str | None = None) -> list[_board.RuleStat]:
        gcode = self._group_code(group)
        with self.engine.connect() as conn:
            return _board.rule_failures(conn, gcode, scenario)

    def most_improved(self, group: str | None = None, scenario: str | None = None,
                      limit: int = 5) -> list[_board.Improvement]:
        return _board.most_improved(self.board(group, scenario), limit)

    @_guard
    def summary(self, group: str | None = None, scenario: str | None = None,
                improved: int = 5) -> list[_board.Board]:
        """Everything for the board and the trainer's report, one :class:`Board` per scenario."""
        g = self.require_group(group) if group is not None else None
        gcode = g.code if g else None
        with self.engine.connect() as conn:
            entries = _board.leaderboard(conn, gcode, scenario)
            stats = _board.rule_failures(conn, gcode, scenario)
            facts = _board.scenario_facts(conn, gcode, scenario)
        if g is not None and not facts:
            facts[g.scenario] = {"attempts": 0, "versions": 0, "title": None}
        out = []
        for sc in sorted(facts):
            es = [e for e in entries if e.scenario == sc]
            f = facts[sc]
            out.append(_board.Board(sc, f["title"], g, es, [s for s in stats if s.scenario == sc],
                                    _board.most_improved(es, improved), f["attempts"], f["versions"]))
        return out

    @_guard
    def failing_phrases(self, rule_id: str, group: str | None = None, scenario: str | None = None,
                        limit: int = 3, scan: int = 200) -> list[dict]:
        """Where a rule fired in failed attempts, most recent first: the whole turn and the matched words.

        ``[{"speaker": "trainee" | "counterpart", "text": turn, "start": i, "end": j}]`` — ``text[i:j]``
        is what the rule matched (a threat the trainee made, or the debtor's evasion left unanswered).
        """
        r, rr = results.c, rule_results.c
        q = (sa.select(result_details.c.report).select_from(results)
             .join(rule_results, sa.and_(rr.session_id == r.session_id, rr.rule_id == rule_id))
             .join(result_details, result_details.c.session_id == r.session_id)
             .where(rr.passed.is_(False), *_board._scope(results, self._group_code(group), scenario))
             .order_by(r.finished.desc()).limit(scan))
        out: list[dict] = []
        seen: set[str] = set()
        with self.engine.connect() as conn:
            for (report,) in conn.execute(q):
                data = json.loads(report)
                turns = data.get("turns") or []
                for e in data.get("rules") or []:
                    if e.get("id") != rule_id:
                        continue
                    for h in e.get("hits") or []:
                        ex = _evidence(turns, h)
                        if ex and ex["text"].casefold() not in seen:
                            seen.add(ex["text"].casefold())
                            out.append(ex)
                if len(out) >= limit:
                    break
        return out[:limit]

    @_guard
    def transcripts(self, session_ids: list[str]) -> dict[str, list[dict]]:
        out = {}
        with self.engine.connect() as conn:
            for i in range(0, len(session_ids), 500):
                q = sa.select(result_details.c.session_id, result_details.c.transcript).where(
                    result_details.c.session_id.in_(session_ids[i:i + 500]))
                for sid, tr in conn.execute(q):
                    out[str(sid)] = json.loads(tr)
        return out

    def _group_code(self, group: str | None) -> str | None:
        if group is None:
            return None
        return self.require_group(group).code

    # -- export / import --------------------------------------------------------------------------
    def export(self, format: str = "json", group: str | None = None, scenario: str | None = None) -> str:
        from .transfer import export_text

        return export_text(self, format, group=group, scenario=scenario)

    def import_file(self, path: str | Path) -> ImportStats:
        from .transfer import import_path

        return import_path(self, path)


class _WriteTxn:
    def __init__(self, engine: Engine):
        self.engine = engine

    def __enter__(self) -> Connection:
        self.conn = self.engine.connect().execution_options(write=True)
        self.txn = self.conn.begin()
        return self.conn

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.txn.commit()
            else:
                self.txn.rollback()
        finally:
            self.conn.close()


def _evidence(turns: list, hit: dict) -> dict | None:
    """A rule hit as its whole turn with the matched span (or just the matched words)."""
    try:
        turn = turns[int(hit["turn"])]
        text, start, end = str(turn["text"]), int(hit["start"]), int(hit["end"])
        if 0 <= start < end <= len(text):
            return {"speaker": turn.get("speaker") or "", "text": text, "start": start, "end": end}
    except (KeyError, IndexError, TypeError, ValueError):
        pass
    words = " ".join(str(hit.get("text") or "").split())
    return {"speaker": "", "text": words, "start": 0, "end": len(words)} if words else None


def _group(row) -> Group:
    return Group(row.code, row.title, row.scenario, row.seed, row.mode, row.created, row.scenario_digest)


def _dumps(x) -> str:
    return json.dumps(x, ensure_ascii=False, separators=(",", ":"))


def _result_row(rec: dict) -> dict:
    e, c = rec["ending"], rec["commitment"]
    return {
        "session_id": rec["session_id"], "name": rec["name"], "trainee_key": trainee_key(rec["name"]),
        "group_code": rec["group"], "scenario": rec["scenario"], "scenario_title": rec["scenario_title"],
        "scenario_digest": rec["scenario_digest"], "seed": rec["seed"], "mode": rec["mode"],
        "started": rec["started"], "finished": rec["finished"], "score": rec["score"],
        "axis_money": rec["axes"]["money"], "axis_relationship": rec["axes"]["relationship"],
        "axis_speech": rec["axes"]["speech"],
        "ending_id": e["id"] if e else None, "ending_kind": e["kind"] if e else None,
        "ending_title": e["title"] if e else None,
        "commitment_date": c["date"] if c else None, "commitment_amount": c["amount"] if c else None,
        "saved": now_iso(),
    }


def _details_row(rec: dict) -> dict:
    return {"session_id": rec["session_id"], "transcript": _dumps(rec["transcript"]),
            "report": _dumps(rec["report"]),
            "outcome": _dumps(rec["outcome"]) if rec["outcome"] is not None else None}


def _unique(chunk: list[dict]) -> list[dict]:
    """The same session id twice in one batch: the first wins."""
    seen: set[str] = set()
    out = []
    for rec in chunk:
        if rec["session_id"] not in seen:
            seen.add(rec["session_id"])
            out.append(rec)
    return out


def _rule_rows(rec: dict) -> list[dict]:
    return [{"session_id": rec["session_id"], "rule_id": e["id"], "axis": e["axis"], "passed": e["passed"],
             "scenario": rec["scenario"], "group_code": rec["group"]}
            for e in report_rules(rec["report"])]


def _full():
    """A result row with its JSON documents."""
    d = result_details.c
    return (sa.select(results, d.transcript, d.report, d.outcome)
            .join(result_details, d.session_id == results.c.session_id, isouter=True))


def _record(row) -> dict:
    """A stored row back as the record dict it was saved from."""
    return {
        "session_id": str(row.session_id), "name": row.name, "group": row.group_code, "scenario": row.scenario,
        "scenario_title": row.scenario_title, "scenario_digest": row.scenario_digest, "seed": row.seed,
        "mode": row.mode, "started": row.started, "finished": row.finished, "score": row.score,
        "axes": {"money": row.axis_money, "relationship": row.axis_relationship, "speech": row.axis_speech},
        "ending": None if row.ending_id is None else {"id": row.ending_id, "kind": row.ending_kind,
                                                      "title": row.ending_title},
        "commitment": None if row.commitment_date is None else {"date": row.commitment_date,
                                                                "amount": num(row.commitment_amount)},
        "transcript": json.loads(row.transcript or "[]"), "report": json.loads(row.report or "{}"),
        "outcome": json.loads(row.outcome) if row.outcome is not None else None,
    }


# -- saving that never loses a finished call -------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Saved:
    session_id: str
    where: str  # a file path or a password-less URL
    error: str | None = None  # one line: why the configured store was not used
    fallback: bool = False

    @property
    def message(self) -> str:
        if not self.fallback:
            return f"Результат сохранён: {self.where}"
        return (f"{self.error}. Результат сохранён локально: {self.where} — перенесите его позже: "
                f"debitorka export --db {self.where} --format json --out results.json, затем "
                f"debitorka import results.json --db <адрес общей базы>")


def keep_result(session, *, url: str | None = None, **kw) -> Saved:
    """Save a finished call to the configured store; if that fails, to the local SQLite file.

    ``kw`` are :meth:`Store.save_result`'s arguments. The error is returned, not raised: the call is
    kept either way and the app tells the trainee where it went (:attr:`Saved.message`).
    """
    try:
        with open_store(url) as store:
            return Saved(store.save_result(session, **kw), store.where)
    except InputError as e:  # unreachable, not a store, a newer schema…: keep the call elsewhere
        error = str(e)
    if kw.get("group"):
        kw = {**kw, "group": (code_candidates(kw["group"]) or [kw["group"]])[0]}
    rec = from_session(session, **{k: v for k, v in kw.items() if k in _FROM_SESSION})
    info = [{"rule_id": r.id, "axis": r.axis, "title": r.title, "message": r.message}
            for r in session.scenario.rulebook.rules]
    return _fallback(rec, url, error, info)


_FROM_SESSION = {"name", "group", "mode", "started", "finished", "opening", "session_id", "record"}


def keep_record(rec: dict, *, url: str | None = None, rule_info: list[dict] | None = None) -> Saved:
    """:func:`keep_result` for a record dict."""
    rec = validate(rec)  # a broken record is a bug in the caller, not a reason to fall back
    try:
        with open_store(url) as store:
            store.save_records([rec], rule_info=rule_info, validated=True)
            return Saved(rec["session_id"], store.where)
    except InputError as e:
        return _fallback(rec, url, str(e), rule_info)


def _fallback(rec: dict, url: str | None, error: str, rule_info: list[dict] | None) -> Saved:
    if _is_local_default(url):
        # the local file itself failed: last resort, a plain JSON file `debitorka import` accepts
        return _keep_as_file(rec, error)
    try:
        with open_store(str(default_path())) as store:
            store.save_records([rec], rule_info=rule_info, validated=True)
            return Saved(rec["session_id"], store.where, error, fallback=True)
    except InputError as e:
        return _keep_as_file(rec, f"{error}; {e}")


def _is_local_default(url: str | None) -> bool:
    try:
        return resolve_url(url) == resolve_url(str(default_path()))
    except InputError:
        return False


def _keep_as_file(rec: dict, error: str) -> Saved:
    from .db import data_dir
    from .transfer import FORMAT, VERSION

    d = data_dir() / "pending"
    d.mkdir(parents=True, exist_ok=True)
    path = d / f"{rec['session_id']}.json"
    path.write_text(json.dumps({"format": FORMAT, "version": VERSION, "groups": [], "results": [rec]},
                               ensure_ascii=False, indent=1), encoding="utf-8")
    return Saved(rec["session_id"], str(path), error, fallback=True)
