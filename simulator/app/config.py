"""What the app is built from: the CLI's arguments plus what tests pin down. No Textual."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Literal

if TYPE_CHECKING:
    from simulator.store.groups import Group


@dataclass
class AppConfig:
    scenario: str | None = None  # id or path: open its briefing straight away
    name: str | None = None  # the trainee's name, saved with each call
    seed: int | None = None  # None: a fresh seed per call (a retry keeps its call's seed)
    exam: bool = False
    scenario_paths: list[Path] | None = None  # the picker's list; default: the built-in scenarios
    data_dir: Path | None = None  # default: DEBITORKA_DATA_DIR or the platform's user data dir
    theme: str | None = None
    clock: Callable[[], datetime] | None = None  # timestamps in saved sessions (tests pin it)
    cursor_blink: bool = True
    hint_delay: float = 0.15  # seconds of quiet typing before coaching analyses the draft
    warm_up: bool = True  # load the morphology in a worker right after the first screen
    # -- the results store (issue 5) ------------------------------------------------------------
    group: Group | None = None  # a class: its scenario, seed and mode are locked for every call
    db: str | None = None  # --db: a SQLite path or a PostgreSQL URL; None: DEBITORKA_DB, else the data dir
    keep_results: bool = False  # store every finished call (`debitorka play` turns it on)
    # Ask for the trainee's name when none is given: "once" (the answer is remembered in the data
    # dir), "always" (every start asks; nothing remembered: one server, many people) or "never".
    ask_name: Literal["never", "once", "always"] = "never"
    board_interval: float = 3.0  # seconds between leaderboard refreshes
