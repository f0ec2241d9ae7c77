"""The Textual app (issue 4). Importing this package is cheap: Textual loads in make_app()/run().

    debitorka play [SCENARIO|PATH] [--name NAME] [--seed N] [--exam]   →   run(...)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import DebitorkaApp


def make_app(scenario: str | None = None, name: str | None = None, seed: int | None = None,
             exam: bool = False, **options: Any) -> DebitorkaApp:
    """Build the app the way the CLI does; tests pass extra AppConfig fields as keywords
    (scenario_paths, data_dir, theme, clock, cursor_blink, warm_up)."""
    from .app import DebitorkaApp
    from .config import AppConfig

    return DebitorkaApp(AppConfig(scenario=scenario, name=name, seed=seed, exam=exam, **options))


def run(scenario: str | None = None, name: str | None = None, seed: int | None = None,
        exam: bool = False) -> int:
    """Open the trainer; returns the process exit code. A wrong scenario name fails before the
    terminal is taken over (InputError, which the CLI prints as one line with exit code 2)."""
    if scenario is not None:
        from .catalog import resolve_ref

        resolve_ref(scenario)
    app = make_app(scenario, name, seed, exam)
    app.run()
    return app.return_code or 0
