"""«Как вас зовут?»: asked once when `debitorka play` starts without --name; the answer goes with
every result into the store (and the leaderboard), and is remembered in the data dir."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static


class NameScreen(ModalScreen[str | None]):
    DEFAULT_CSS = """
    NameScreen { align: center middle; }
    #name-box {
        width: 64;
        max-width: 100%;
        height: auto;
        padding: 1 2;
        background: $panel;
        border: round $primary;
    }
    #name-box .section-title { padding: 0; }
    #name-hint { color: $text-muted; margin-bottom: 1; }
    #name-box Input { margin-bottom: 1; }
    #name-buttons { height: auto; align-horizontal: right; }
    #name-buttons Button { margin-left: 1; min-width: 10; }
    """
    BINDINGS = [Binding("escape", "skip", "Без имени", tooltip="Оставить как есть; сменить имя: Ctrl+P")]

    def __init__(self, default: str = "", *, remember: bool = True) -> None:
        super().__init__()
        self.default = default
        self.remember = remember

    def compose(self) -> ComposeResult:
        where = "Программа запомнит его на этом компьютере; сменить — Ctrl+P → «Сменить имя»." if self.remember \
            else "Сменить потом — Ctrl+P → «Сменить имя»."
        with Vertical(id="name-box"):
            yield Label("Как вас зовут?", classes="section-title")
            yield Static(f"Имя сохраняется с каждым результатом и видно в рейтинге. {where}",
                         id="name-hint", markup=False)
            yield Input(self.default, placeholder="Имя и фамилия", id="name-input", max_length=100)
            with Horizontal(id="name-buttons"):
                yield Button("Готово", id="name-ok", variant="primary", tooltip="Сохранить имя (Enter)")
                yield Button("Без имени", id="name-skip", tooltip="Не указывать (Esc)")

    def on_mount(self) -> None:
        inp = self.query_one(Input)
        inp.cursor_blink = self.app.config.cursor_blink
        inp.focus()

    @on(Input.Submitted, "#name-input")
    def _submitted(self) -> None:
        self.action_ok()

    def action_ok(self) -> None:
        self.dismiss(self.query_one(Input).value)

    def action_skip(self) -> None:
        self.dismiss(None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "name-ok":
            self.action_ok()
        else:
            self.action_skip()
