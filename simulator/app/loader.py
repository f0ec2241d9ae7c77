"""Slow loads behind one lock, for thread workers: morphology, the default rulebook, full scenarios."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scoring.rulebook import Rulebook
    from simulator.scenario import Scenario

_lock = threading.RLock()
_default: Rulebook | None = None
_scenarios: dict[tuple[str, int, int], Scenario] = {}


def warm_up() -> Rulebook:
    """Load pymorphy3's dictionaries and the default rulebook (once per process)."""
    global _default
    with _lock:
        if _default is None:
            from scoring.morph import analyzer
            from scoring.rulebook import load_default

            analyzer()
            _default = load_default()
        return _default


def is_warm() -> bool:
    return _default is not None


def load_full(path: str | Path) -> Scenario:
    """A compiled scenario (markers checked, conditions parsed), cached while the file is unchanged."""
    from simulator.scenario import load_scenario

    warm_up()
    p = Path(path)
    st = p.stat()
    key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
    with _lock:
        sc = _scenarios.get(key)
        if sc is None:
            sc = _scenarios[key] = load_scenario(p)
        return sc


def default_if_loaded() -> Rulebook | None:
    return _default
