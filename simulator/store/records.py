"""One stored result as a plain dict: built from a finished call, validated on the way in, rebuilt on the way out.

The dict is the unit of save, export and import; :func:`validate` turns any mistake in an imported
file into one Russian line naming the record and the field.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, timezone
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from scoring.errors import InputError

AXES = ("money", "relationship", "speech")
MODES = ("practice", "exam")
MAX_NAME = 100


class _Model(BaseModel):
    model_config = ConfigDict(extra="ignore")


class Axes(_Model):
    money: int = Field(ge=0, le=100)
    relationship: int = Field(ge=0, le=100)
    speech: int = Field(ge=0, le=100)


class EndingRec(_Model):
    id: str = Field(max_length=100)
    kind: str = Field(max_length=20)
    title: str | None = Field(default=None, max_length=300)


class CommitmentRec(_Model):
    date: str
    amount: float | None = None

    @field_validator("date")
    @classmethod
    def _iso_date(cls, v: str) -> str:
        return date.fromisoformat(v).isoformat()


class TurnRec(_Model):
    speaker: str
    name: str = ""
    text: str


class ResultRecord(_Model):
    session_id: str
    name: str = Field(max_length=200)
    group: str | None = Field(default=None, max_length=16)
    scenario: str = Field(min_length=1, max_length=300)
    scenario_title: str | None = Field(default=None, max_length=300)
    scenario_digest: str = Field(max_length=64)
    seed: int
    mode: Literal["practice", "exam"] = "practice"
    started: str
    finished: str
    score: int = Field(ge=0, le=100)
    axes: Axes
    ending: EndingRec | None = None
    commitment: CommitmentRec | None = None
    transcript: list[TurnRec] = Field(default_factory=list)
    report: dict[str, Any]
    outcome: dict[str, Any] | None = None

    @field_validator("session_id")
    @classmethod
    def _uuid(cls, v: str) -> str:
        return str(uuid.UUID(v))

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        return clean_name(v)

    @field_validator("started", "finished")
    @classmethod
    def _time(cls, v: str) -> str:
        return iso_utc(v)


def clean_name(name: str) -> str:
    """Printable, single-spaced, at most :data:`MAX_NAME` characters."""
    name = "".join(ch if ch.isprintable() else " " for ch in str(name or ""))
    return " ".join(name.split())[:MAX_NAME]


def iso_utc(t: str | datetime | None) -> str:
    """A timestamp as UTC ISO 8601 to the millisecond (sortable as text); naive times are local."""
    if t is None:
        t = datetime.now(timezone.utc)
    if isinstance(t, str):
        t = datetime.fromisoformat(t.strip())
    if t.tzinfo is None:
        t = t.astimezone()
    return t.astimezone(timezone.utc).isoformat(timespec="milliseconds")


def validate(data: Any, where: str = "") -> dict:
    """A record dict in canonical form, or an InputError naming the field that is wrong."""
    try:
        rec = ResultRecord.model_validate(data)
    except ValidationError as e:
        err = e.errors()[0]
        loc = ".".join(str(x) for x in err["loc"])
        msg = _ERRORS.get(err["type"], "неверное значение") + f" (получено: {_short(err.get('input'))})"
        if err["type"] == "missing":
            msg = "нет обязательного поля"
        raise InputError(f"{where}{'.' if where and loc else ''}{loc}: {msg}") from None
    out = rec.model_dump()
    if out["commitment"] is not None:
        out["commitment"]["amount"] = num(out["commitment"]["amount"])
    return out


_ERRORS = {
    "int_type": "ожидается целое число", "int_parsing": "ожидается целое число",
    "int_from_float": "ожидается целое число", "string_type": "ожидается строка",
    "float_type": "ожидается число", "float_parsing": "ожидается число",
    "dict_type": "ожидается объект", "model_type": "ожидается объект", "list_type": "ожидается список",
    "greater_than_equal": "слишком маленькое значение", "less_than_equal": "слишком большое значение",
    "string_too_long": "слишком длинная строка", "string_too_short": "пустая строка",
    "literal_error": "допустимо: practice или exam", "value_error": "неверное значение",
}


def _short(x) -> str:
    s = repr(x)
    return s if len(s) <= 60 else s[:57] + "..."


def num(x: float | None):
    if x is None:
        return None
    return int(x) if float(x).is_integer() else float(x)


def from_session(session, *, name: str, group: str | None = None, mode: str | None = None,
                 started: str | datetime | None = None, finished: str | datetime | None = None,
                 opening: list | None = None, session_id: str | None = None, record=None) -> dict:
    """The record of a finished :class:`~simulator.engine.Session`.

    ``record`` may be the app's ``simulator.sessions.SessionRecord``: its id, name, mode, start, end
    and opening lines are used unless given explicitly, so the stored result and the session file
    share one id (and importing both twice is harmless).
    """
    if record is not None:
        session_id = session_id or getattr(record, "id", None)
        name = name or getattr(record, "name", "") or ""
        mode = mode or getattr(record, "mode", None)
        started = started or getattr(record, "started", None)
        finished = finished or getattr(record, "finished", None)
        if opening is None:
            opening = getattr(record, "opening", None)
    report = session.report()
    outcome = session.outcome() if hasattr(session, "outcome") else None
    rep = report.to_dict()
    transcript = [_turn(t) for t in opening or []]
    transcript += [{"speaker": t.speaker, "name": t.name or ("Менеджер" if t.is_trainee else ""), "text": t.text}
                   for t in session.turns]
    sc = session.scenario
    ending = None
    if outcome is not None:
        e = outcome.ending
        ending = {"id": e.id, "kind": e.kind, "title": e.title}
    c = rep.get("commitment")
    data = {
        "session_id": session_id or str(uuid.uuid4()),
        "name": name,
        "group": group,
        "scenario": sc.id,
        "scenario_title": sc.spec.title,
        "scenario_digest": sc.digest,
        "seed": session.seed,
        "mode": "exam" if mode == "exam" else "practice",
        "started": iso_utc(started),
        "finished": iso_utc(finished),
        "score": rep["score"],
        "axes": rep["axes"],
        "ending": ending,
        "commitment": None if c is None else {"date": c["date"], "amount": c["amount"]},
        "transcript": transcript,
        "report": rep,
        "outcome": outcome.to_dict() if outcome is not None else None,
    }
    return validate(data)


def _turn(t) -> dict:
    """An opening line: the engine's ``(speaker id, name, text)`` tuple or a ``{speaker, name, text}`` dict."""
    if isinstance(t, dict):
        return {"speaker": t.get("speaker") or "counterpart", "name": t.get("name") or "", "text": t.get("text") or ""}
    _, name, text = t
    return {"speaker": "counterpart", "name": name, "text": text}
