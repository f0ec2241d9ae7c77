"""The case card before the call; «Позвонить» waits until the scenario (and morphology) is loaded."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Static

from ..fmt import MODE_TITLES
from ..widgets.briefing_card import BriefingCard


class BriefingScreen(Screen):
    BINDINGS = [
        Binding("enter", "call", "Позвонить", tooltip="Начать звонок"),
        Binding("escape", "back", "Назад", tooltip="К выбору сценария"),
    ]

    @dataclass
    class SpecLoaded(Message, bubble=False):
        spec: object

    @dataclass
    class ScenarioReady(Message, bubble=False):
        scenario: object

    @dataclass
    class LoadFailed(Message, bubble=False):
        error: str

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.scenario = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="brief-body"):
            yield Static("Брифинг перед звонком", classes="section-title")
            yield BriefingCard(id="brief-card")
            yield Static("", id="brief-mode")
        with Horizontal(classes="actions"):
            yield Button("Загрузка словарей…", id="call", variant="success", disabled=True,
                         tooltip="Начать звонок (Enter)")
            yield Button("Назад", id="back", tooltip="К выбору сценария (Esc)")
        yield Footer()

    def on_mount(self) -> None:
        self._show_mode()
        self.watch(self.app, "mode", self._show_mode, init=False)
        self.load()

    def _show_mode(self) -> None:
        g = self.app.group
        if g is not None:
            what = ("без подсказок и без шкал доверия" if self.app.mode == "exam"
                    else "подсказки под полем ввода, справа доверие и давление собеседника")
            text = (f"Группа «{g.title}» ({g.code}): режим «{MODE_TITLES[self.app.mode]}» — {what}. "
                    f"Сценарий, seed {g.seed} и режим одни на всю группу; результат попадёт в её рейтинг.")
        elif self.app.mode == "exam":
            text = "Режим: экзамен — без подсказок и без шкал доверия. Переключить: M на экране выбора или Ctrl+P."
        else:
            text = "Режим: тренировка — подсказки под полем ввода, справа доверие и давление собеседника."
        self.query_one("#brief-mode", Static).update(text)
        self.sub_title = MODE_TITLES[self.app.mode]

    @work(thread=True, exclusive=True, group="scenario", exit_on_error=False)
    def load(self) -> None:
        from scoring.errors import InputError

        from .. import loader
        from ..catalog import load_entry

        entry = load_entry(self.path)
        if entry.spec is None:
            self.post_message(self.LoadFailed(entry.error or "ошибка в сценарии"))
            return
        self.post_message(self.SpecLoaded(entry.spec))
        try:
            scenario = loader.load_full(self.path)
        except InputError as e:
            self.post_message(self.LoadFailed(str(e)))
            return
        self.post_message(self.ScenarioReady(scenario))

    def on_briefing_screen_spec_loaded(self, msg: SpecLoaded) -> None:
        self.query_one(BriefingCard).spec = msg.spec

    def on_briefing_screen_scenario_ready(self, msg: ScenarioReady) -> None:
        self.scenario = msg.scenario
        button = self.query_one("#call", Button)
        button.label = "Позвонить ☎"
        button.disabled = False
        self.query_one("#brief-body").focus()  # arrows/PgDn scroll the card, Enter dials
        g = self.app.group
        if g is not None and g.scenario_digest and g.scenario_digest != msg.scenario.digest:
            self.notify("Файл сценария у вас не тот, что у группы (другая версия): результат сохранится, "
                        "но в рейтинге его сравнят с оговоркой. Обновите программу или сценарий.",
                        title="Другая версия сценария", severity="warning", timeout=12)

    def on_briefing_screen_load_failed(self, msg: LoadFailed) -> None:
        self.query_one("#call", Button).label = "Сценарий с ошибкой"
        self.notify(msg.error, title="Сценарий не загрузился", severity="error", timeout=10)

    def board_scope(self) -> tuple[str | None, str | None]:
        return None, (self.scenario.id if self.scenario is not None else None)

    def action_call(self) -> None:
        if self.scenario is None:
            self.notify("Подождите: загружаются словари и сценарий.")
            return
        self.app.start_call(self.scenario)

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "call":
            self.action_call()
        else:
            self.action_back()
