"""The leaderboard of a group (or of one scenario): ranks, the rules the group fails most, who improved.

Refreshes itself every few seconds (AppConfig.board_interval) from the results store, so a trainer's
screen follows a class as results arrive from other machines. Queries run in a thread worker; the
table is updated in place (no flicker, the cursor stays on its row).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, Static

from ..widgets.board_table import BoardTable
from ..widgets.rule_bars import RuleBars

TOP_RULES = 5  # on a wide screen; 3 below the table on a narrow one


def _heading(b) -> str:
    """«Группа «Поток 3» (K7M2Q) · Звонок в «Луч» · seed 7 · тренировка» (the scenario id only as a fallback)."""
    from ..fmt import MODE_TITLES

    title = b.scenario_title or b.scenario
    if b.group is None:
        return f"Сценарий «{title}» ({b.scenario}) · все участники"
    g = b.group
    return f"«{g.title}» ({g.code}) · {title} · seed {g.seed} · {MODE_TITLES.get(g.mode, g.mode)}"


class LeaderboardScreen(Screen):
    BINDINGS = [
        Binding("escape", "back", "Назад"),
        Binding("r", "reload", "Обновить", tooltip="Обновить сейчас (и так обновляется каждые несколько секунд)"),
        Binding("n", "next_board", "Другой сценарий", tooltip="Рейтинг следующего сценария"),
        Binding("b", "back", "Назад", show=False),
    ]

    @dataclass
    class Loaded(Message, bubble=False):
        boards: list | None  # [simulator.store.Board]; None on error
        error: str | None = None

    def __init__(self, group: str | None = None, scenario: str | None = None) -> None:
        super().__init__()
        self.group = group
        self.scenario = scenario
        self.boards: list = []
        self.shown: str | None = None  # the scenario id on screen
        self.error: str | None = None
        self.loads = 0  # finished loads (tests wait on it)
        self._store = None
        self._busy = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Рейтинг", id="board-title", classes="section-title", markup=False)
        yield Static("Загрузка…", id="board-facts", markup=False)
        with Container(id="board-body"):
            yield BoardTable(id="board-table")
            with VerticalScroll(id="board-side"):
                yield Label("Чаще всего нарушают", classes="section-title")
                yield RuleBars(id="board-rules")
                yield Label("Больше всех выросли", classes="section-title")
                yield Static("", id="board-improved", markup=False)
        with Horizontal(classes="actions"):
            yield Button("Обновить", id="reload", variant="primary", tooltip="Обновить сейчас (R)")
            yield Button("Другой сценарий", id="next", tooltip="Рейтинг следующего сценария (N)")
            yield Button("Назад", id="back", tooltip="Назад (Esc)")
        yield Footer()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "next_board":
            return len(self.boards) > 1
        return True

    def on_mount(self) -> None:
        self.sub_title = "рейтинг"
        self.query_one("#next").display = False
        self.query_one(BoardTable).focus()
        self._tick()
        self.set_interval(self.app.config.board_interval, self._tick)

    def on_unmount(self) -> None:
        store, self._store = self._store, None
        if store is not None:
            store.close()

    # -- loading --------------------------------------------------------------------------------
    def _tick(self) -> None:
        if not self._busy:  # a slow server: never pile up queries
            self._busy = True
            self.load()

    @work(thread=True, group="board", exit_on_error=False)
    def load(self) -> None:
        from scoring.errors import InputError
        from simulator.store import open_store

        try:
            if self._store is None:
                self._store = open_store(self.app.store_url())
            boards = self._store.summary(group=self.group, scenario=self.scenario, improved=5)
        except InputError as e:
            store, self._store = self._store, None
            if store is not None:
                store.close()
            self.post_message(self.Loaded(None, str(e)))
            return
        self.post_message(self.Loaded(boards))

    def on_leaderboard_screen_loaded(self, msg: Loaded) -> None:
        self._busy = False
        self.loads += 1
        if msg.error is not None:
            if msg.error != self.error:
                self.notify(msg.error, title="База результатов недоступна", severity="error", timeout=10)
            self.error = msg.error
            self.query_one("#board-facts", Static).update(f"⚠ {msg.error}. Пробую снова…")
            return
        self.error = None
        self.boards = msg.boards  # one per scenario, by id
        self.refresh_bindings()
        self.query_one("#next").display = len(self.boards) > 1
        if self.shown not in [b.scenario for b in self.boards]:  # first load: the busiest scenario
            self.shown = min(self.boards, key=lambda b: (-b.attempts, b.scenario)).scenario if self.boards else None
        self._show()

    # -- showing --------------------------------------------------------------------------------
    def _board(self):
        return next((b for b in self.boards if b.scenario == self.shown), None)

    def _show(self) -> None:
        from simulator.store.render import attempts_word, notes
        from simulator.store.schema import trainee_key

        from ..fmt import plural

        b = self._board()
        table = self.query_one(BoardTable)
        me = trainee_key(self.app.trainee) if self.app.trainee else None
        if b is None:
            what = f"сценарию {self.scenario}" if self.scenario else "этой базе"
            self._set("#board-title", "Рейтинг")
            self._set("#board-facts", f"По {what} пока нет ни одного результата. Обновляется сам.")
            table.show([], me)
            self.query_one(RuleBars).stats = []
            self._set("#board-improved", "—")
            return
        n = len(b.entries)
        facts = (f"Попыток: {b.attempts}, {n} {plural(n, 'участник', 'участника', 'участников')}"
                 f" · обновлено {self.app.now():%H:%M:%S}")
        if len(self.boards) > 1:
            facts += f" · сценарий {self.boards.index(b) + 1} из {len(self.boards)} (N — следующий)"
        for note in notes(b):
            facts += "\n" + note
        self._set("#board-title", _heading(b))
        self._set("#board-facts", facts)
        table.show(b.entries, me)
        stats = [s for s in b.rules if s.failed][:TOP_RULES if self.has_class("-wide") else 3]
        bars = self.query_one(RuleBars)
        if [(s.rule_id, s.failed, s.attempts, s.title) for s in stats] != \
                [(s.rule_id, s.failed, s.attempts, s.title) for s in bars.stats]:
            bars.stats = stats
        improved = "\n".join(
            f"{i.name or 'без имени'}: {i.first} → {i.best} (+{i.delta}, {i.attempts} {attempts_word(i.attempts)})"
            for i in b.improved) or "Пока никто не улучшил первую попытку."
        self._set("#board-improved", improved)

    def on_resize(self) -> None:
        if self.boards:  # narrow ↔ wide: how many rules fit
            self.call_after_refresh(self._show)

    def _set(self, selector: str, text: str) -> None:
        w = self.query_one(selector, Static)
        if str(w.content) != text:
            w.update(text)

    # -- actions --------------------------------------------------------------------------------
    def board_scope(self) -> tuple[str | None, str | None]:
        return self.group, self.scenario

    def action_reload(self) -> None:
        self._tick()

    def action_next_board(self) -> None:
        if len(self.boards) < 2:
            return
        ids = [b.scenario for b in self.boards]
        self.shown = ids[(ids.index(self.shown) + 1) % len(ids)] if self.shown in ids else ids[0]
        self.query_one(BoardTable).keys = []  # another scenario: rebuild the rows
        self._show()

    def action_back(self) -> None:
        self.app.pop_screen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"reload": self.action_reload, "next": self.action_next_board, "back": self.action_back}[event.button.id]()
