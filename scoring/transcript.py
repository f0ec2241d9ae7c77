"""The plain-text transcript format: one turn per line, `Speaker: text`."""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from .errors import InputError
from .files import read_text

TRAINEE_NAMES = {"менеджер", "я", "м", "trainee"}
_PREFIX = re.compile(r"^\s*([^\W\d_][\w .\-]{0,40}?)\s*:\s?(.*)$")
MAX_TURNS = 2000


class Turn(NamedTuple):  # immutable like a frozen dataclass, at half its construction cost (one per keystroke)
    speaker: str  # "trainee" | "counterpart"
    text: str
    name: str = ""
    line: int | None = None

    @property
    def is_trainee(self) -> bool:
        return self.speaker == "trainee"


def trainee_indices(turns: list[Turn]) -> list[int]:
    """Indices of the trainee's turns (the speaker compared directly: a property call per turn
    costs more than the comparison, and this runs on every keystroke)."""
    return [i for i, t in enumerate(turns) if t.speaker == "trainee"]


def is_trainee_name(name: str) -> bool:
    return name.strip().casefold().replace("ё", "е") in TRAINEE_NAMES


def parse_transcript(text: str, path: str = "<transcript>") -> list[Turn]:
    """Parse the `score` format; a line without a prefix continues the previous turn."""
    turns: list[Turn] = []
    for lineno, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _PREFIX.match(line)
        if m:
            name, body = m.group(1).strip(), m.group(2).strip()
            speaker = "trainee" if is_trainee_name(name) else "counterpart"
            turns.append(Turn(speaker, body, name, lineno))
        elif turns:
            prev = turns[-1]
            turns[-1] = Turn(prev.speaker, (prev.text + " " + line).strip(), prev.name, prev.line)
        else:
            raise InputError("строка без говорящего: ожидаю «Менеджер: …» или «Имя: …»", path, lineno, 1)
        if len(turns) > MAX_TURNS:
            raise InputError(f"слишком много реплик (больше {MAX_TURNS})", path, lineno, 1)
    if not turns:
        raise InputError("в расшифровке нет ни одной реплики", path)
    if not any(t.is_trainee for t in turns):
        raise InputError("в расшифровке нет реплик менеджера (Менеджер:, Я: или М:)", path)
    return turns


def load_transcript(path: str | Path) -> list[Turn]:
    """Read a transcript file: the plain format, or a session JSON saved by the app."""
    text = read_text(path, max_bytes=5 * 1024 * 1024)
    if not text.strip():
        raise InputError("файл пуст", str(path))
    if text.lstrip().startswith("{"):
        return _from_json(text, str(path))
    return parse_transcript(text, str(path))


def _from_json(text: str, path: str) -> list[Turn]:
    import json

    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(f"ошибка JSON: {e.msg}", path, e.lineno, e.colno) from None
    raw = data.get("turns") if isinstance(data, dict) else None
    if not isinstance(raw, list):
        raise InputError("в JSON нет списка turns", path)
    turns = []
    for t in raw:
        if not isinstance(t, dict) or not isinstance(t.get("text"), str):
            raise InputError("каждая реплика в turns должна иметь поле text", path)
        speaker = "trainee" if t.get("speaker") == "trainee" else "counterpart"
        turns.append(Turn(speaker, t["text"], str(t.get("name") or ""), None))
    if not any(t.is_trainee for t in turns):
        raise InputError("в расшифровке нет реплик менеджера", path)
    return turns


def format_transcript(turns: list[Turn]) -> str:
    """Inverse of :func:`parse_transcript` (so saved calls can be scored and replayed)."""
    lines = []
    for t in turns:
        name = "Менеджер" if t.is_trainee else (t.name or "Клиент")
        if not t.is_trainee and is_trainee_name(name):
            name = "Клиент"
        lines.append(f"{name}: {' '.join(t.text.split())}")
    return "\n".join(lines) + "\n"
