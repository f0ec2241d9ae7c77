"""Scenario picker: the list with this machine's best scores, and a preview of the briefing."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label

from ..fmt import MODE_TITLES
from ..widgets.briefing_card import BriefingCard
from ..widgets.scenario_table import ScenarioTable


class PickerScreen(Screen):
    BINDINGS = [
        Binding("enter", "start", "Выбрать", tooltip="Открыть брифинг выбранного сценария"),
        Binding("h", "app.history", "История", tooltip="Прошлые звонки и их оценки"),
        Binding("b", "app.board", "Рейтинг", tooltip="Рейтинг: лучшие попытки, частые ошибки, кто вырос"),
        Binding("m", "app.toggle_mode", "Режим", tooltip="Тренировка (с подсказками) или экзамен"),
        Binding("q", "app.quit", "Выход", tooltip="Закрыть программу"),
    ]

    @dataclass
    class CatalogLoaded(Message, bubble=False):
        entries: list
        best: dict

    def __init__(self, select: str | None = None) -> None:
        super().__init__()
        self.select = select
        self._loaded = False

    def compose(self) -> ComposeResult:
        yield Header()
        with Container(id="picker-body"):
            with Vertical(id="picker-list"):
                yield Label(self._list_title(), classes="section-title", id="picker-title")
                yield ScenarioTable(id="scenarios")
            with VerticalScroll(id="picker-preview"):
                yield BriefingCard(compact=True, id="preview")
        with Horizontal(classes="actions"):
            yield Button("Начать ▶", id="start", variant="primary", tooltip="Открыть брифинг (Enter)")
            yield Button("История", id="history", tooltip="Прошлые звонки (H)")
            yield Button("Рейтинг", id="board", tooltip="Рейтинг группы или сценария (B)")
            yield Button(self._mode_label(), id="mode", tooltip="Переключить режим (M)",
                         disabled=self.app.group is not None)
            yield Button("Справка", id="help", tooltip="Справка (F1)")
        yield Footer()

    def _mode_label(self) -> str:
        return f"Режим: {MODE_TITLES[self.app.mode]}"

    def _list_title(self) -> str:
        g = self.app.group
        return f"Сценарий группы «{g.title}»" if g is not None else "Сценарии"

    def board_scope(self) -> tuple[str | None, str | None]:
        entry = self.query_one(ScenarioTable).current()
        return None, (entry.id if entry is not None and entry.spec is not None else None)

    def on_mount(self) -> None:
        self.query_one(ScenarioTable).focus()
        self.watch(self.app, "mode", self._mode_changed, init=False)
        self.load_catalog()

    def _mode_changed(self) -> None:
        self.query_one("#mode", Button).label = self._mode_label()

    def on_screen_resume(self) -> None:
        if self._loaded:
            self.load_catalog(best_only=True)

    @work(thread=True, exclusive=True, group="catalog", exit_on_error=False)
    def load_catalog(self, best_only: bool = False) -> None:
        from simulator import sessions

        from ..catalog import load_catalog

        best = sessions.best_scores(sessions.list_sessions(sessions.sessions_dir(self.app.data_dir)))
        entries = None if best_only else load_catalog(self.app.scenario_paths())
        if entries is not None:  # the scenarios first; the store may be a slow server
            self.post_message(self.CatalogLoaded(entries, best))
            entries = None
        stored = self._stored_best()
        if stored or best_only:
            for sc, score in stored.items():
                best[sc] = max(best.get(sc, -1), score)
            self.post_message(self.CatalogLoaded(None, best))

    def _stored_best(self) -> dict[str, int]:
        """This trainee's best per scenario in the results store (in the group, for a class); {} when
        results are not kept, the name is unknown or the store cannot be reached."""
        app = self.app
        if not app.config.keep_results or not app.trainee:
            return {}
        from scoring.errors import InputError
        from simulator.store import open_store
        from simulator.store.schema import trainee_key

        me = trainee_key(app.trainee)
        try:
            with open_store(app.store_url()) as store:
                entries = store.board(group=app.group_code)
        except InputError:
            return {}
        return {e.scenario: e.score for e in entries if e.trainee_key == me}

    def on_picker_screen_catalog_loaded(self, msg: CatalogLoaded) -> None:
        table = self.query_one(ScenarioTable)
        if msg.entries is None:
            table.update_best(msg.best)
            return
        self._loaded = True
        table.set_entries(msg.entries, msg.best, self.select)
        if self.app.screen is self:
            table.focus()
        if not msg.entries:
            self.query_one(BriefingCard).spec = None
            self.notify("Не найдено ни одного сценария.", severity="warning")

    @on(ScenarioTable.Highlighted)
    def _preview(self, msg: ScenarioTable.Highlighted) -> None:
        self.query_one(BriefingCard).spec = msg.entry.spec if msg.entry else None

    @on(ScenarioTable.Chosen)
    def _chosen(self, msg: ScenarioTable.Chosen) -> None:
        self._open(msg.entry)

    def action_start(self) -> None:
        self._open(self.query_one(ScenarioTable).current())

    def _open(self, entry) -> None:
        if entry is None:
            return
        if entry.spec is None:
            self.notify(entry.error or "ошибка в сценарии", title="Сценарий не открывается", severity="error")
            return
        self.app.open_briefing(entry.path)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        action = {"start": self.action_start, "history": self.app.action_history, "board": self.app.action_board,
                  "mode": self.app.action_toggle_mode, "help": self.app.action_help}[event.button.id]
        action()
