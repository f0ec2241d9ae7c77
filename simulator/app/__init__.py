"""The Textual app (issue 4). Importing this package is cheap: Textual loads in make_app()/run().

    debitorka play [SCENARIO|PATH] [--name NAME] [--seed N] [--exam]   →   run(...)
    debitorka play --group CODE [--name NAME] [--db URL]               →   run(**group_options(CODE, URL))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from simulator.store.groups import Group

    from .app import DebitorkaApp


def make_app(scenario: str | None = None, name: str | None = None, seed: int | None = None,
             exam: bool = False, **options: Any) -> DebitorkaApp:
    """Build the app the way the CLI does; tests pass extra AppConfig fields as keywords
    (scenario_paths, data_dir, theme, clock, cursor_blink, warm_up, group, db, keep_results, ...)."""
    from .app import DebitorkaApp
    from .config import AppConfig

    return DebitorkaApp(AppConfig(scenario=scenario, name=name, seed=seed, exam=exam, **options))


def open_group(code: str, db: str | None = None) -> Group:
    """The group for ``play --group CODE``, checked before the terminal is taken over: an unknown code,
    an unreachable store or a group whose scenario is missing here is an InputError (one line)."""
    from simulator.store import open_store

    from .catalog import resolve_ref

    with open_store(db) as store:
        group = store.require_group(code)
    resolve_ref(group.scenario)
    return group


def group_options(group: Group) -> dict[str, Any]:
    """``make_app``/``run`` keywords for a group: its scenario, seed and mode, locked."""
    return {"scenario": group.scenario, "seed": group.seed, "exam": group.exam, "group": group}


def run(scenario: str | None = None, name: str | None = None, seed: int | None = None,
        exam: bool = False, **options: Any) -> int:
    """Open the trainer; returns the process exit code. A wrong scenario name fails before the
    terminal is taken over (InputError, which the CLI prints as one line with exit code 2).

    ``options`` are AppConfig fields; the CLI stores every finished call (``keep_results``) and asks
    for a missing name once (``ask_name="once"``) unless told otherwise.
    """
    if scenario is not None:
        from .catalog import resolve_ref

        resolve_ref(scenario)
    options = {"keep_results": True, "ask_name": "once", **options}
    app = make_app(scenario, name, seed, exam, **options)
    app.run()
    return app.return_code or 0
