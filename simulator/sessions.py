"""Sessions on this machine: autosave after every turn, history, resume, export. Pure Python, no UI.

One JSON file per call under ``<user data dir>/sessions`` (``DEBITORKA_DATA_DIR`` overrides the base
directory). Files are replaced atomically, so a call killed mid-way loses at most the line being
typed. A session file is valid input for ``debitorka score`` and ``debitorka replay``: it carries a
top-level ``turns`` list of ``{speaker, name, text}``. It also keeps the trainee's lines in order
and the seed, so the call can be rebuilt by replaying them through a new :class:`~simulator.engine.Session`
(the engine is deterministic per seed).
"""

from __future__ import annotations

import builtins
import json
import os
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

if TYPE_CHECKING:  # the engine pulls in scoring; keep `import simulator.sessions` cheap
    from scoring.report import Report

    from .engine import Outcome, Session
    from .scenario import Scenario

FORMAT = "debitorka-session"
VERSION = 1
MAX_FILE_BYTES = 5 * 1024 * 1024
Clock = Callable[[], datetime]


class SessionError(Exception):
    """A session file that cannot be read or replayed; the message is for the trainee (Russian)."""


def _now() -> datetime:
    return datetime.now().astimezone().replace(microsecond=0)


def data_dir() -> Path:
    """The base directory for everything the app keeps: env DEBITORKA_DATA_DIR, else platformdirs."""
    base = os.environ.get("DEBITORKA_DATA_DIR")
    if base:
        return Path(base)
    from platformdirs import user_data_dir

    return Path(user_data_dir("debitorka", appauthor=False))


def sessions_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / "sessions"


def exports_dir(base: Path | None = None) -> Path:
    return (base or data_dir()) / "exports"


@dataclass
class SessionRecord:
    """Everything saved about one call. ``to_dict`` is the file format (see module docstring)."""

    id: str
    scenario: str
    scenario_path: str
    scenario_digest: str
    scenario_title: str
    seed: int
    mode: str  # "practice" | "exam"
    name: str
    today: str  # the scenario's «today», ISO date: dates in the call resolve against it
    started: str
    updated: str
    finished: str | None = None
    status: str = "active"  # "active" | "finished"
    hung_up: bool = False  # the trainee ended the call (replay must hang up too)
    opening: list[dict[str, str]] = field(default_factory=builtins.list)  # the persona picking up
    turns: list[dict[str, str]] = field(default_factory=builtins.list)  # opening + every turn since
    trainee_lines: list[str] = field(default_factory=builtins.list)
    ending: dict[str, str] | None = None
    score: int | None = None
    axes: dict[str, int] | None = None
    trust_history: list[float] = field(default_factory=builtins.list)
    group: str | None = None  # the class's code (debitorka play --group): stored with the result
    path: Path | None = None  # where it lives on disk (not saved)

    @property
    def is_finished(self) -> bool:
        return self.status == "finished"

    @property
    def started_at(self) -> datetime:
        return _parse_time(self.started)

    @property
    def updated_at(self) -> datetime:
        return _parse_time(self.updated)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": VERSION,
            "id": self.id,
            "scenario": self.scenario,
            "scenario_path": self.scenario_path,
            "scenario_digest": self.scenario_digest,
            "scenario_title": self.scenario_title,
            "seed": self.seed,
            "mode": self.mode,
            "name": self.name,
            "group": self.group,
            "today": self.today,
            "started": self.started,
            "updated": self.updated,
            "finished": self.finished,
            "status": self.status,
            "hung_up": self.hung_up,
            "ending": self.ending,
            "score": self.score,
            "axes": self.axes,
            "trust_history": self.trust_history,
            "trainee_lines": self.trainee_lines,
            "opening": self.opening,
            "turns": self.turns,
        }

    @classmethod
    def from_dict(cls, data: Any, path: Path | None = None) -> SessionRecord:
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise SessionError("это не файл сессии debitorka")
        try:
            turns = _turn_dicts(data.get("turns"))
            opening = _turn_dicts(data.get("opening"))
            rec = cls(
                id=str(data["id"]),
                scenario=str(data["scenario"]),
                scenario_path=str(data.get("scenario_path") or ""),
                scenario_digest=str(data.get("scenario_digest") or ""),
                scenario_title=str(data.get("scenario_title") or data["scenario"]),
                seed=int(data["seed"]),
                mode="exam" if data.get("mode") == "exam" else "practice",
                name=str(data.get("name") or ""),
                today=str(data.get("today") or ""),
                started=str(data["started"]),
                updated=str(data.get("updated") or data["started"]),
                finished=data.get("finished"),
                status="finished" if data.get("status") == "finished" else "active",
                hung_up=bool(data.get("hung_up")),
                opening=opening,
                turns=turns,
                trainee_lines=[str(x) for x in data.get("trainee_lines") or []],
                ending=data.get("ending") if isinstance(data.get("ending"), dict) else None,
                score=int(data["score"]) if data.get("score") is not None else None,
                axes={str(k): int(v) for k, v in (data.get("axes") or {}).items()} or None,
                trust_history=[float(x) for x in data.get("trust_history") or []],
                group=str(data["group"]) if data.get("group") else None,
                path=path,
            )
            rec.started_at, rec.updated_at  # noqa: B018 - validate the timestamps now
        except (KeyError, TypeError, ValueError) as e:
            raise SessionError(f"файл сессии повреждён: {e}") from None
        return rec


