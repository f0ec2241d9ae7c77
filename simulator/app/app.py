"""The Textual application: screens, global keys, the command palette and the start-up loads."""

from __future__ import annotations

import random
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

    def __init__(self, config: AppConfig | None = None) -> None:
        super().__init__()
        self.config = config or AppConfig()
        self.set_reactive(DebitorkaApp.mode, "exam" if self.config.exam else "practice")
        self.morph_ready = False
        if self.config.theme:
            self.theme = self.config.theme

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
        return self.config.seed if self.config.seed is not None else random.randint(1, 9999)

    def scenario_paths(self) -> list[Path]:
        from .catalog import builtin_paths, resolve_ref

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
        if self.config.warm_up:
            self.call_after_refresh(self.warm_up)
        if self.config.scenario:
            self.call_after_refresh(self._open_initial)

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

        if isinstance(self.screen, CallScreen):
            self.notify("Режим меняется между звонками.", severity="warning")
            return
        self.mode = "exam" if self.mode == "practice" else "practice"
        self.notify(f"Режим: {MODE_TITLES[self.mode]}. Действует со следующего звонка.")

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    def set_theme(self, name: str) -> None:
        self.theme = name

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(CommandPalette(placeholder="Найти команду…", id="--command-palette"))

    def action_help_quit(self) -> None:
        self.notify("Выход — Ctrl+Q (или «Выход» в палитре команд, Ctrl+P).", title="Выйти из программы?")
