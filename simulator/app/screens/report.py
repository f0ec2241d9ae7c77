"""The report: score, axes, ending with the persona's hidden limits, trust over time, every rule."""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Static

from ..fmt import AXES, AXIS_TITLES, MODE_TITLES
from ..widgets.ending_card import EndingCard
from ..widgets.rule_result import RuleResultView
from ..widgets.score_board import ScoreBoard
from ..widgets.trust_chart import TrustChart


class ReportScreen(Screen):
    BINDINGS = [
        Binding("r", "retry", "Ещё раз", tooltip="Тот же сценарий с тем же seed"),
        Binding("n", "another", "Другой сценарий", tooltip="К выбору сценария"),
        Binding("s", "save", "Сохранить", tooltip="Разбор в JSON и Markdown, расшифровка в текст"),
        Binding("b", "app.board", "Рейтинг", tooltip="Рейтинг группы или сценария: лучшие попытки, частые ошибки"),
        Binding("escape", "back", "Назад"),
    ]

    @dataclass
    class Saved(Message, bubble=False):
        paths: list
        error: str | None = None

    def __init__(self, result) -> None:
        super().__init__()
        self.result = result
        self.saved: list = []

    def compose(self) -> ComposeResult:
        from scoring.render import commitment_line

        r = self.result
        report = r.report
        yield Header()
        with VerticalScroll(id="report-body"):
            yield Static(f"{r.title} · {MODE_TITLES.get(r.mode, r.mode)} · seed {r.seed}", id="report-title",
                         markup=False)
            group = self._group_line()
            if group:
                yield Static(group, id="report-group", markup=False)
            if r.notice:
                yield Static(r.notice, id="report-notice", markup=False)
            with Horizontal(id="report-top"):
                yield ScoreBoard(report.score, report.axes, id="score")
                yield EndingCard(r.outcome, fallback=r.record.ending, id="ending")
            yield TrustChart(r.trust_history, id="trust-chart")
            yield Static(commitment_line(report), id="commitment", markup=False)
            yield Static("", id="saved", markup=False)
            yield Static("", id="kept", markup=False)
            for axis in AXES:
                results = [x for x in report.results if x.rule.axis == axis]
                if not results:
                    continue
                yield Label(f"{AXIS_TITLES[axis]} — {report.axes[axis]}", classes="section-title axis-title")
                for res in sorted(results, key=lambda x: x.passed):
                    yield RuleResultView(res, report)
        with Horizontal(classes="actions"):
            yield Button("Ещё раз", id="retry", variant="primary", tooltip="Тот же сценарий, тот же seed (R)",
                         disabled=r.scenario is None)
            yield Button("Другой сценарий", id="another", tooltip="К выбору сценария (N)")
            yield Button("Сохранить", id="save", tooltip="JSON + Markdown + расшифровка (S)")
            yield Button("Рейтинг", id="board", tooltip="Рейтинг группы или сценария (B)")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "разбор звонка"
        self.query_one("#saved").display = False
        kept = self.app.kept.get(self.result.record.id)
        if kept is not None:
            self.show_kept(kept)
        else:
            self.query_one("#kept").display = False
        self.query_one("#report-body").focus()

    def _group_line(self) -> str | None:
        """«Группа «Поток 3» (K7M2Q)» for a call played in a class."""
        code = self.result.record.group
        if not code:
            return None
        g = self.app.group
        if g is not None and g.code == code:
            return f"Группа «{g.title}» ({g.code}) · результат идёт в рейтинг группы (B)"
        return f"Группа {code}"

    def show_kept(self, saved) -> None:
        """Where the result went (the shared store, or a local fallback and what to do about it)."""
        box = self.query_one("#kept", Static)
        box.update(saved.message)
        box.set_class(bool(saved.fallback), "-fallback")
        box.display = True

    def board_scope(self) -> tuple[str | None, str | None]:
        rec = self.result.record
        return (rec.group, None) if rec.group else (None, rec.scenario)

    def action_retry(self) -> None:
        r = self.result
        if r.scenario is None:
            self.notify("Сценарий этого звонка недоступен.", severity="error")
            return
        self.app.start_call(r.scenario, seed=r.seed, mode=r.mode)

    def action_another(self) -> None:
        self.app.go_home()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_save(self) -> None:
        self._export()

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(self) -> None:
        from simulator import sessions

        r = self.result
        try:
            paths = list(sessions.export(r.record, r.report, r.outcome, sessions.exports_dir(self.app.data_dir)))
        except OSError as e:
            self.post_message(self.Saved([], f"{e.strerror or e}"))
            return
        self.post_message(self.Saved(paths))

    def on_report_screen_saved(self, msg: Saved) -> None:
        if msg.error:
            self.notify(f"Не удалось сохранить: {msg.error}", severity="error")
            return
        self.saved = msg.paths
        box = self.query_one("#saved", Static)
        box.update("Сохранено:\n" + "\n".join(f"  {p}" for p in msg.paths))
        box.display = True
        self.notify("Разбор и расшифровка сохранены; пути — в разборе, под договорённостью.", title="Сохранено")
        self.query_one("#report-body", VerticalScroll).scroll_to_widget(box, animate=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"retry": self.action_retry, "another": self.action_another, "save": self.action_save,
         "board": self.app.action_board}[event.button.id]()