def _turn_dicts(raw: Any) -> list[dict[str, str]]:
    return [{"speaker": "trainee" if t["speaker"] == "trainee" else "counterpart",
             "name": str(t.get("name") or ""), "text": str(t["text"])} for t in raw or []]


def _parse_time(s: str) -> datetime:
    t = datetime.fromisoformat(s)
    return t if t.tzinfo else t.astimezone()


def _turns(session: Session) -> list[dict[str, str]]:
    return [{"speaker": t.speaker, "name": t.name or ("Менеджер" if t.is_trainee else ""), "text": t.text}
            for t in session.turns]


def new_record(session: Session, opening: list[tuple[str, str, str]] | None = None, *,
               mode: str = "practice", name: str | None = None, group: str | None = None,
               now: Clock = _now) -> SessionRecord:
    """A record for a call that has just begun; ``opening`` is ``session.opening().lines``."""
    sc = session.scenario
    stamp = now().isoformat()
    rec = SessionRecord(
        id=str(uuid.uuid4()), scenario=sc.id, scenario_path=str(Path(sc.path).resolve()),
        scenario_digest=sc.digest, scenario_title=sc.spec.title, seed=session.seed,
        mode="exam" if mode == "exam" else "practice", name=name or "", today=session.today.isoformat(),
        started=stamp, updated=stamp, group=group or None,
        opening=[{"speaker": "counterpart", "name": name_, "text": text} for _, name_, text in opening or ()],
    )
    return sync(rec, session, now=now)


def sync(record: SessionRecord, session: Session, *, hung_up: bool | None = None,
         now: Clock = _now) -> SessionRecord:
    """Copy the call's progress into the record (turns, lines, ending, score once finished)."""
    record.turns = record.opening + _turns(session)
    record.trainee_lines = [t.text for t in session.turns if t.is_trainee]
    record.trust_history = [float(x) for x in session.trust_history]
    if hung_up is not None:
        record.hung_up = hung_up
    stamp = now().isoformat()
    record.updated = stamp
    if session.finished and record.status != "finished":
        e = session.ending
        report = session.report()
        record.status = "finished"
        record.finished = stamp
        record.ending = {"id": e.id, "kind": e.kind, "title": e.title}
        record.score = report.score
        record.axes = dict(report.axes)
    return record


