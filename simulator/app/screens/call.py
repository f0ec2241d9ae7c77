"""The call: conversation log, input with coaching, side panel with persona, meters and case facts."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Input

from ..fmt import MODE_TITLES
from ..widgets.case_facts import CaseFacts
from ..widgets.chat_log import ChatLog
from ..widgets.coach_hints import CoachHints
from ..widgets.meter import Meter
from ..widgets.persona_card import PersonaCard


class CallScreen(Screen):
    BINDINGS = [
        Binding("enter", "send", "Отправить", tooltip="Отправить реплику (или кнопка «Отправить»)"),
        Binding("ctrl+o", "hang_up", "Завершить звонок", key_display="^o",
                tooltip="Положить трубку; звонок получит концовку и оценку"),
        Binding("ctrl+o", "report", "Разбор звонка", key_display="^o", tooltip="Открыть оценку звонка"),
    ]

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "hang_up":
            return not self.finished
        if action == "report":
            return self.finished
        return True

    @dataclass
    class Opened(Message, bubble=False):
        turns: list  # [{"speaker", "name", "text"}]
        state: dict
        turns_left: int
        speaker: str | None

    @dataclass
    class TurnPlayed(Message, bubble=False):
        reply: object
        state: dict
        turns_left: int
        speaker: str | None
        result: object | None  # a CallResult once the call has ended
        save_error: str | None = None

    @dataclass
    class HintsShown(Message, bubble=False):
        draft: str
        hints: list

    def __init__(self, scenario, *, seed: int, mode: str = "practice", session=None, record=None) -> None:
        super().__init__(classes=f"-{mode}")
        self.scenario = scenario
        self.seed = seed
        self.mode = mode
        self.session = session
        self.record = record
        self.result = None
        self.busy = True  # until the persona picks up

    @property
    def finished(self) -> bool:
        return self.result is not None

    @property
    def practice(self) -> bool:
        return self.mode != "exam"

    def compose(self) -> ComposeResult:
        spec = self.scenario.spec
        yield Header()
        with Horizontal(id="call-body"):
            with Vertical(id="call-main"):
                yield ChatLog(id="log")
                if self.practice:
                    yield CoachHints(id="hints")
                with Horizontal(id="compose"):
                    yield Input(placeholder="Ваша реплика… Enter — отправить", id="say", max_length=1000)
                    yield Button("Отправить", id="send", variant="primary", tooltip="Отправить реплику (Enter)")
            with VerticalScroll(id="call-side"):
                yield PersonaCard(spec, id="persona")
                if self.practice:
                    v = spec.state.vars
                    yield Meter("Доверие", v["trust"].start, lo=v["trust"].min, hi=v["trust"].max, id="trust")
                    yield Meter("Давление", v["pressure"].start, lo=v["pressure"].min, hi=v["pressure"].max,
                                id="pressure")
                yield CaseFacts(spec, spec.turn_limit, id="facts")
                yield Button("Завершить звонок", id="hang-up", variant="error", compact=True,
                             tooltip="Положить трубку (Ctrl+O)")
                yield Button("Разбор звонка ▶", id="to-report", variant="success", compact=True,
                             tooltip="Открыть оценку (Enter)")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"{self.scenario.spec.title} · {MODE_TITLES[self.mode]}"
        inp = self.query_one("#say", Input)
        inp.cursor_blink = self.app.config.cursor_blink
        inp.focus()
        self.query_one("#to-report").display = False
        self._open()

    # -- workers (the Session is only touched here, one at a time) ------------------------------
    @work(thread=True, group="call", exit_on_error=False)
    def _open(self) -> None:
        from simulator import sessions
        from simulator.engine import Session

        app = self.app
        if self.session is None:
            self.session = Session(self.scenario, seed=self.seed)
            opening = self.session.opening()
            self.record = sessions.new_record(self.session, opening.lines, mode=self.mode,
                                              name=app.config.name, group=app.group_code, now=app.now)
            error = self._save()
        else:
            error = None
        s = self.session
        self.post_message(self.Opened(list(self.record.turns), dict(s.state), s.turns_left, self._speaker()))
        if error:
            self.app.call_from_thread(self._save_failed, error)

    @work(thread=True, group="call", exit_on_error=False)
    def _play(self, text: str | None) -> None:
        from simulator import sessions

        from ..results import from_session

        s = self.session
        reply = s.hang_up() if text is None else s.say(text)
        sessions.sync(self.record, s, hung_up=True if text is None else None, now=self.app.now)
        error = self._save()
        result = from_session(s, self.record) if s.finished else None
        self.post_message(self.TurnPlayed(reply, dict(s.state), s.turns_left, self._speaker(), result, error))

    def _speaker(self) -> str | None:
        spec = self.scenario.spec
        return spec.nodes[self.session.node].speaker or next(iter(spec.speakers))

    def _save(self) -> str | None:
        from simulator import sessions

        try:
            sessions.save(self.record, sessions.sessions_dir(self.app.data_dir))
        except OSError as e:
            return f"{e.strerror or e}"
        return None

    def _save_failed(self, error: str) -> None:
        self.notify(f"Не удалось сохранить звонок: {error}", severity="error")

    # -- message handlers ----------------------------------------------------------------------
    def on_call_screen_opened(self, msg: Opened) -> None:
        log = self.query_one(ChatLog)
        for t in msg.turns:
            if t["speaker"] == "trainee":
                log.add("trainee", "Вы", t["text"])
            else:
                log.add("persona", t["name"], t["text"])
        self._update_side(msg.state, msg.turns_left, msg.speaker)
        self.busy = False

    def on_call_screen_turn_played(self, msg: TurnPlayed) -> None:
        log = self.query_one(ChatLog)
        reply = msg.reply
        if reply.notice:
            log.add("note", "", reply.notice)
        for _, name, text in reply.lines:
            log.add("persona", name, text)
        self._update_side(msg.state, msg.turns_left, msg.speaker)
        if msg.save_error:
            self._save_failed(msg.save_error)
        self.busy = False
        if msg.result is not None:
            self._finish(msg.result)
            self.app.keep_result(self.session, self.record)

    def _update_side(self, state: dict, turns_left: int, speaker: str | None) -> None:
        if self.practice:
            self.query_one("#trust", Meter).value = float(state["trust"])
            self.query_one("#pressure", Meter).value = float(state["pressure"])
        self.query_one(CaseFacts).turns_left = turns_left
        self.query_one(PersonaCard).show(speaker)

    def _finish(self, result) -> None:
        from ..fmt import KIND_TITLES

        self.result = result
        e = result.outcome.ending
        self.query_one(ChatLog).add("ending", "", f"Звонок завершён: {e.title} ({KIND_TITLES.get(e.kind, e.kind)})")
        inp = self.query_one("#say", Input)
        inp.disabled = True
        inp.placeholder = "Звонок завершён"
        self.query_one("#send", Button).disabled = True
        self.query_one("#hang-up").display = False
        button = self.query_one("#to-report", Button)
        button.display = True
        button.focus()
        self.refresh_bindings()
        if self.practice:
            self.query_one(CoachHints).show([])

    # -- input and coaching --------------------------------------------------------------------
    @on(Input.Submitted, "#say")
    def _submitted(self, event: Input.Submitted) -> None:
        self.send()

    def send(self) -> None:
        inp = self.query_one("#say", Input)
        text = " ".join(inp.value.split())
        if self.finished or not text:
            return
        if self.busy:
            self.notify("Дождитесь ответа собеседника.", timeout=2)
            return
        self.busy = True
        self.query_one(ChatLog).add("trainee", "Вы", text)
        inp.value = ""
        self._play(text)

    @on(Input.Changed, "#say")
    def _changed(self, event: Input.Changed) -> None:
        if self.practice:
            self._coach(event.value)

    @work(exclusive=True, group="hints", exit_on_error=False)
    async def _coach(self, draft: str) -> None:
        from ..coaching import hints

        if draft.strip():
            await asyncio.sleep(self.app.config.hint_delay)
            turn = self.session.trainee_turns if self.session is not None else None
            found = await asyncio.to_thread(hints, draft, self.scenario, turn)
        else:
            found = []
        self.query_one(CoachHints).show(found)
        self.post_message(self.HintsShown(draft, found))

    # -- actions -------------------------------------------------------------------------------
    def action_send(self) -> None:
        if self.finished:
            self.action_report()
        else:
            self.send()

    def action_hang_up(self) -> None:
        if self.finished:
            self.action_report()
            return
        if self.busy:
            self.notify("Дождитесь ответа собеседника.", timeout=2)
            return
        self.busy = True
        self.query_one(ChatLog).add("note", "", "Вы завершаете звонок.")
        self._play(None)

    def board_scope(self) -> tuple[str | None, str | None]:
        if self.record is not None and self.record.group:
            return self.record.group, None
        return None, self.scenario.id

    def action_report(self) -> None:
        if self.result is not None:
            self.app.show_report(self.result)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"send": self.send, "hang-up": self.action_hang_up, "to-report": self.action_report}[event.button.id]()
