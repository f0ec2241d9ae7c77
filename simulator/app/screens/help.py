"""F1: keys, modes and every rule of the rulebook in use."""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Markdown

from ..helptext import help_markdown


class HelpScreen(Screen):
    BINDINGS = [Binding("escape", "close", "Закрыть"), Binding("f1", "close", "Закрыть", show=False)]

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help-body"):
            yield Markdown(help_markdown(self._rulebook_now()), id="help-text")
        with Horizontal(classes="actions"):
            yield Button("Закрыть", id="close", variant="primary", tooltip="Закрыть справку (Esc)")
        yield Footer()

    def _rulebook_now(self):
        """The rules of the scenario on screen, else the default ones if already loaded."""
        from .. import loader

        for screen in reversed(self.app.screen_stack):
            sc = getattr(screen, "scenario", None)
            if sc is not None and hasattr(sc, "rulebook"):
                return sc.rulebook
        return loader.default_if_loaded()

    def on_mount(self) -> None:
        self.sub_title = "справка"
        self.query_one("#help-body").focus()
        if self._rulebook_now() is None:
            self._load_rules()

    @work(thread=True, exclusive=True, group="help", exit_on_error=False)
    def _load_rules(self) -> None:
        from .. import loader

        rb = loader.warm_up()
        self.app.call_from_thread(self.query_one("#help-text", Markdown).update, help_markdown(rb))

    def action_close(self) -> None:
        self.app.pop_screen()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_close()
