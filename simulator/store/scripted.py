"""Results of scripted calls: trainee lines played through the real engine, as the app would store them.

For the demo class (``scripts/demo_group.py``) and the store tests (``tests/store_fixtures.py``);
the app itself never plays scripts.
"""

from __future__ import annotations

from datetime import datetime, timedelta


def play(scenario, lines: list[str], seed: int):
    """Play ``lines`` as the trainee (a :class:`simulator.scenario.Scenario`, a fixed seed) until the call
    ends; hang up if the lines run out first. Returns the finished session and its opening lines."""
    from simulator.engine import Session

    s = Session(scenario, seed=seed)
    opening = s.opening().lines
    for line in lines:
        if s.finished:
            break
        s.say(line)
    if not s.finished:
        s.hang_up()
    return s, opening


def record(scenario, lines: list[str], *, seed: int, name: str, started: datetime,
           duration: timedelta = timedelta(0), group: str | None = None, mode: str | None = None) -> dict:
    """The stored record (the export format) of the call :func:`play` makes."""
    from .records import from_session

    s, opening = play(scenario, lines, seed)
    return from_session(s, name=name, group=group, mode=mode, opening=opening, started=started,
                        finished=started + duration)
