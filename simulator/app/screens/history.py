"""History: past calls on this machine; open a report, resume or score an unfinished call."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Static

from ..fmt import MODE_TITLES, plural
from ..widgets.session_table import SessionTable


class HistoryScreen(Screen):
    BINDINGS = [
        Binding("enter", "open", "Открыть", tooltip="Разбор звонка (незавершённый — продолжить)"),
        Binding("c", "resume", "Продолжить", tooltip="Продолжить незавершённый звонок"),
        Binding("o", "score", "Оценить", tooltip="Разбор звонка как есть"),
        Binding("escape", "back", "Назад"),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        records: list

    @dataclass
    class Ready(Message, bubble=False):
        kind: str  # "report" | "resume" | "error"
        payload: object

    def __init__(self) -> None:
        super().__init__()
        self.records: list = []
        self.current = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("Звонки на этом компьютере", classes="section-title", id="history-title")
        yield SessionTable(id="sessions")
        yield Static("", id="history-detail", markup=False)
        with Horizontal(classes="actions"):
            yield Button("Открыть разбор", id="score", variant="primary", disabled=True, tooltip="Оценка звонка (O)")
            yield Button("Продолжить звонок", id="resume", disabled=True, tooltip="Незавершённый звонок (C)")
            yield Button("Назад", id="back", tooltip="Назад (Esc)")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "история"
        self.query_one(SessionTable).focus()
        self.load()

    @work(thread=True, exclusive=True, group="history", exit_on_error=False)
    def load(self) -> None:
        from simulator import sessions

        self.post_message(self.Loaded(sessions.list_sessions(sessions.sessions_dir(self.app.data_dir))))

    def on_history_screen_loaded(self, msg: Loaded) -> None:
        self.records = msg.records
        table = self.query_one(SessionTable)
        table.set_records(msg.records)
        table.focus()
        if not msg.records:
            self.query_one("#history-detail", Static).update("Звонков пока нет. Начните первый на экране выбора.")

    @on(SessionTable.Highlighted)
    def _highlighted(self, msg: SessionTable.Highlighted) -> None:
        r = self.current = msg.record
        if r is None:
            return
        when = f"{r.started_at:%d.%m.%Y %H:%M}"
        who = (f" · {r.name}" if r.name else "") + (f" · группа {r.group}" if r.group else "")
        if r.is_finished:
            state = f"завершён: {(r.ending or {}).get('title', '')}, итог {r.score}"
        else:
            n = len(r.trainee_lines)
            state = (f"не завершён — {n} {plural(n, 'реплика', 'реплики', 'реплик')}; "
                     "можно продолжить или оценить как есть")
        self.query_one("#history-detail", Static).update(
            f"{r.scenario_title} ({r.scenario}) · {MODE_TITLES.get(r.mode, r.mode)} · seed {r.seed}{who}\n"
            f"{when} · {state}")
        score = self.query_one("#score", Button)
        score.disabled = False
        score.label = "Открыть разбор" if r.is_finished else "Оценить как есть"
        self.query_one("#resume", Button).disabled = r.is_finished

    @on(SessionTable.Chosen)
    def _chosen(self, msg: SessionTable.Chosen) -> None:
        self.current = msg.record
        self.action_open()

    def action_open(self) -> None:
        if self.current is None:
            return
        if self.current.is_finished:
            self.action_score()
        else:
            self.action_resume()

    def action_score(self) -> None:
        if self.current is not None:
            self._build("report", self.current)

    def action_resume(self) -> None:
        if self.current is not None and not self.current.is_finished:
            self._build("resume", self.current)

    def action_back(self) -> None:
        self.app.pop_screen()

    @work(thread=True, exclusive=True, group="history-open", exit_on_error=False)
    def _build(self, kind: str, record) -> None:
        from simulator import sessions

        from .. import loader, results

        try:
            if kind == "report":
                self.post_message(self.Ready("report", results.from_record(record)))
                return
            scenario = loader.load_full(sessions.load_scenario_for(record).path)
            if not sessions.matches_scenario(record, scenario):
                raise sessions.SessionError("сценарий изменился после этого звонка — продолжить нельзя, "
                                            "но можно оценить как есть")
            session = sessions.resume(record, scenario)
            self.post_message(self.Ready("resume", (scenario, session, record)))
        except Exception as e:  # noqa: BLE001 - shown to the trainee
            self.post_message(self.Ready("error", str(e)))

    def on_history_screen_ready(self, msg: Ready) -> None:
        if msg.kind == "report":
            self.app.show_report(msg.payload, replace=False)
        elif msg.kind == "resume":
            self.app.resume_call(*msg.payload)
        else:
            self.notify(msg.payload, title="Не получилось", severity="error", timeout=8)

    def on_screen_resume(self) -> None:
        if self.records:
            self.load()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"score": self.action_score, "resume": self.action_resume, "back": self.action_back}[event.button.id]()
