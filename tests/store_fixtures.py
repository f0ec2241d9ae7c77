"""Records for the store tests: two real calls through the engine (simulator.store.scripted, as
scripts/demo_group.py plays its class), cloned into as many attempts as needed."""

from __future__ import annotations

import copy
import uuid
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
MINIMAL = ROOT / "scenarios" / "examples" / "minimal.yaml"
SUCCESS = ["Добрый день! Звоню по задолженности за счёт 118.", "Какого числа оплатите? Давайте 1 декабря.",
           "Спасибо, до свидания!"]
FAILURE = ["Здравствуйте, у вас долг 120 000 рублей.", "Ну хорошо, всего доброго."]
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path, monkeypatch):
    """Never the developer's own store: every test gets its own data dir and no DEBITORKA_DB."""
    monkeypatch.setenv("DEBITORKA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("DEBITORKA_DB", raising=False)


def play(lines: list[str], seed: int = 7):
    """The finished session of ``lines`` on the minimal scenario, and its opening lines."""
    from simulator.scenario import load_scenario
    from simulator.store.scripted import play as play_script

    return play_script(load_scenario(str(MINIMAL)), lines, seed)


_BASE: dict = {}


def base_records() -> dict[str, dict]:
    """``{"success": record, "failure": record}`` from real calls (computed once per test run)."""
    if not _BASE:
        from simulator.scenario import load_scenario
        from simulator.store.scripted import record

        sc = load_scenario(str(MINIMAL))
        for kind, lines in (("success", SUCCESS), ("failure", FAILURE)):
            _BASE[kind] = record(sc, lines, seed=7, name="База", started=T0)
    return _BASE


@pytest.fixture(scope="session")
def base():
    return base_records()


def clone(rec: dict, *, name: str, score: int | None = None, group: str | None = None, minute: int = 0,
          session_id: str | None = None, scenario: str | None = None, digest: str | None = None) -> dict:
    """Another attempt like ``rec``: a new id, name, time and (optionally) score."""
    out = copy.deepcopy(rec)
    out["session_id"] = session_id or str(uuid.uuid4())
    out["name"] = name
    out["group"] = group
    t = T0 + timedelta(minutes=minute)
    out["started"] = t.isoformat(timespec="milliseconds")
    out["finished"] = (t + timedelta(minutes=3)).isoformat(timespec="milliseconds")
    if score is not None:
        out["score"] = score
        out["report"]["score"] = score
    if scenario is not None:
        out["scenario"] = scenario
    if digest is not None:
        out["scenario_digest"] = digest
    return out
