"""Helpers for the app's tests: the pinned fixture scenarios, a fixed clock, waiting on workers."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FIXTURES = HERE / "snapshot_apps" / "scenarios"
SNAP = FIXTURES / "snapshot.yaml"
SNAP_HARD = FIXTURES / "snapshot-hard.yaml"
MINIMAL = HERE.parent / "scenarios" / "examples" / "minimal.yaml"

SUCCESS = ["Добрый день! Звоню по задолженности за счёт 118.",
           "Какого числа оплатите? Давайте 1 декабря.",
           "Спасибо, до свидания!"]
FAILURE = ["Здравствуйте, у вас долг 120 000 рублей.", "Ну хорошо, всего доброго."]


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    """The app's data dir for one test, and no DEBITORKA_DB: results go where the test says."""
    d = tmp_path / "data"
    monkeypatch.setenv("DEBITORKA_DATA_DIR", str(d))
    monkeypatch.delenv("DEBITORKA_DB", raising=False)
    return d


@pytest.fixture
def db(tmp_path) -> str:
    """A results store of the test's own: a SQLite path (the file appears on first use)."""
    return str(tmp_path / "class.db")


class Clock:
    """A clock that ticks one minute per reading, from a fixed moment (Moscow time)."""

    def __init__(self, start: datetime | None = None):
        self.t = start or datetime(2026, 11, 23, 10, 0, tzinfo=timezone(timedelta(hours=3)))

    def __call__(self) -> datetime:
        self.t += timedelta(minutes=1)
        return self.t


def app_for_tests(data_dir: Path, **kw):
    from simulator.app import make_app

    opts = dict(seed=1, scenario_paths=[SNAP, SNAP_HARD], data_dir=data_dir, theme="textual-dark",
                cursor_blink=False, clock=Clock(), hint_delay=0.0)
    opts.update(kw)
    return make_app(**opts)


async def settle(pilot, rounds: int = 200, quiet: int = 3) -> None:
    """Wait until no worker has run for `quiet` rounds in a row and the message queues are drained:
    messages may start a worker a round later, so one idle look is not enough (no sleeping on a guess)."""
    app = pilot.app
    calm = 0
    for _ in range(rounds):
        await pilot.pause()
        busy = any(w.is_running for w in app.workers)
        await app.workers.wait_for_complete()
        await pilot.pause()
        calm = 0 if busy or any(w.is_running for w in app.workers) else calm + 1
        if calm >= quiet:
            return
    raise AssertionError("workers never settled")


async def type_and_send(pilot, text: str) -> None:
    from textual.widgets import Input

    inp = pilot.app.screen.query_one("#say", Input)
    inp.focus()
    inp.value = text
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


async def open_call(pilot, scenario_row: int = 0) -> None:
    """From the picker: pick a row, read the briefing, dial."""
    await settle(pilot)
    for _ in range(scenario_row):
        await pilot.press("down")
    await pilot.press("enter")
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)


def play_offline(path: Path, lines: list[str], data_dir: Path, *, seed: int = 1, mode: str = "practice",
                 clock=None, hang_up: bool = False):
    """Make a saved session without the UI (for history tests and snapshots)."""
    from simulator import sessions
    from simulator.app import loader
    from simulator.engine import Session

    clock = clock or Clock()
    sc = loader.load_full(path)
    s = Session(sc, seed=seed)
    rec = sessions.new_record(s, s.opening().lines, mode=mode, name="Тест", now=clock)
    for line in lines:
        s.say(line)
        sessions.sync(rec, s, now=clock)
    if hang_up:
        s.hang_up()
        sessions.sync(rec, s, hung_up=True, now=clock)
    sessions.save(rec, sessions.sessions_dir(data_dir))
    return rec, s


def run_async(fn):
    """Run an async test under asyncio.run (the suite needs no async pytest plugin)."""
    import asyncio
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        return asyncio.run(fn(*args, **kwargs))

    return wrapper


async def wait_for_screen(pilot, cls, rounds: int = 100):
    """Pump messages (and wait on workers) until the given screen is on top; fail with the toasts shown."""
    for _ in range(rounds):
        if isinstance(pilot.app.screen, cls):
            return pilot.app.screen
        await settle(pilot, quiet=1)
    notes = [n.message for n in pilot.app._notifications]
    raise AssertionError(f"{cls.__name__} never opened; on {pilot.app.screen!r}; notifications: {notes}")