def _write_atomic(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def _file_name(record: SessionRecord) -> str:
    t = record.started_at
    return f"{t:%Y%m%d-%H%M%S}-{record.scenario}-{record.id[:8]}.json"


def save(record: SessionRecord, directory: Path | None = None) -> Path:
    """Write the record (atomically: temp file + os.replace); the first save fixes its file name."""
    if record.path is None:
        record.path = (directory or sessions_dir()) / _file_name(record)
    _write_atomic(record.path, json.dumps(record.to_dict(), ensure_ascii=False, indent=1) + "\n")
    return record.path


def load(path: str | Path) -> SessionRecord:
    p = Path(path)
    try:
        if p.stat().st_size > MAX_FILE_BYTES:
            raise SessionError("файл сессии слишком большой")
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SessionError(f"нет файла {p}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise SessionError(f"не удалось прочитать {p.name}: {e}") from None
    return SessionRecord.from_dict(data, p)


def list_sessions(directory: Path | None = None) -> list[SessionRecord]:
    """Every readable session, newest (last updated) first; unreadable files are skipped."""
    d = directory or sessions_dir()
    if not d.is_dir():
        return []
    out = []
    for p in d.glob("*.json"):
        try:
            out.append(load(p))
        except SessionError:
            continue
    out.sort(key=lambda r: (r.updated_at, r.id), reverse=True)
    return out


def best_scores(records: list[SessionRecord]) -> dict[str, int]:
    """Best score of a finished call per scenario id."""
    best: dict[str, int] = {}
    for r in records:
        if r.is_finished and r.score is not None:
            best[r.scenario] = max(best.get(r.scenario, -1), r.score)
    return best


def load_scenario_for(record: SessionRecord) -> Scenario:
    """The record's scenario: the file it was played from if it is still there, else the built-in id."""
    from scoring.errors import InputError

    from .scenario import load_scenario

    refs = [r for r in (record.scenario_path, record.scenario) if r]
    last: Exception | None = None
    for ref in refs:
        if ref == record.scenario_path and not Path(ref).exists():
            continue
        try:
            return load_scenario(ref)
        except InputError as e:
            last = e
    raise SessionError(f"сценарий «{record.scenario}» недоступен" + (f": {last}" if last else ""))


def resume(record: SessionRecord, scenario: Scenario | None = None) -> Session:
    """Rebuild the call by replaying the trainee's lines with the same seed."""
    from .engine import Session

    sc = scenario or load_scenario_for(record)
    session = Session(sc, seed=record.seed)
    session.opening()
    for line in record.trainee_lines:
        if session.finished:
            break
        session.say(line)
    if record.hung_up and not session.finished:
        session.hang_up()
    return session


def matches_scenario(record: SessionRecord, scenario: Scenario) -> bool:
    """False when the scenario file changed since the call (a replay may then diverge)."""
    return not record.scenario_digest or record.scenario_digest == scenario.digest


def score_turns_of(record: SessionRecord, scenario: Scenario | None = None) -> Report:
    """Score the saved turns as they are (an unfinished call, or one whose scenario changed)."""
    from scoring.report import score_turns
    from scoring.rulebook import load_rulebook
    from scoring.transcript import Turn

    turns = [Turn("trainee" if t["speaker"] == "trainee" else "counterpart", t["text"], t["name"])
             for t in record.turns]
    rulebook = scenario.rulebook if scenario is not None else load_rulebook()
    today = date.fromisoformat(record.today) if record.today else date.today()
    return score_turns(turns, rulebook, today)


@dataclass(frozen=True)
class Exported:
    json: Path
    markdown: Path
    transcript: Path

    def __iter__(self):
        return iter((self.json, self.markdown, self.transcript))


def export(record: SessionRecord, report: Report, outcome: Outcome | None = None,
           directory: Path | None = None) -> Exported:
    """Write the report as JSON and Markdown and the plain transcript; returns the three paths.

    The JSON keeps a top-level ``turns`` list, so it is itself valid input for ``debitorka score``.
    """
    from scoring.render import KIND_TITLES, to_markdown
    from scoring.transcript import Turn, format_transcript

    d = directory or exports_dir()
    stem = _file_name(record)[: -len(".json")]
    title = f"{record.scenario_title} — разбор звонка"
    md = to_markdown(report, title)
    if outcome is not None:
        e = outcome.ending
        head = [f"**Концовка:** {e.title} ({KIND_TITLES.get(e.kind, e.kind)})", "", e.debrief, ""]
        if outcome.hidden:
            head += ["**Что скрывал клиент:**", ""] + [f"- {h}" for h in outcome.hidden] + [""]
        first, rest = md.split("\n", 1)
        md = first + "\n\n" + "\n".join(head) + rest
    data = {
        "session": {k: v for k, v in record.to_dict().items() if k not in ("turns", "trainee_lines")},
        "outcome": outcome.to_dict() if outcome is not None else None,
        "report": report.to_dict(),
        "turns": record.turns,
    }
    turns = [Turn("trainee" if t["speaker"] == "trainee" else "counterpart", t["text"], t["name"])
             for t in record.turns]
    paths = Exported(d / f"{stem}-report.json", d / f"{stem}-report.md", d / f"{stem}.txt")
    _write_atomic(paths.json, json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    _write_atomic(paths.markdown, md)
    _write_atomic(paths.transcript, format_transcript(turns))
    return paths


# The names the app and the brief use; `list` shadows the builtin only as an attribute of this module.
list = list_sessions  # noqa: A001
