"""The Textual application: screens, global keys, the command palette and the start-up loads."""

from __future__ import annotations

import os
import random
import signal
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.command import CommandPalette
from textual.message import Message
from textual.reactive import reactive

from .config import AppConfig
from .fmt import MODE_TITLES


def _commands():
    from .commands import DebitorkaCommands

    return DebitorkaCommands


def _terminal_alive() -> bool:
    """Standard input is still a terminal (a hung-up one answers no)."""
    try:
        return os.isatty(0)
    except OSError:
        return False


class DebitorkaApp(App[int]):
    """Pick a scenario, read the brief, hold the call, read the report, retry."""

    CSS_PATH = "app.tcss"
    TITLE = "Дебиторка"
    COMMANDS = {_commands}
    COMMAND_PALETTE_DISPLAY = "^p"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    BINDINGS = [
        Binding("f1", "help", "Справка", key_display="F1", tooltip="Клавиши, режимы и все правила оценки"),
        Binding("ctrl+p", "command_palette", "Команды", show=False, priority=True,
                tooltip="Палитра команд: новый звонок, история, режим, тема"),
        Binding("ctrl+q", "quit", "Выход", show=False, priority=True,
                tooltip="Закрыть программу; начатый звонок сохранён"),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    mode = reactive("practice")

    class MorphologyReady(Message, bubble=False):
        """Dictionaries and the default rulebook are loaded: scoring is now instant."""

    @dataclass
    class ResultKept(Message, bubble=False):
        """A finished call went to the results store (or, failing that, was kept locally)."""

        record_id: str
        saved: object | None  # simulator.store.Saved
        error: str | None = None

    def __init__(self, config: AppConfig | None = None) -> None:
        super().__init__()
        self.config = config or AppConfig()
        self.set_reactive(DebitorkaApp.mode, "exam" if self.config.exam else "practice")
        self.morph_ready = False
        self.kept: dict[str, object] = {}  # record id → simulator.store.Saved
        if self.config.theme:
            self.theme = self.config.theme
        group = self.config.group
        if group is not None:
            self.title = f"Дебиторка · группа «{group.title}» {group.code}"

    # -- environment ---------------------------------------------------------------------------
    @property
    def data_dir(self) -> Path:
        from simulator.sessions import data_dir

        return self.config.data_dir or data_dir()

    def now(self) -> datetime:
        if self.config.clock is not None:
            return self.config.clock()
        return datetime.now().astimezone().replace(microsecond=0)

    def new_seed(self) -> int:
        if self.config.group is not None:
            return self.config.group.seed
        return self.config.seed if self.config.seed is not None else random.randint(1, 9999)

    @property
    def group(self):
        """The class this app plays for (simulator.store.Group), or None."""
        return self.config.group

    @property
    def group_code(self) -> str | None:
        return self.config.group.code if self.config.group is not None else None

    @property
    def trainee(self) -> str:
        return self.config.name or ""

    def store_url(self) -> str | None:
        """Where results go: --db, else DEBITORKA_DB, else results.db in the app's data dir."""
        if self.config.db:
            return self.config.db
        if os.environ.get("DEBITORKA_DB") or self.config.data_dir is None:
            return None  # the store resolves DEBITORKA_DB / its default file itself
        return str(self.config.data_dir / "results.db")

    def scenario_paths(self) -> list[Path]:
        from .catalog import builtin_paths, resolve_ref

        if self.config.group is not None:  # a class plays one scenario
            try:
                return [resolve_ref(self.config.group.scenario)]
            except Exception:
                return []
        paths = list(self.config.scenario_paths) if self.config.scenario_paths is not None else builtin_paths()
        if self.config.scenario:
            try:
                p = resolve_ref(self.config.scenario)
            except Exception:
                return paths
            if all(p.resolve() != q.resolve() for q in paths):
                paths.append(p)
        return paths

    # -- lifecycle -----------------------------------------------------------------------------
    def get_default_screen(self):
        from .screens.picker import PickerScreen

        return PickerScreen(select=self.config.scenario)

    def on_mount(self) -> None:
        self._show_mode()
        # A terminal that goes away (an ssh connection dropped, a tmux server killed) hangs up only
        # its session's leader: under `make play` that is make, and the app, left reading a dead
        # terminal, would spin at full CPU for ever. Calls are saved after every turn, so leaving
        # loses at most the line being typed (as a kill does: tests/test_app_kill.py).
        if not self.is_headless and _terminal_alive():
            self.set_interval(1.0, self._exit_if_terminal_gone)
        if self.config.warm_up:
            self.call_after_refresh(self.warm_up)
        if self.config.scenario:
            self.call_after_refresh(self._open_initial)
        if not self.config.name and self.config.ask_name != "never":
            self.call_after_refresh(self._ask_name_at_start)

    def _exit_if_terminal_gone(self) -> None:
        if not _terminal_alive():
            # End as the hangup ends a session's leader. Textual's own shutdown writes to the dead
            # terminal and waits for ever on a writer thread that has died of it.
            os.kill(os.getpid(), signal.SIGHUP)

    def _ask_name_at_start(self) -> None:
        from .profile import load_name, os_user_name

        if self.config.ask_name == "once":
            remembered = load_name(self.data_dir)
            if remembered:
                self.config.name = remembered
                self._show_mode()
                return
            self.ask_name(os_user_name())
        else:
            self.ask_name("")

    def ask_name(self, default: str | None = None) -> None:
        """The small «как вас зовут» dialog; the answer goes with every result from now on."""
        from .screens.name import NameScreen

        if isinstance(self.screen, NameScreen):
            return
        remember = self.config.ask_name != "always"
        self.push_screen(NameScreen(self.config.name or default or "", remember=remember), self._name_given)

    def _name_given(self, name: str | None) -> None:
        from .profile import clean, save_name

        if name is None:  # dismissed: keep whatever there was
            return
        self.config.name = clean(name) or None
        self._show_mode()
        if self.config.name and self.config.ask_name != "always":
            try:
                save_name(self.data_dir, self.config.name)
            except OSError as e:
                self.notify(f"Имя не запомнено: {e.strerror or e}", severity="warning")

    def _open_initial(self) -> None:
        from .catalog import resolve_ref

        try:
            path = resolve_ref(self.config.scenario)
        except Exception as e:  # shown, not raised: the picker is still usable
            self.notify(str(e), title="Сценарий не найден", severity="error")
            return
        self.open_briefing(path)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def warm_up(self) -> None:
        from . import loader

        loader.warm_up()
        self.post_message(self.MorphologyReady())

    def on_debitorka_app_morphology_ready(self, _: MorphologyReady) -> None:
        self.morph_ready = True

    def watch_mode(self) -> None:
        self._show_mode()

    def _show_mode(self) -> None:
        name = f" · {self.config.name}" if self.config.name else ""
        self.sub_title = f"режим: {MODE_TITLES[self.mode]}{name}"

    # -- the results store ---------------------------------------------------------------------
    def keep_result(self, session, record) -> None:
        """Store a finished call (in a worker: a slow or absent database never blocks the UI)."""
        if self.config.keep_results:
            self._keep_result(session, record)

    @work(thread=True, group="store", exit_on_error=False)
    def _keep_result(self, session, record) -> None:
        from simulator.store import keep_result

        try:
            saved = keep_result(session, url=self.store_url(), name=record.name or self.trainee,
                                group=record.group, record=record)
        except Exception as e:  # noqa: BLE001 - shown to the trainee; the session file is on disk anyway
            self.post_message(self.ResultKept(record.id, None, str(e) or type(e).__name__))
            return
        self.post_message(self.ResultKept(record.id, saved))

    def on_debitorka_app_result_kept(self, msg: ResultKept) -> None:
        from .screens.report import ReportScreen

        if msg.saved is None:
            self.notify(f"Результат не сохранён в базе: {msg.error}. Звонок остался в истории.",
                        title="База результатов", severity="error", timeout=12)
            return
        self.kept[msg.record_id] = msg.saved
        if msg.saved.fallback:
            self.notify(msg.saved.message, title="Общая база недоступна", severity="warning", timeout=20)
        else:
            self.notify(msg.saved.message, title="Результат сохранён")
        for screen in self.screen_stack:
            if isinstance(screen, ReportScreen) and screen.result.record.id == msg.record_id:
                screen.show_kept(msg.saved)

    # -- navigation ----------------------------------------------------------------------------
    def go_home(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def open_briefing(self, path: Path) -> None:
        from .screens.briefing import BriefingScreen

        self.push_screen(BriefingScreen(Path(path)))

    def start_call(self, scenario, *, seed: int | None = None, mode: str | None = None,
                   replace: bool = True) -> None:
        from .screens.call import CallScreen

        screen = CallScreen(scenario, seed=self.new_seed() if seed is None else seed, mode=mode or self.mode)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def resume_call(self, scenario, session, record) -> None:
        from .screens.call import CallScreen

        self.push_screen(CallScreen(scenario, seed=record.seed, mode=record.mode, session=session, record=record))

    def show_report(self, result, *, replace: bool = True) -> None:
        from .screens.report import ReportScreen

        screen = ReportScreen(result)
        if replace:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- actions -------------------------------------------------------------------------------
    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_history(self) -> None:
        from .screens.history import HistoryScreen

        if isinstance(self.screen, HistoryScreen):
            return
        self._leave_call()
        self.push_screen(HistoryScreen())

    def action_new_call(self) -> None:
        self._leave_call()
        self.go_home()

    def _leave_call(self) -> None:
        from .screens.call import CallScreen

        if isinstance(self.screen, CallScreen) and not self.screen.finished:
            self.notify("Звонок сохранён: его можно продолжить из истории.", title="Звонок прерван")

    def action_toggle_mode(self) -> None:
        from .screens.call import CallScreen

        if self.config.group is not None:
            self.notify(f"Режим задан группой «{self.config.group.title}»: {MODE_TITLES[self.mode]}.",
                        severity="warning")
            return
        if isinstance(self.screen, CallScreen):
            self.notify("Режим меняется между звонками.", severity="warning")
            return
        self.mode = "exam" if self.mode == "practice" else "practice"
        self.notify(f"Режим: {MODE_TITLES[self.mode]}. Действует со следующего звонка.")

    def action_board(self) -> None:
        """The leaderboard of this class, else of the scenario on screen (else of every scenario)."""
        from .screens.leaderboard import LeaderboardScreen

        if isinstance(self.screen, LeaderboardScreen):
            return
        scope = getattr(self.screen, "board_scope", None)
        group, scenario = scope() if callable(scope) else (None, None)
        if self.config.group is not None and group is None and scenario in (None, self._group_scenario_id()):
            group, scenario = self.config.group.code, None
        self.push_screen(LeaderboardScreen(group=group, scenario=scenario))

    def _group_scenario_id(self) -> str | None:
        """The id of the group's scenario (a group may name it by path)."""
        g = self.config.group
        if g is None:
            return None
        if not hasattr(self, "_group_sid"):
            from .catalog import load_entry, resolve_ref

            try:
                entry = load_entry(resolve_ref(g.scenario))
                self._group_sid = entry.spec.id if entry.spec else entry.id
            except Exception:  # noqa: BLE001 - a missing file: the code is all we know
                self._group_sid = g.scenario
        return self._group_sid

    def action_rename(self) -> None:
        self.ask_name()

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def set_theme(self, name: str) -> None:
        self.theme = name

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Найти команду…", id="--command-palette"))

    def action_help_quit(self) -> None:
        self.notify("Выход — Ctrl+Q (или «Выход» в палитре команд, Ctrl+P).", title="Выйти из программы?")
